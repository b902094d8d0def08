"""Reading and changing absences: the ones still running or to come, and the rows a use case adds, ends or drops.

Ended and past absences are only read here, never changed: they are the history every count about a person
relies on (``models.absence.absences_of`` reads all of it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import bindparam, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.absence import Absence

CHUNK = 500

# Built once: the tick asks every minute. Few rows match (people away now or later), so no filter on people.
_RUNNING = (
    select(Absence)
    .where(or_(Absence.last_day.is_(None), Absence.last_day >= bindparam("since")))
    .order_by(Absence.person_id, Absence.first_day, Absence.id)
)


async def running_absences(session: AsyncSession, *, since: date) -> dict[int, tuple[Absence, ...]]:
    """Everyone's absences that last until ``since`` or later (open-ended ones included), per person, in one
    query."""
    found: dict[int, list[Absence]] = defaultdict(list)
    for absence in (await session.execute(_RUNNING, {"since": since})).scalars():
        found[absence.person_id].append(absence)
    return {person_id: tuple(absences) for person_id, absences in found.items()}


async def absences_from(session: AsyncSession, *, person_id: int, since: date, source: str | None = None
                        ) -> list[Absence]:
    """One person's absences lasting until ``since`` or later, of ``source`` (any with None), earliest first."""
    statement = select(Absence).where(
        Absence.person_id == person_id, or_(Absence.last_day.is_(None), Absence.last_day >= since)
    )
    if source is not None:
        statement = statement.where(Absence.source == source)
    statement = statement.order_by(Absence.first_day, Absence.id)
    return list((await session.execute(statement)).scalars())


def add_absence(session: AsyncSession, *, person_id: int, first_day: date, last_day: date | None, source: str,
                now: datetime) -> Absence:
    absence = Absence(person_id=person_id, first_day=first_day, last_day=last_day, source=source, created_at=now)
    session.add(absence)
    return absence


async def drop_absences(session: AsyncSession, *, ids: Sequence[int]) -> None:
    """Forget absences that never began: there is no past of them to keep."""
    for start in range(0, len(ids), CHUNK):
        await session.execute(delete(Absence).where(Absence.id.in_(ids[start : start + CHUNK])))

