"""Neutral messages as Block Kit for chat messages. Pure functions: a Message in, lists of blocks out.

Slack's limits hold whatever the size of an OKR set: at most 50 blocks a message (a long report is split into
pages, a check-in is shortened and points to the form), 3 000 characters a section (long text is split over
sections), 150 a header, 75 a button text. Charts are no blocks: the messenger uploads them as files after the post.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping

from bot.messages import Chart, Choices, KeyResultLine, Message, ScaleQuestion, Text
from prompts import t
from prompts.formatting import bar, measure, percent

MESSAGE_BLOCKS = 50
SECTION_TEXT = 3000
HEADER_TEXT = 150
BUTTON_TEXT = 75
OPTION_TEXT = 75
VALUE_TEXT = 2000
FALLBACK_TEXT = 300
CHECKIN_KINDS = ("checkin", "reminder", "snoozed")

ZWSP = "\u200b"
MARKS = "*_~`"
EMPHASIS = re.compile(r"([*_~`])")
QUOTE = re.compile(r"(?m)^(?=\s*&gt;)")

Block = dict
Unit = list[Block]  # blocks that stay together on one page


def escape(text: str) -> str:
    """Text a person, a model or the org file wrote, as mrkdwn that shows it as typed. Slack treats &, < and > as
    markup (entities, mentions, links), and has no escape for emphasis: a zero-width space after each ``*``, ``_``,
    ``~`` and backtick stops it reading *bold*, _italic_, ~strike~, `code` or a ``` fence, and one before a ``>``
    that starts a line stops a quote. okrbot's own texts use no mrkdwn, so nothing meant is lost."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return QUOTE.sub(ZWSP, EMPHASIS.sub(rf"\1{ZWSP}", text))


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters; a cut never splits an entity that ``escape`` wrote (``&amp;`` stays whole) nor
    leaves an emphasis mark without the zero-width space that keeps it a plain character."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    entity = cut.rfind("&")
    if entity != -1 and ";" not in cut[entity:]:
        cut = cut[:entity]
    return cut.rstrip(MARKS) + "…"


def plain(text: str, limit: int = SECTION_TEXT) -> dict:
    return {"type": "plain_text", "text": clip(text, limit) or " ", "emoji": True}


def mrkdwn(text: str) -> dict:
    return {"type": "mrkdwn", "text": clip(text, SECTION_TEXT) or " "}


def sections(text: str) -> list[Block]:
    """One section per 3 000 characters, split at a line end where there is one."""
    chunks: list[str] = []
    while len(text) > SECTION_TEXT:
        cut = text.rfind("\n", 0, SECTION_TEXT)
        cut = cut if cut > 0 else SECTION_TEXT
        while cut > 1 and text[cut - 1] in MARKS:  # a mark stays with the zero-width space after it
            cut -= 1
        chunks.append(text[:cut])
        text = text[cut:].lstrip("\n")
    chunks.append(text)
    return [{"type": "section", "text": mrkdwn(chunk)} for chunk in chunks if chunk.strip()]


def header(text: str) -> Block:
    if len(text) <= HEADER_TEXT:
        return {"type": "header", "text": plain(text, HEADER_TEXT)}
    return {"type": "section", "text": mrkdwn(f"*{escape(text)}*")}


def context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text)]}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    element = {"type": "button", "text": plain(text, BUTTON_TEXT), "action_id": action_id, "value": value[:VALUE_TEXT]}
    if style:
        element["style"] = style
    return element


def actions(elements: list[dict], block_id: str | None = None) -> Block:
    block = {"type": "actions", "elements": elements[:25]}
    if block_id:
        block["block_id"] = block_id
    return block


def encode(data: Mapping[str, object]) -> str:
    """What a button carries back: the reply's context as compact JSON."""
    return json.dumps({k: str(v) for k, v in data.items()}, separators=(",", ":"), ensure_ascii=False)


def key_result_text(line: KeyResultLine, locale: str) -> str:
    """*NPS rises from 25 to 45*  then  `▓▓▓░░░░░░░` 35% · 32 NPS → target 45 NPS · last confidence 7 (6→5→7)."""
    where = measure(locale, line.value, line.target, escape(line.unit), line.kind)
    parts = [f"`{bar(line.progress)}` {percent(line.progress)}", where]
    if line.confidence is not None:
        trend = " (" + "→".join(map(str, line.trend)) + ")" if len(line.trend) > 1 else ""
        parts.append(t(locale, "slack.confidence_last", confidence=line.confidence) + trend)
    return f"*{escape(line.title)}*\n" + " · ".join(parts)


def fallback_text(message: Message) -> str:
    """The notification text: the message's first line (a chart's title when it has no text), escaped like every
    mrkdwn text: a display name "<!channel>" must not notify a channel."""
    lines = (b.text if isinstance(b, Text) else b.title for b in message.blocks if isinstance(b, Text | Chart))
    first = next(lines, message.kind)
    return clip(escape(first), FALLBACK_TEXT)


def message_pages(message: Message) -> list[list[Block]]:
    """The message as one or more pages of at most 50 blocks; a check-in form always fits on one."""
    parts = list(units(message))
    if is_checkin_form(message):
        return [_shortened(parts, message)]
    pages: list[list[Block]] = [[]]
    for unit in parts:
        if pages[-1] and len(pages[-1]) + len(unit) > MESSAGE_BLOCKS:
            pages.append([])
        pages[-1].extend(unit[:MESSAGE_BLOCKS])
    return [page for page in pages if page] or [[context(fallback_text(message))]]  # already escaped


def is_checkin_form(message: Message) -> bool:
    return message.context.get("kind") == "checkin" and message.kind in CHECKIN_KINDS


def units(message: Message) -> Iterable[Unit]:
    locale, last_line, legend_shown, texts = message.locale, None, False, []
    for block in message.blocks:
        if isinstance(block, Chart):
            continue  # uploaded as a file, not a block; plain texts around it stay one section
        if isinstance(block, Text) and block.style == "plain":
            texts.append(escape(block.text))
            continue
        if texts:
            yield sections("\n".join(texts))
            texts = []
        if isinstance(block, Text):
            yield [_text(block)]
        elif isinstance(block, KeyResultLine):
            last_line = block
            yield [{"type": "section", "text": mrkdwn(key_result_text(block, locale))}]
        elif isinstance(block, ScaleQuestion) and is_checkin_form(message):
            yield _confidence_buttons(block, message, last_line, legend=not legend_shown)
            legend_shown = True
        elif isinstance(block, Choices):
            yield [_choices(block, message)]
    if texts:
        yield sections("\n".join(texts))
    if message.questions and not is_checkin_form(message):
        yield [actions([button(t(locale, "slack.open_form"), f"open_form:{message.kind}", encode(message.context),
                               "primary")])]


def _text(block: Text) -> Block:
    if block.style == "heading":
        return header(block.text)
    if block.style == "error":
        return {"type": "section", "text": mrkdwn(f":warning: {escape(block.text)}")}
    prefix = "↳ " if block.style == "note" else ""
    return context(prefix + escape(block.text))


def _confidence_buttons(question: ScaleQuestion, message: Message, line: KeyResultLine | None,
                        legend: bool) -> Unit:
    kr_id = question.id.split(":")[1]
    last = line.confidence if line and str(line.key_result_id) == kr_id else None
    elements = [
        button(str(n), f"confidence:{n}", encode({**message.context, "kr": kr_id, "confidence": n}),
               "primary" if n == last else None)
        for n in range(question.low, question.high + 1)
    ]
    unit = [actions(elements, block_id=f"confidence:{kr_id}")]
    if legend and question.low_label:
        unit.append(context(t(message.locale, "slack.confidence_legend", low=escape(question.low_label),
                              high=escape(question.high_label))))
    return unit


def _choices(block: Choices, message: Message) -> Block:
    value = encode(message.context)
    elements = []
    if is_checkin_form(message):
        elements.append(button(t(message.locale, "slack.update_values"), "checkin_open", value, "primary"))
    elements += [button(o.label, f"choice:{o.id}", value) for o in block.options]
    return actions(elements, block_id=block.id)


def _shortened(parts: list[Unit], message: Message) -> list[Block]:
    """Every key result that fits keeps its buttons; the rest is one line pointing to the form."""
    if sum(map(len, parts)) <= MESSAGE_BLOCKS:
        return [b for unit in parts for b in unit]
    parts = _with_buttons(parts)
    tail = parts[-1]
    room = MESSAGE_BLOCKS - len(tail) - 1
    kept: list[Block] = []
    for unit in parts[:-1]:
        if len(kept) + len(unit) > room:
            break
        kept.extend(unit)
    shown = sum(1 for b in kept if b.get("block_id", "").startswith("confidence:"))
    hidden = sum(1 for q in message.questions if isinstance(q, ScaleQuestion)) - shown
    note = context(t(message.locale, "slack.more_key_results", n=hidden))
    return [*kept, note, *tail]


def _with_buttons(parts: list[Unit]) -> list[Unit]:
    """A key result's line and its confidence buttons are one unit: never one without the other."""
    merged: list[Unit] = []
    for unit in parts:
        if merged and unit[0].get("block_id", "").startswith("confidence:"):
            merged[-1] = merged[-1] + unit
        else:
            merged.append(unit)
    return merged
