"""The coach's answers as neutral messages. Pure functions: drafts and questions in, messages out.

A draft comes as the new-OKR form, prefilled (``Message.values``) with the draft and topped with the coach's
remarks, with one more question at the end: save it or let it go. Its context kind is ``coach_draft``; the
answer goes to ``handlers.coach.submit_draft``, which saves through the normal new-OKR path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.messages import Block, Message, Option, SelectQuestion, Text
from handlers.coach_1on1 import Prep, closing
from handlers.coach_draft import Draft
from handlers.ids import as_id
from handlers.lint import Finding
from handlers.okr_form import MAX_KRS, new_okr_form
from prompts import t
from prompts.formatting import typed_number

SAVE = "save"


def draft_blocks(draft: Draft, findings: Sequence[Finding], *, locale: str, period: str) -> list[Block]:
    """The draft in words, what the linter says about its key results, and what only the person can fill in."""
    source = "coach.source_ai" if draft.source == "ai" else "coach.source_template"
    blocks: list[Block] = [Text(t(locale, "coach.draft_heading"), "heading"), Text(t(locale, source), "muted"),
                           Text(t(locale, "coach.objective_line", title=draft.objective))]
    for n, kr in enumerate(draft.key_results, 1):
        blocks.append(Text(t(locale, "coach.kr_line", n=n, title=kr.title)))
        blocks.append(Text(_measure(kr, locale), "note"))
    if draft.existing:
        blocks.append(Text(t(locale, "coach.already_have", title=draft.existing), "muted"))
    if draft.own_words:
        blocks.append(Text(t(locale, "coach.rephrase_objective"), "muted"))
    if findings:
        blocks.append(Text(t(locale, "coach.about_the_draft"), "muted"))
        blocks.extend(Text(f"• {f.message}") for f in findings)
    asks = [*draft.questions, *_asks(draft, locale, period)]
    if asks:
        blocks.append(Text(t(locale, "coach.asks_heading"), "muted"))
        blocks.extend(Text(f"• {ask}") for ask in asks)
    return blocks


def draft_preview(draft: Draft, findings: Sequence[Finding], *, locale: str, period: str, note: str = ""
                  ) -> Message:
    """The draft to read only (in the terminal, or when no period runs to save it in)."""
    blocks = draft_blocks(draft, findings, locale=locale, period=period)
    if note:
        blocks.append(Text(note, "muted"))
    return Message("coach_draft", locale, tuple(blocks), {"kind": "coach_draft"})


def draft_form(draft: Draft, findings: Sequence[Finding], *, locale: str, period: str,
               parents: Sequence[tuple[int, str]]) -> Message:
    """The new-OKR form filled with the draft, one spare key result, and the question whether to save it."""
    form = new_okr_form(locale=locale, period=period, parents=parents, values=draft_values(draft))
    spare = min(len(draft.key_results) + 1, MAX_KRS)
    questions = [b for b in form.blocks if not isinstance(b, Text) and _kr_number(b.id) <= spare]
    save = SelectQuestion(SAVE, t(locale, "coach.save_prompt"),
                          (Option("yes", t(locale, "coach.save_yes")), Option("no", t(locale, "coach.save_no"))),
                          optional=False)
    blocks = [*draft_blocks(draft, findings, locale=locale, period=period),
              Text(t(locale, "coach.save_hint"), "muted"), *questions, save]
    return replace(form, blocks=tuple(blocks), context={"kind": "coach_draft", "period": period},
                   values={**form.values, SAVE: "yes"})


def draft_values(draft: Draft) -> dict[str, str]:
    """The form fields the draft fills in; baselines and targets only where they are known."""
    values = {"objective": draft.objective, "level": "person", "type": "committed"}
    for n, kr in enumerate(draft.key_results, 1):
        values |= {f"kr{n}:title": kr.title, f"kr{n}:kind": kr.kind, f"kr{n}:unit": kr.unit}
        for part in ("baseline", "target"):
            if getattr(kr, part) is not None:
                values[f"kr{n}:{part}"] = _plain(getattr(kr, part))
    return values


def one_on_one_message(preps: Sequence[Prep], *, locale: str, period: str, polished: bool) -> Message:
    blocks: list[Block] = [Text(t(locale, "coach.one_on_one_heading", period=period), "heading"),
                           Text(t(locale, "coach.one_on_one_intro"), "muted")]
    if polished:
        blocks.append(Text(t(locale, "coach.one_on_one_ai"), "muted"))
    for prep in preps:
        blocks.append(Text(prep.name, "heading"))
        blocks.extend(Text(f"• {question}") for question in prep.questions)
    blocks.append(Text(closing(preps, locale=locale, period=period), "muted"))
    return Message("coach_1on1", locale, tuple(blocks), {"kind": "coach_1on1"})


def _asks(draft: Draft, locale: str, period: str) -> list[str]:
    asks = []
    for n, kr in enumerate(draft.key_results, 1):
        no_baseline = kr.kind in ("increase", "decrease") and kr.baseline is None
        no_target = kr.kind != "milestone" and kr.target is None
        key = {(True, True): "ask_both", (True, False): "ask_baseline", (False, True): "ask_target"}.get(
            (no_baseline, no_target))
        if key:
            asks.append(t(locale, f"coach.{key}", title=kr.title, n=n, period=period or t(locale, "coach.this_period")))
    return asks


def _measure(kr, locale: str) -> str:
    parts = [t(locale, f"okr.kind_{kr.kind}")]
    if kr.unit:
        parts.append(t(locale, "coach.measure_unit", unit=kr.unit))
    if kr.baseline is not None:
        parts.append(t(locale, "coach.measure_from", value=typed_number(locale, kr.baseline)))
    if kr.target is not None:
        parts.append(t(locale, "coach.measure_to", value=typed_number(locale, kr.target)))
    if kr.example and kr.baseline is None and kr.target is None:
        baseline, target = (typed_number(locale, value) for value in kr.example)
        parts.append(t(locale, "coach.measure_example", baseline=baseline, target=target))
    return ", ".join(parts)


def _kr_number(question_id: str) -> int:
    head = question_id.split(":")[0]
    return (as_id(head[2:]) or 0) if head.startswith("kr") else 0


def _plain(value: float) -> str:
    """A number to edit in a form field: "1500000", not "1.5e+06"; the check-in parser reads it in any locale."""
    return typed_number("en", value)
