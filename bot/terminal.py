"""An edge for the command line: every delivery becomes a line (or the whole message) on the terminal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.console_render import render
from bot.messages import Message
from handlers.ports import Recipient


@dataclass
class TerminalMessenger:
    write: Callable[[str], None]
    full: bool = False

    async def send(self, recipient: Recipient, message: Message) -> None:
        self.write(f"→ {recipient.name} ({recipient.platform_user_id}): {message.kind}")
        if self.full:
            self.write(render(message))

    async def post(self, channel: str, message: Message) -> None:
        self.write(f"#{channel}: {message.kind}")
        if self.full:
            self.write(render(message))
