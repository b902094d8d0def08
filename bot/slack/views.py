"""Neutral forms as Slack modals, and progress as the App Home. Pure functions: a Message in, a view out.

A modal holds at most 100 blocks: a check-in with more key results than fit is split over pages, each page saved
on its own. Titles and submit buttons stay within 24 characters, options within 75.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date

from bot.messages import FreeText, KeyResultLine, Message, NumberQuestion, Question, ScaleQuestion, SelectQuestion, Text
from bot.slack.blocks import (
    Block,
    actions,
    button,
    context,
    encode,
    escape,
    header,
    key_result_text,
    mrkdwn,
    plain,
    sections,
    units,
)
from prompts import t
from prompts.formatting import typed_number

VIEW_BLOCKS = 100
TITLE = 24
LABEL = 2000
PLACEHOLDER = 150
OPTIONS = 100
OPTION_VALUE = 150
INPUT_TEXT = 3000
KRS_PER_PAGE = 19  # a key result takes five blocks; 19 leave room for the intro and a note
CHECKIN = "checkin"
OKR_NEW = "okr_new"
FORM = "form"
AWAY = "away"


def metadata(data: Mapping[str, object]) -> str:
    return encode(data)[:3000]


def _modal(callback_id: str, title: str, blocks: list[Block], meta: Mapping[str, object], locale: str,
           submit: str | None = None) -> dict:
    return {
        "type": "modal", "callback_id": callback_id, "title": plain(title, TITLE),
        "submit": plain(submit or t(locale, "slack.submit"), TITLE), "close": plain(t(locale, "slack.close"), TITLE),
        "private_metadata": metadata(meta), "blocks": blocks[:VIEW_BLOCKS],
    }


def checkin_groups(message: Message) -> list[tuple[KeyResultLine, list[Question]]]:
    """Each key result of a check-in form with the questions about it."""
    groups: list[tuple[KeyResultLine, list[Question]]] = []
    for block in message.blocks:
        if isinstance(block, KeyResultLine):
            groups.append((block, []))
        elif isinstance(block, Question) and groups:
            groups[-1][1].append(block)
    return groups


def checkin_pages(message: Message) -> int:
    return max(1, -(-len(checkin_groups(message)) // KRS_PER_PAGE))


def checkin_modal(message: Message, meta: Mapping[str, object], page: int = 0) -> dict:
    """The check-in form as a modal: per key result where it stands, the value, confidence and two texts."""
    locale, groups, pages = message.locale, checkin_groups(message), checkin_pages(message)
    page = min(max(page, 0), pages - 1)
    intro = next((b.text for b in message.blocks if isinstance(b, Text) and b.style == "muted"), "")
    blocks: list[Block] = [context(escape(intro))] if intro else []
    for line, questions in groups[page * KRS_PER_PAGE : (page + 1) * KRS_PER_PAGE]:
        blocks.append({"type": "section", "text": mrkdwn(key_result_text(line, locale))})
        blocks += [_checkin_input(q, line, message) for q in questions]
    rest = len(groups) - (page + 1) * KRS_PER_PAGE
    if rest > 0:
        blocks.append(context(t(locale, "slack.more_in_modal", n=rest)))
    title = t(locale, "slack.checkin_title_page", page=page + 1, pages=pages) if pages > 1 else \
        t(locale, "slack.checkin_title")
    submit = t(locale, "slack.next") if rest > 0 else None
    # The language and the page count ride along, so a submission can be checked before the store is asked.
    return _modal(CHECKIN, title, blocks, {**meta, **message.context, "page": page, "pages": pages,
                                           "locale": locale}, locale, submit)


def _checkin_input(question: Question, line: KeyResultLine, message: Message) -> Block:
    locale = message.locale
    if isinstance(question, NumberQuestion) and line.kind == "milestone":
        options = [("yes", t(locale, "slack.milestone_done")), ("no", t(locale, "slack.milestone_not_done"))]
        return _input(question, _select(options, message.values.get(question.id)))
    if isinstance(question, NumberQuestion):
        hint = None if line.value is None else \
            t(locale, "slack.value_placeholder", value=typed_number(locale, line.value))
        return _input(question, _text_input(message.values.get(question.id), hint, 40))
    if isinstance(question, ScaleQuestion):
        return _input(question, _select(_scale_options(question, locale), message.values.get(question.id)))
    return _input(question, _text_input(message.values.get(question.id), None, INPUT_TEXT, multiline=True))


def _scale_options(question: ScaleQuestion, locale: str) -> list[tuple[str, str]]:
    labels = {question.low: question.low_label, question.high: question.high_label}
    return [
        (str(n), t(locale, "slack.confidence_option_low", n=n, label=labels[n]) if labels.get(n) else str(n))
        for n in range(question.low, question.high + 1)
    ]


def okr_modal(message: Message, meta: Mapping[str, object]) -> dict:
    """The new-OKR form: objective, level, type, parent, then the key results, each group set apart."""
    return form_modal(message, meta, OKR_NEW, t(message.locale, "slack.okr_title"))


def form_modal(message: Message, meta: Mapping[str, object], callback: str = FORM, title: str | None = None) -> dict:
    """Any other form (a survey, a coach draft): its texts and questions in order, its context in the metadata."""
    heading = next((b.text for b in message.blocks if isinstance(b, Text) and b.style == "heading"), "okrbot")
    blocks: list[Block] = []
    for block in message.blocks:
        if isinstance(block, Text) and block.style != "heading":
            blocks += [context(escape(block.text))] if block.style == "muted" else sections(escape(block.text))
        elif isinstance(block, Question):
            if block.id.endswith(":title") and block.id != "kr1:title":
                blocks.append({"type": "divider"})
            blocks.append(_form_input(block, message))
    return _modal(callback, title or heading, blocks, {**meta, **message.context}, message.locale)


def _form_input(question: Question, message: Message) -> Block:
    typed = message.values.get(question.id)
    if isinstance(question, SelectQuestion):
        return _input(question, _select([(o.id, o.label) for o in question.options], typed))
    if isinstance(question, ScaleQuestion):
        return _input(question, _select(_scale_options(question, message.locale), typed))
    if isinstance(question, FreeText):
        return _input(question, _text_input(typed, None, min(question.max_length, INPUT_TEXT),
                                            multiline=question.max_length > 200))
    return _input(question, _text_input(typed, None, 40))


def away_modal(locale: str, initial: date, meta: Mapping[str, object]) -> dict:
    element = {"type": "datepicker", "action_id": "value", "initial_date": initial.isoformat()}
    block = {"type": "input", "block_id": "until", "label": plain(t(locale, "slack.away_label"), LABEL),
             "hint": plain(t(locale, "slack.away_hint"), LABEL), "element": element}
    return _modal(AWAY, t(locale, "slack.away_title"), [block], meta, locale)


def _input(question: Question, element: dict) -> Block:
    return {"type": "input", "block_id": question.id, "optional": question.optional,
            "label": plain(question.prompt, LABEL), "element": element}


def _text_input(typed: str | None, hint: str | None, limit: int, multiline: bool = False) -> dict:
    element = {"type": "plain_text_input", "action_id": "value", "max_length": limit, "multiline": multiline}
    if typed:
        element["initial_value"] = typed[:limit]
    if hint:
        element["placeholder"] = plain(hint, PLACEHOLDER)
    return element


def _select(options: list[tuple[str, str]], typed: str | None) -> dict:
    shown = [{"text": plain(label, 75), "value": value[:OPTION_VALUE]} for value, label in options[:OPTIONS]]
    element = {"type": "static_select", "action_id": "value", "options": shown}
    chosen = next((o for o in shown if o["value"] == typed), None)
    if chosen:
        element["initial_option"] = chosen
    return element


def home_view(message: Message, *, known: bool) -> dict:
    """The App Home: my objectives with progress bars and last confidence, and buttons to act."""
    locale = message.locale
    if not known:
        return {"type": "home", "blocks": [b for unit in units(message) for b in unit][:VIEW_BLOCKS]}
    heading, *rest = message.blocks or (Text("okrbot", "heading"),)
    blocks: list[Block] = [
        header(heading.text if isinstance(heading, Text) else "okrbot"),
        actions([button(t(locale, "slack.checkin_now"), "home_checkin", "home", "primary"),
                 button(t(locale, "slack.add_okr"), "home_new", "home")], block_id="home_actions"),
        context(escape(t(locale, "slack.home_hint"))),
        {"type": "divider"},
    ]
    groups = _objective_groups(message, rest)
    for n, group in enumerate(groups):
        rendered = [b for unit in units(group) for b in unit]
        if len(blocks) + len(rendered) > VIEW_BLOCKS - 1:
            blocks.append(context(t(locale, "slack.more_objectives", n=len(groups) - n)))
            break
        blocks += rendered
    return {"type": "home", "blocks": blocks}


def _objective_groups(message: Message, blocks) -> list[Message]:
    """One message per objective (its line, its key results, their notes); text before the first stays first."""
    groups: list[list] = [[]]
    for block in blocks:
        if isinstance(block, Text) and block.style == "plain" and groups[-1]:
            groups.append([])
        groups[-1].append(block)
    return [Message(message.kind, message.locale, tuple(g), message.context) for g in groups if g]


def view_values(state: Mapping) -> dict[str, str]:
    """A submitted view's inputs as the form's fields, keyed by question id, exactly as typed."""
    fields: dict[str, str] = {}
    for block_id, inputs in (state.get("values") or {}).items():
        for value in inputs.values():
            fields[block_id] = _typed(value)
    return fields


def _typed(value: Mapping) -> str:
    if value.get("selected_option"):
        return str(value["selected_option"].get("value", ""))
    if value.get("selected_date"):
        return str(value["selected_date"])
    return "" if value.get("value") is None else str(value["value"])


def read_metadata(text: str | None) -> dict[str, str]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
