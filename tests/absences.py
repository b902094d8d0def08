"""What a test reads and writes of people's absences: spans of days as (first, last, source), oldest first."""

from __future__ import annotations

from datetime import UTC, date, datetime

from models.absence import absences_of
from models.absence_store import add_absence
from models.db import transaction
from models.people_queries import person_by_platform_id

Span = tuple[date, date | None, str]


async def spans(sessions, user_id: str) -> list[Span]:
    """Every absence the person has, ended ones included."""
    async with sessions() as session:
        person = await person_by_platform_id(session, platform_user_id=user_id)
        found = (await absences_of(session, person_ids=[person.id])).get(person.id, [])
        return [(a.first_day, a.last_day, a.source) for a in found]


async def ended(sessions, user_id: str) -> list[bool]:
    """For each absence of ``spans``: whether it was ended early."""
    async with sessions() as session:
        person = await person_by_platform_id(session, platform_user_id=user_id)
        return [a.ended_at is not None for a in (await absences_of(session, person_ids=[person.id])).get(person.id, [])]


async def set_absence(sessions, user_id: str, first_day: date, last_day: date | None, source: str = "typed") -> None:
    async with transaction(sessions) as session:
        person = await person_by_platform_id(session, platform_user_id=user_id)
        add_absence(session, person_id=person.id, first_day=first_day, last_day=last_day, source=source,
                    now=datetime(2026, 9, 1, tzinfo=UTC))


async def last_days(sessions, user_id: str) -> list[tuple[date | None, str]]:
    """(last day, source) of each absence: what an edge test checks when its first day is simply today."""
    return [(last, source) for _, last, source in await spans(sessions, user_id)]
