"""Check-in use cases: open a check-in, record answers, snooze, skip (going away: ``handlers.away``).

Every function takes the session and ``now`` and returns the neutral message to show the person.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, time

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message, Text
from handlers.checkin_form import FIELD, checkin_message, field_id, parse_answers, recorded_message
from handlers.slot_state import SlotState, SlotTimes, slot_state, slot_times
from handlers.visibility import blocker_audiences
from models import Period, Person, Team
from models.checkin_store import owners_of, record_checkins, set_slot_status
from models.okr_queries import owned_key_results
from models.people_queries import period_on, primary_team
from prompts import t
from prompts.formatting import human_date, human_moment
from scheduler.cadence import Cadence, current_slot, local_now, nominal_days, slot_for, snooze_until

MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds; a larger one in a forged form names no key result


def notice(locale: str, key: str, kind: str = "notice", **params: object) -> Message:
    return Message(kind, locale, (Text(t(locale, key, **params)),))


def team_cadence(team: Team) -> Cadence:
    hour, minute = map(int, team.checkin_time.split(":"))
    return Cadence(team.checkin_weekday, time(hour, minute), team.every_weeks)


def slot_to_answer(person: Person, team: Team, period: Period, now: datetime) -> str:
    """The slot a check-in opened now belongs to: the current one, or the period's first before it starts."""
    cadence = team_cadence(team)
    slot = current_slot(cadence, person.tz, team.country, period.start, period.end, now)
    if slot is None:
        first = nominal_days(cadence, period.start, period.start, period.end)[0]
        slot = slot_for(first, cadence, person.tz, team.country)
    return slot.key


async def open_checkin(session: AsyncSession, *, person: Person, now: datetime) -> Message:
    """The check-in form for the slot of this moment, as a person asks for it with ``checkin``."""
    team = await primary_team(session, person_id=person.id)
    if team is None:
        return notice(person.locale, "checkin.not_in_team")
    period = await period_on(session, day=local_now(person.tz, now).date())
    if period is None:
        return notice(person.locale, "checkin.no_period")
    key_results = await owned_key_results(session, person_ids=[person.id], period_ids=[period.id])
    if not key_results:
        return notice(person.locale, "checkin.no_key_results", period=period.name)
    slot = slot_to_answer(person, team, period, now)
    return checkin_message(
        kind="checkin", name=person.name, locale=person.locale, slot=slot, period_id=period.id,
        key_results=key_results, readers=await blocker_audiences(session, key_results=key_results), tz=person.tz,
    )


async def submit_checkin(
    session: AsyncSession, *, person: Person, context: Mapping[str, str], fields: Mapping[str, str], now: datetime
) -> Message:
    """Validate every answer first; record all of them, or none and return the form with the messages."""
    slot, period_id = context["slot"], int(context["period"])
    ids = _key_result_ids(fields)
    owners = await owners_of(session, key_result_ids=[i for i in ids if i <= MAX_ID])
    yours = {kr_id: kr for kr_id, kr in owners.items() if kr.owner_id == person.id and kr.period_id == period_id}
    # Removed, or its objective paused or closed, after the form was sent: its answer is set aside, not an error
    set_aside = [kr for kr in yours.values() if not kr.asked and _answered(fields, kr.id)]
    fields = _without(fields, {kr.id for kr in set_aside})
    kinds = {kr_id: kr.kind for kr_id, kr in yours.items() if kr.asked}
    answers, errors = parse_answers(fields, kinds=kinds, locale=person.locale)
    for kr_id in set(ids) - owners.keys():
        errors[f"kr:{kr_id}:confidence"] = t(person.locale, "checkin.error_unknown_kr", id=kr_id)
    if not errors and not answers and set_aside:
        errors = {"form": _set_aside_text(person.locale, set_aside)}
    if errors or not answers:
        return await _form_again(session, person, slot, period_id, fields, errors)
    await record_checkins(
        session, person_id=person.id, period_id=period_id, slot=slot, answers=[vars(a) for a in answers], now=now
    )
    recorded = recorded_message(name=person.name, locale=person.locale, slot=slot, answers=answers,
                                key_results=[kr for kr in owners.values() if kr.asked])
    if not set_aside:
        return recorded
    return replace(recorded, blocks=(*recorded.blocks, Text(_set_aside_text(person.locale, set_aside))))


def _answered(fields: Mapping[str, str], kr_id: int) -> bool:
    return any((fields.get(field_id(kr_id, part)) or "").strip() for part in ("value", "confidence"))


