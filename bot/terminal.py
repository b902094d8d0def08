"""An edge for the command line: every delivery becomes a line (or the whole message) on the terminal.

A message's charts are written as PNG files to ``chart_dir`` (OKRBOT_CHART_DIR) and named by their path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.console_render import chart_line, render, terminal_safe
from bot.messages import Message
from handlers.ports import Recipient

CHART_DIR = Path("charts")


def save_charts(message: Message, directory: Path) -> dict[str, Path]:
    """Write each chart of ``message`` into ``directory`` (made when missing); its filename -> the file written.

    Only the file name of a chart is used: a name with folders or dots in front stays inside ``directory``."""
    if not message.charts:
        return {}
    directory.mkdir(parents=True, exist_ok=True)
    written = {}
    for chart in message.charts:
        path = directory / (Path(chart.filename).name.lstrip(".") or "chart.png")
        path.write_bytes(chart.png)
        written[chart.filename] = path
    return written


@dataclass
class TerminalMessenger:
    write: Callable[[str], None]
    full: bool = False
    chart_dir: Path = CHART_DIR
    posted: int = 0

    async def send(self, recipient: Recipient, message: Message) -> None:
        self.write(terminal_safe(f"→ {recipient.name} ({recipient.platform_user_id}): {message.kind}"))
        self._show(message, save_charts(message, self.chart_dir))

    async def post(self, channel: str, message: Message) -> str:
        """One line for the post (the whole of it with ``full``); the handle is ``#channel/n``."""
        self.posted += 1
        self.write(terminal_safe(f"#{channel}: {message.kind}"))
        self._show(message, save_charts(message, self.chart_dir))
        return f"#{channel}/{self.posted}"

    async def update(self, channel: str, handle: str, message: Message) -> None:
        """The edited post, marked as such; its charts were written with the post."""
        self.write(terminal_safe(f"#{channel}: {message.kind} (updated {handle})"))
        self._show(message, {})

    def _show(self, message: Message, charts: dict[str, Path]) -> None:
        if self.full:
            self.write(render(message, charts=charts))
            return
        for chart in message.charts:
            if chart.filename in charts:
                self.write("  " + chart_line(chart, charts[chart.filename]))
