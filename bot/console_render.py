"""Neutral messages as plain terminal text. Pure: message in, string out."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from bot.messages import Block, Chart, Choices, KeyResultLine, Message, Question, Text
from prompts import t
from prompts.formatting import bar, measure, percent

STYLES = {"heading": "\033[1m{}\033[0m", "muted": "\033[2m{}\033[0m", "error": "\033[31m{}\033[0m"}


def render(message: Message, *, color: bool = False, questions: bool = True,
           charts: Mapping[str, Path] | None = None) -> str:
    """The message as lines of text; questions are listed unless the chat asks them one by one.

    ``charts`` maps a chart's filename to where its PNG was written; a chart not in it shows its title only."""
    lines = []
    for block in message.blocks:
        if isinstance(block, Question) and not questions:
            continue
        if isinstance(block, Chart):
            lines.append(_style(chart_line(block, (charts or {}).get(block.filename)), "muted", color))
            continue
        line = _block(block, message)
        if line is not None:
            lines.append(_style(terminal_safe(line), getattr(block, "style", "plain"), color))
    return "\n".join(lines)


CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """What a person, a model or the org file wrote, as a terminal shows it and never obeys: control characters
    (escape sequences that move the cursor, retitle the window or hide text) are dropped; the renderer adds its own
    colours afterwards."""
    return CONTROL.sub("", text)


def _style(line: str, style: str, color: bool) -> str:
    if style == "note":
        line, style = f"      ↳ {line}", "muted"
    return STYLES[style].format(line) if color and style in STYLES else line


def _block(block: Block, message: Message) -> str | None:
    locale = message.locale
    if isinstance(block, Text):
        return block.text
    if isinstance(block, KeyResultLine):
        return key_result_line(block, locale)
    if isinstance(block, Choices):
        return f"{block.prompt} " + "  ".join(f"[{o.label}]" for o in block.options)
    error = message.errors.get(block.id)
    suffix = f"  ← {error}" if error else ""
    return f"    ? {block.prompt}{suffix}"


def chart_line(chart: Chart, path: Path | None = None) -> str:
    """[chart: Confidence per key result -> charts/support-2026-Q4.png]"""
    return f"[chart: {chart.title} -> {path}]" if path else f"[chart: {chart.title}]"


def key_result_line(kr: KeyResultLine, locale: str) -> str:
    """• NPS stijgt van 25 naar 45   32 NPS → doel 45 NPS  ▓▓▓▓░░░░░░ 35%  vertrouwen 7 (6→5→7)"""
    value = measure(locale, kr.value, kr.target, kr.unit, kr.kind)
    confidence = ""
    if kr.confidence is not None:
        trend = "→".join(map(str, kr.trend)) if len(kr.trend) > 1 else ""
        label = t(locale, "checkin.confidence_prompt").split(" (")[0].lower()
        confidence = f"  {label} {kr.confidence}" + (f" ({trend})" if trend else "")
    return f"  • {kr.title}   {value}  {bar(kr.progress)} {percent(kr.progress)}{confidence}"
