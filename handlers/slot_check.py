"""Whether the slot a button, card or form names is one the person may answer: the period exists, and the slot is a
check-in day of their team's cadence in that period that has begun for them, or one a check-in was sent for.

A forged or stale context ("1999-01-01", "2026-11-30 bogus", a Wednesday, next year) is refused with a clear
message and nothing is written; a far-future slot would otherwise pin a key result's current value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.checkin import team_cadence
from handlers.ids import is_id
from models import Period, Person
from models.people_queries import primary_team
from models.slot_queries import period_by_id, was_asked
from scheduler.cadence import local_now, nominal_days


@dataclass(frozen=True)
class SlotRef:
    period: Period
    slot: str


async def checked_slot(session: AsyncSession, *, person: Person, context: Mapping[str, str], now: datetime
                       ) -> SlotRef | None:
    """The period and slot of ``context`` when the person may answer it now; None otherwise."""
    slot, period_id = str(context.get("slot", "")), str(context.get("period", ""))
    day = _day(slot)
    if day is None or not is_id(period_id):
        return None
    period = await period_by_id(session, period_id=int(period_id))
    if period is None or not period.start <= day <= period.end:
        return None
    if await _on_cadence(session, person, period, day, now) or await was_asked(
            session, person_id=person.id, period_id=period.id, slot=slot):
        return SlotRef(period, slot)
    return None


def _day(slot: str) -> date | None:
    try:
        day = date.fromisoformat(slot)
    except ValueError:
        return None
    return day if slot == day.isoformat() else None  # exactly YYYY-MM-DD: nothing before or after it


async def _on_cadence(session: AsyncSession, person: Person, period: Period, day: date, now: datetime) -> bool:
    team = await primary_team(session, person_id=person.id)
    if team is None:
        return False
    days = nominal_days(team_cadence(team), period.start, period.start, period.end)
    today = local_now(person.tz, now).date()
    return day in days and (day <= today or day == days[0])
