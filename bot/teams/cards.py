"""Neutral messages as Adaptive Cards 1.5, the version Teams renders. Pure: message in, card dict out.

A form's answers come back as an ``Action.Submit`` whose data names what it answers (``okrbot``: the action and the
message's context) next to the inputs, which keep the form's own field ids (``kr:12:confidence``...).
"""

from __future__ import annotations

import re
from typing import Any

from bot.messages import (
    Choices,
    FreeText,
    KeyResultLine,
    Message,
    NumberQuestion,
    Option,
    Question,
    ScaleQuestion,
    SelectQuestion,
    Text,
)
from handlers.ids import as_id
from prompts import t
from prompts.formatting import measure, percent

VERSION = "1.5"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
META = "okrbot"  # the data key of every action; the inputs sit next to it
AWAY_INPUT = "away_until"
LONG_TEXT = 200
PLAIN_NUMBER = re.compile(r"-?\d{1,12}(\.\d{1,6})?")
COMMAND_LINE = re.compile(r"^\s+(\S.*?)\s{2,}(\S.*)$")
TEXT_STYLES: dict[str, dict[str, Any]] = {
    "heading": {"weight": "Bolder", "size": "Medium"},
    "muted": {"isSubtle": True},
    "error": {"color": "Attention"},
    "note": {"isSubtle": True, "size": "Small"},
}
Element = dict[str, Any]


def adaptive_card(message: Message) -> Element:
    """The whole message as one card: texts, key results, inputs with typed values and messages, and actions."""
    milestones = {b.key_result_id for b in message.blocks if isinstance(b, KeyResultLine) and b.kind == "milestone"}
    body: list[Element] = []
    actions: list[Element] = []
    for block in message.blocks:
        if isinstance(block, Choices):
            actions.extend(choice_action(option, message) for option in block.options)
        elif isinstance(block, Question):
            body.extend(_question(block, message, milestones))
        else:
            body.extend(_text_elements(block, message.locale))
    body[1:1] = [_text_block(error, "error") for error in _loose_errors(message)]
    if message.questions:
        actions.insert(0, submit_action(t(message.locale, "teams.send"), message, "submit", style="positive"))
    card: Element = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION, "body": body,
                     "fallbackText": t(message.locale, "teams.fallback")}
    if actions:
        card["actions"] = actions
    return card


def is_plain(message: Message) -> bool:
    """A message of single-line texts reads best as an ordinary chat message; anything else becomes a card."""
    return all(isinstance(b, Text) and "\n" not in b.text for b in message.blocks)


def plain_text(message: Message) -> str:
    return "\n\n".join(literal(b.text) for b in message.blocks if isinstance(b, Text))


ZWSP = "\u200b"
LINK = re.compile(r"\]\s*\(")
EMPHASIS = re.compile(r"([*_~`])")


def literal(text: str) -> str:
    """Text for Teams' markdown that shows as typed: no words a person, a model or the org file wrote become a link
    with a disguised target ("[login here](https://…)": the address shows instead) or bold, italic or code. An
    invisible zero-width space splits the markup; okrbot's own texts use no markdown."""
    return EMPHASIS.sub(rf"\1{ZWSP}", LINK.sub(f"]{ZWSP}(", text))


def submit_action(title: str, message: Message, action: str, *, style: str | None = None,
                  inputs: str = "auto", **extra: str) -> Element:
    data = {META: {"action": action, "context": dict(message.context), **extra}}
    element: Element = {"type": "Action.Submit", "title": title, "data": data, "associatedInputs": inputs}
    if style:
        element["style"] = style
    return element


def choice_action(option: Option, message: Message) -> Element:
    """Snooze and skip send at once without the form's inputs; "away" opens a date picker first."""
    if option.id != "away":
        return submit_action(option.label, message, "choice", inputs="none", option=option.id)
    picker = {"type": "Input.Date", "id": AWAY_INPUT, "label": t(message.locale, "teams.away_until"),
              "isRequired": True}
    confirm = submit_action(t(message.locale, "teams.away_confirm"), message, "away")
    return {"type": "Action.ShowCard", "title": option.label,
            "card": {"type": "AdaptiveCard", "body": [picker], "actions": [confirm]}}


