"""A check-in message as it stands: the form of one slot, and what is answered in it so far.

Chat platforms that edit a message in place (Slack, Teams) show, after each answer, what was recorded and what
is still open, always for the slot the message was about, even when it is answered late.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message
from handlers.checkin import notice
from handlers.checkin_form import Answer, checkin_message, field_id, recorded_message
from handlers.ids import is_id
from handlers.visibility import blocker_audiences
from models import CheckIn, Period, Person
from models.okr_queries import owned_key_results
from models.slot_queries import answers_in_slot, period_by_id, recorded_in_slot
from prompts.formatting import typed_number


async def checkin_for_slot(session: AsyncSession, *, person: Person, context: Mapping[str, str],
                           open_only: bool = False) -> Message:
    """The check-in form of the slot in ``context``; ``open_only`` leaves out what is already answered in it."""
    slot, period = await _slot_and_period(session, context)
    if period is None:
        return notice(person.locale, "checkin.no_period")
    key_results = await owned_key_results(session, person_ids=[person.id], period_ids=[period.id])
    if not key_results:
        return notice(person.locale, "checkin.no_key_results", period=period.name)
    recorded = await recorded_in_slot(session, person_id=person.id, slot=slot)
    if open_only:
        key_results = [kr for kr in key_results if kr.id not in recorded]
    return checkin_message(kind="checkin", name=person.name, locale=person.locale, slot=slot,
                           period_id=period.id, key_results=key_results,
                           values=answered_values(person.locale, key_results, recorded),
                           readers=await blocker_audiences(session, key_results=key_results))


def answered_values(locale: str, key_results, recorded: Mapping[int, CheckIn]) -> dict[str, str]:
    """What the person already answered in this slot, as the form's fields show it: opened again, the form shows
    it, so one answer can be changed (or an optional text cleared) without typing the rest again."""
    values: dict[str, str] = {}
    for kr in key_results:
        answer = recorded.get(kr.id)
        if answer is None:
            continue
        if answer.value is not None:
            values[field_id(kr.id, "value")] = _milestone_word(answer.value) if kr.kind == "milestone" else \
                typed_number(locale, answer.value)
        values[field_id(kr.id, "confidence")] = str(answer.confidence)
        values.update({field_id(kr.id, "up"): answer.one_level_up, field_id(kr.id, "blockers"): answer.blockers})
    return {key: text for key, text in values.items() if text}


def _milestone_word(value: float) -> str:
    return "yes" if value >= 1 else "no"


async def slot_progress(session: AsyncSession, *, person: Person, context: Mapping[str, str]) -> Message:
    """What is recorded in the slot so far, followed by the form for the key results still open."""
    slot, period = await _slot_and_period(session, context)
    if period is None:
        return notice(person.locale, "checkin.no_period")
    key_results = await owned_key_results(session, person_ids=[person.id], period_ids=[period.id])
    answered = await answers_in_slot(session, person_id=person.id, slot=slot)
    answers = [Answer(kr.id, *answered[kr.id]) for kr in key_results if kr.id in answered]
    recorded = recorded_message(name=person.name, locale=person.locale, slot=slot, answers=answers,
                                key_results=key_results)
    still_open = [kr for kr in key_results if kr.id not in answered]
    if not still_open:
        return recorded
    form = checkin_message(kind="checkin", name=person.name, locale=person.locale, slot=slot,
                           period_id=period.id, key_results=still_open,
                           readers=await blocker_audiences(session, key_results=still_open))
    blocks = form.blocks[:1] + (recorded.blocks[1:] if answers else ()) + form.blocks[1:]
    return Message(form.kind, form.locale, blocks, form.context)


async def _slot_and_period(session: AsyncSession, context: Mapping[str, str]) -> tuple[str, Period | None]:
    slot, period_id = context.get("slot", ""), context.get("period", "")
    if not _is_slot(slot) or not is_id(period_id):
        return slot, None
    return slot, await period_by_id(session, period_id=int(period_id))


def _is_slot(slot: str) -> bool:
    try:
        date.fromisoformat(slot[:10])
    except ValueError:
        return False
    return len(slot) <= 32