def _without(fields: Mapping[str, str], kr_ids: set[int]) -> dict[str, str]:
    return {name: value for name, value in fields.items()
            if not ((match := FIELD.match(name)) and int(match[1]) in kr_ids)}


def _set_aside_text(locale: str, key_results) -> str:
    return " ".join(t(locale, "checkin.no_longer_asked", title=kr.title) for kr in key_results)


def _key_result_ids(fields: Mapping[str, str]) -> list[int]:
    named = [name.split(":")[1] for name in fields if name.startswith("kr:")]
    return sorted({int(i) for i in named if i.isascii() and i.isdigit() and len(i) <= 40})


async def _form_again(session, person: Person, slot: str, period_id: int, fields, errors) -> Message:
    if not errors:
        errors = {"form": t(person.locale, "checkin.nothing_answered")}
    key_results = await owned_key_results(session, person_ids=[person.id], period_ids=[period_id])
    return checkin_message(
        kind="checkin", name=person.name, locale=person.locale, slot=slot, period_id=period_id,
        key_results=key_results, values=fields, errors=errors,
        readers=await blocker_audiences(session, key_results=key_results),
    )


async def snooze(
    session: AsyncSession, *, person: Person, context: Mapping[str, str], choice: str, now: datetime
) -> Message:
    """Ask again in two hours or on the next working morning (always within working hours), about what is still
    open; say so honestly when there is nothing to snooze or the snooze would run into the next check-in."""
    period_id, slot = int(context["period"]), context["slot"]
    state = await slot_state(session, person_id=person.id, period_id=period_id, slot=slot)
    week = _week(person.locale, slot)
    if state.fully_answered:
        return notice(person.locale, "checkin.snooze_answered", week=week)
    if state.skipped:
        return notice(person.locale, "checkin.snooze_skipped", week=week)
    team = await primary_team(session, person_id=person.id)
    until = snooze_until(choice, person.tz, team.country if team else None, now)
    period = await session.get(Period, period_id)
    if team is not None and period is not None:
        refusal = _untimely(person, slot_times(team_cadence(team), person, team, period, slot, now), slot, until, now)
        if refusal is not None:
            return refusal
    await set_slot_status(session, person_id=person.id, period_id=period_id, slot=slot, snoozed_until=until)
    if not state.answered:
        return notice(person.locale, "checkin.snoozed", when=_moment(person, until))
    return _partly(person.locale, t(person.locale, "checkin.snoozed_rest", when=_moment(person, until)), state)


async def skip(session: AsyncSession, *, person: Person, context: Mapping[str, str]) -> Message:
    """Skip what is still open in the slot; answers already given stay recorded."""
    period_id, slot = int(context["period"]), context["slot"]
    state = await slot_state(session, person_id=person.id, period_id=period_id, slot=slot)
    week = _week(person.locale, slot)
    if state.fully_answered:
        return notice(person.locale, "checkin.skip_answered", week=week)
    if state.skipped:
        return notice(person.locale, "checkin.skip_again", week=week)
    await set_slot_status(session, person_id=person.id, period_id=period_id, slot=slot, skipped=True)
    if not state.answered:
        return notice(person.locale, "checkin.skipped")
    return _partly(person.locale, t(person.locale, "checkin.skipped_rest", week=week), state)


def _untimely(person: Person, times: SlotTimes, slot: str, until: datetime, now: datetime) -> Message | None:
    """Why a snooze of ``slot`` until ``until`` would never come back on its own, or None when it would."""
    locale, week = person.locale, _week(person.locale, slot)
    if now < times.prompt_at:
        return notice(locale, "checkin.snooze_not_yet", week=week, when=_moment(person, times.prompt_at))
    if times.newer_slot is not None:
        return notice(locale, "checkin.snooze_superseded", week=week, current=_week(locale, times.newer_slot))
    if times.next_prompt_at is not None and until >= times.next_prompt_at:
        return notice(locale, "checkin.snooze_too_late", until=_moment(person, until),
                      next=_moment(person, times.next_prompt_at))
    return None


def _partly(locale: str, heading: str, state: SlotState) -> Message:
    """What a skip or snooze leaves open, one key result a line, and that the answers given are kept."""
    lines = [Text(f"• {kr.title}") for kr in state.open]
    kept = t(locale, "checkin.answers_kept", answered=", ".join(kr.title for kr in state.answered))
    return Message("notice", locale, (Text(heading), *lines, Text(kept, "muted")))


def _week(locale: str, slot: str) -> str:
    return human_date(locale, date.fromisoformat(slot[:10]))


def _moment(person: Person, instant: datetime) -> str:
    return human_moment(person.locale, local_now(person.tz, instant))

