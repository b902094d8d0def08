"""What is due at ``now``: check-ins, reminders and snoozed check-ins, as claims to make.

A person delivery goes out on time, or later only while it is still useful: within the person's working hours
(09:00-17:00 local on working days of their team's country), at most ``SEND_WINDOW`` late, and only for the latest
slot (after downtime that missed two slots, one check-in, for the newer one). A reminder follows a check-in that
was sent, a day after it was sent; a snoozed check-in comes back only while its slot is still the current one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from models.deliveries import Claim, sent_kinds
from models.roster import RosterEntry, roster_pages, slot_statuses, snoozes_due, unanswered
from scheduler.cadence import (
    NUDGE_WINDOW,
    SEND_WINDOW,
    Cadence,
    Slot,
    current_slot,
    in_working_hours,
    is_away,
    may_nudge,
    reminder_at,
    still_useful,
)
from scheduler.digest_due import prep_claims
from scheduler.survey_due import survey_claims

REMINDER_AFTER = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Due:
    """A person's current slot, with what the follow-ups need to know of them (not their whole roster entry)."""

    person_id: int
    period_id: int
    slot: Slot
    tz: str
    country: str | None


def cadence_of(entry: RosterEntry) -> Cadence:
    hour, minute = map(int, entry.local_time.split(":"))
    return Cadence(entry.weekday, time(hour, minute), entry.every_weeks)


async def due_claims(session: AsyncSession, *, now: datetime) -> list[Claim]:
    """Every delivery that should go out at ``now`` and may not have yet; claiming sorts out which did."""
    current = _latest_per_person(await _current_slots(session, now))
    claims = [Claim("checkin", d.person_id, d.period_id, d.slot.key) for d in current
              if still_useful(d.slot.prompt_at, d.tz, d.country, now)]
    claims += await _reminders(session, current, now)
    claims += await _snoozes(session, current, now)
    claims += await survey_claims(session, now=now)  # scheduler/survey_due.py
    claims += await prep_claims(session, now=now)  # 1:1 prep digests, scheduler/digest_due.py
    return claims


async def _current_slots(session: AsyncSession, now: datetime) -> list[Due]:
    """Everyone's current slot, the roster read a page at a time. A team's people share their cadence, zone and
    country, so each such place's slot is worked out once and shared (the same ``Slot``, the same strings)."""
    places: dict[tuple, tuple[Slot, str, str | None] | None] = {}
    current: list[Due] = []
    async for entries in roster_pages(session, day=now.date(), days_after_end=SEND_WINDOW.days + 1):
        for entry in entries:
            if is_away(entry.absences, entry.tz, now):
                continue
            key = (entry.weekday, entry.local_time, entry.every_weeks, entry.tz, entry.country, entry.period_start,
                   entry.period_end)
            if key not in places:
                places[key] = _place(entry, now)
            if (place := places[key]) is not None:
                current.append(Due(entry.person_id, entry.period_id, *place))
    return current


def _place(entry: RosterEntry, now: datetime) -> tuple[Slot, str, str | None] | None:
    slot = current_slot(cadence_of(entry), entry.tz, entry.country, entry.period_start, entry.period_end, now)
    return None if slot is None else (slot, entry.tz, entry.country)


def _latest_per_person(current: list[Due]) -> list[Due]:
    """One slot per person: around a period's end two periods may both have a current slot; the newer one counts."""
    latest: dict[int, Due] = {}
    for d in current:
        if d.person_id not in latest or d.slot.prompt_at > latest[d.person_id].slot.prompt_at:
            latest[d.person_id] = d
    return list(latest.values())


async def _reminders(session: AsyncSession, current: list[Due], now: datetime) -> list[Claim]:
    """One reminder per slot, in working hours, a day after the check-in went out, while it isn't fully answered."""
    candidates = [d for d in current if d.slot.prompt_at + REMINDER_AFTER <= now
                  and in_working_hours(d.tz, d.country, now)]
    if not candidates:
        return []
    # Most candidates answered long ago: rule them out first, with one query.
    open_ones = await unanswered(session, open_slots=[(d.person_id, d.period_id, d.slot.key)
                                                      for d in candidates])
    candidates = [d for d in candidates if (d.person_id, d.period_id) in open_ones]
    if not candidates:
        return []
    people = [d.person_id for d in candidates]
    sent = await sent_kinds(session, person_ids=people, kinds=["checkin", "reminder"], since=now - timedelta(days=21))
    checkin_sent = {(p, s): at for p, kind, s, at in sent if kind == "checkin"}
    reminded = {(p, s) for p, kind, s, _ in sent if kind == "reminder"}
    candidates = [d for d in candidates if (key := (d.person_id, d.slot.key)) in checkin_sent
                  and key not in reminded and _reminder_due(d, checkin_sent[key], now)]
    if not candidates:
        return []
    nudges: dict[int, list[datetime]] = {}
    for p, kind, _, at in sent:
        if kind == "reminder" and at >= now - NUDGE_WINDOW:
            nudges.setdefault(p, []).append(at)
    statuses = await slot_statuses(session, person_ids=[d.person_id for d in candidates],
                                   slots=[d.slot.key for d in candidates])
    return [
        Claim("reminder", d.person_id, d.period_id, d.slot.key)
        for d in candidates
        if not _postponed(statuses.get((d.person_id, d.slot.key)))
        and may_nudge(nudges.get(d.person_id, []), now)
    ]


def _reminder_due(d: Due, checkin_sent_at: datetime, now: datetime) -> bool:
    """A day after the check-in was really sent (a late catch-up moves its reminder too), in working hours."""
    sent = Slot(d.slot.key, d.slot.nominal, d.slot.local_day, max(d.slot.prompt_at, checkin_sent_at))
    at = reminder_at(sent, d.tz, d.country, REMINDER_AFTER)
    return at <= now < at + SEND_WINDOW


def _postponed(status) -> bool:
    """Skipped, or snoozed: the snoozed check-in's return is the one follow-up, so no reminder besides it."""
    return status is not None and (status.skipped or status.snoozed_until is not None)


async def _snoozes(session: AsyncSession, current: list[Due], now: datetime) -> list[Claim]:
    """A snoozed check-in comes back once when its snooze ends, in working hours, while its slot is still the
    person's current one and something in it is still open (it then asks only what is open)."""
    statuses = await snoozes_due(session, now=now, since=now - SEND_WINDOW)
    if not statuses:
        return []
    by_person = {d.person_id: d for d in current}
    statuses = [
        s for s in statuses
        if (d := by_person.get(s.person_id)) is not None and d.slot.key == s.slot and d.period_id == s.period_id
        and in_working_hours(d.tz, d.country, now)
    ]
    if not statuses:
        return []
    still_open = await unanswered(session, open_slots=[(s.person_id, s.period_id, s.slot) for s in statuses])
    return [
        Claim("snoozed", s.person_id, s.period_id, f"{s.slot}@{s.snoozed_until:%Y%m%dT%H%M}")
        for s in statuses if (s.person_id, s.period_id) in still_open
    ]