def _text_elements(block: Text | KeyResultLine, locale: str) -> list[Element]:
    if isinstance(block, KeyResultLine):
        return [{"type": "Container", "separator": True, "spacing": "Medium", "items": [
            _text_block(block.title, "plain", weight="Bolder"),
            _text_block(key_result_status(block, locale), "muted"),
        ]}]
    lines = block.text.split("\n")
    facts = [COMMAND_LINE.match(line) for line in lines[1:]]
    if len(lines) > 2 and all(facts):  # a command list, like help: a fact set keeps its two columns
        return [_text_block(lines[0], block.style),
                {"type": "FactSet", "facts": [{"title": m[1], "value": m[2]} for m in facts if m]}]
    return [_text_block(block.text, block.style)]


def _text_block(text: str, style: str, **extra: Any) -> Element:
    return {"type": "TextBlock", "text": literal(text), "wrap": True, **TEXT_STYLES.get(style, {}), **extra}


def key_result_status(kr: KeyResultLine, locale: str) -> str:
    """32 NPS → target 45 NPS · 35% · confidence 7 (6→5→7)"""
    parts = [measure(locale, kr.value, kr.target, kr.unit, kr.kind)]
    if kr.kind != "milestone":
        parts.append(percent(kr.progress))
    if kr.confidence is not None:
        trend = f" ({'→'.join(map(str, kr.trend))})" if len(kr.trend) > 1 else ""
        parts.append(t(locale, "teams.confidence_label", confidence=kr.confidence) + trend)
    return " · ".join(parts)


def _question(question: Question, message: Message, milestones: set[int]) -> list[Element]:
    typed = message.values.get(question.id, "") or ""
    if isinstance(question, NumberQuestion):
        element = _number_input(question, typed, message.locale, _is_milestone(question.id, milestones))
    elif isinstance(question, ScaleQuestion):
        options = [(str(n), _scale_title(question, n)) for n in range(question.low, question.high + 1)]
        element = _choice_input(question, options, typed, message.locale)
    elif isinstance(question, SelectQuestion):
        element = _choice_input(question, [(o.id, o.label) for o in question.options], typed, message.locale)
    else:
        element = _text_input(question, typed)
    elements = [element]
    error = message.errors.get(question.id)
    if error:
        if typed and not _shows(element, typed):  # an input that can't show what was typed says it in words
            error = f"{error} {t(message.locale, 'teams.you_typed', value=typed[:80])}"
        elements.append(_text_block(error, "error", spacing="None"))
    return elements


def _shows(element: Element, typed: str) -> bool:
    if element["type"] == "Input.ChoiceSet":
        return typed in {choice["value"] for choice in element["choices"]}
    return str(element.get("value", "")) == typed


def _is_milestone(question_id: str, milestones: set[int]) -> bool:
    parts = question_id.split(":")
    return len(parts) == 3 and parts[0] == "kr" and as_id(parts[1]) in milestones


def _base(question: Question, kind: str) -> Element:
    element: Element = {"type": kind, "id": question.id, "label": question.prompt}
    if not question.optional:
        element["isRequired"] = True
    return element


def _number_input(question: NumberQuestion, typed: str, locale: str, milestone: bool) -> Element:
    if milestone:
        options = [("yes", t(locale, "teams.done")), ("no", t(locale, "teams.not_done"))]
        return _choice_input(question, options, typed, locale)
    if typed and not PLAIN_NUMBER.fullmatch(typed.strip()):
        return {**_base(question, "Input.Text"), "value": typed}  # "3,5" or "abc": shown as typed, never lost
    element = _base(question, "Input.Number")
    if typed:
        value = float(typed)
        element["value"] = int(value) if value.is_integer() else value
    return element


def _choice_input(question: Question, options: list[tuple[str, str]], typed: str, locale: str) -> Element:
    element = _base(question, "Input.ChoiceSet")
    element.update(style="compact", placeholder=t(locale, "teams.choose"),
                   choices=[{"title": title, "value": value} for value, title in options])
    if typed:
        element["value"] = typed
    return element


def _scale_title(question: ScaleQuestion, n: int) -> str:
    label = question.low_label if n == question.low else question.high_label if n == question.high else ""
    return f"{n} – {label}" if label else str(n)


def _text_input(question: FreeText, typed: str) -> Element:
    element = _base(question, "Input.Text")
    element["maxLength"] = question.max_length
    if question.max_length > LONG_TEXT:
        element["isMultiline"] = True
    if typed:
        element["value"] = typed
    return element


def _loose_errors(message: Message) -> list[str]:
    """Messages about no field on the card (nothing answered, a forged key result) go under the heading."""
    ids = {q.id for q in message.questions}
    return [error for key, error in message.errors.items() if key not in ids]
