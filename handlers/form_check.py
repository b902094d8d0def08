"""A form checked field by field as it is answered, by the same rules as its submission: a chat edge that asks one
question at a time (the console) asks a wrong answer again at once, and leaves out questions that don't apply.
Pure functions of the neutral form and the answers so far."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.messages import KeyResultLine, Message, SelectQuestion
from handlers.checkin_form import parse_answers
from handlers.okr_authoring import remarks
from handlers.okr_form import MIN_KRS, parse_okr
from handlers.survey_catalog import ref_of_context
from handlers.survey_form import WHY, parse_survey

KR_FIELD = re.compile(r"^kr(\d+):(title|kind|baseline|target|unit)$")
MILESTONE_DONE = 1.0
OKR_FORMS = ("okr_new", "coach_draft")  # a new OKR, typed or drafted by the coach


def field_errors(form: Message, answers: Mapping[str, str]) -> dict[str, str]:
    """The message per answered field that the form's submission would refuse (fields not yet answered are left
    alone: a missing target is no error while the target is still to be asked)."""
    kind = form.context.get("kind")
    if kind == "checkin":
        _, errors = parse_answers(answers, kinds=_kinds(form), locale=form.locale)
    elif kind in OKR_FORMS:
        _, errors = parse_okr(answers, locale=form.locale, parent_ids=_parent_ids(form))
    elif kind == "survey" and (ref := ref_of_context(form.context)):
        keys = [q.id for q in form.questions if not q.id.endswith(WHY)]
        _, errors = parse_survey(ref.survey, answers, keys=keys, locale=form.locale)
    else:
        return {}
    return {key: error for key, error in errors.items() if key in answers}


def draft_remarks(form: Message, answers: Mapping[str, str]) -> list[str]:
    """The linter's remarks on a new OKR whose answers are all valid, to show before it is saved; else none."""
    if form.context.get("kind") != "okr_new":
        return []
    draft, _ = parse_okr(answers, locale=form.locale, parent_ids=_parent_ids(form))
    return remarks(form.locale, form.context.get("period", ""), draft) if draft else []


def applies(form: Message, answers: Mapping[str, str], question_id: str) -> bool:
    """Whether to ask ``question_id`` after ``answers``: no questions for a key-result slot of a new OKR left
    empty (or after it), none on the measure of a milestone, and no confidence for a milestone marked done."""
    kind = form.context.get("kind")
    if kind in OKR_FORMS and (match := KR_FIELD.match(question_id)):
        n, part = int(match[1]), match[2]
        if _slot_closed(answers, n if part != "title" else n - 1):
            return False
        return not (part in ("baseline", "target", "unit") and answers.get(f"kr{n}:kind") == "milestone")
    if kind == "checkin" and question_id.endswith(":confidence"):
        kr_id = question_id.split(":")[1]
        return not (_kinds(form).get(int(kr_id)) == "milestone" and _done(form, answers, f"kr:{kr_id}:value"))
    return True


def _slot_closed(answers: Mapping[str, str], last: int) -> bool:
    """Whether a key-result title up to slot ``last`` was left empty: the person said they have no more."""
    return any(f"kr{m}:title" in answers and not answers[f"kr{m}:title"].strip()
               for m in range(MIN_KRS + 1, last + 1))


def _done(form: Message, answers: Mapping[str, str], key: str) -> bool:
    parsed, errors = parse_answers({key: answers.get(key, ""), key.replace("value", "confidence"): "10"},
                                   kinds=_kinds(form), locale=form.locale)
    return not errors and bool(parsed) and parsed[0].value == MILESTONE_DONE


def _kinds(form: Message) -> dict[int, str]:
    return {block.key_result_id: block.kind for block in form.blocks if isinstance(block, KeyResultLine)}


def _parent_ids(form: Message) -> set[int]:
    parents = next((q for q in form.questions if q.id == "parent" and isinstance(q, SelectQuestion)), None)
    return {int(o.id) for o in parents.options if o.id.isdigit()} if parents else set()
