"""Presence as history: each absence is an interval of local days, kept after it ends.

An absence someone typed (``away``), one a chat status implies, or one from the organisation file is a row with
a first and a last day (both included, in the person's own zone; ``last_day`` None: until further notice). Ending an
absence early moves its ``last_day`` and stamps ``ended_at``; the row stays, so what was true of the past stays true.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import Column, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime

ABSENCE_SOURCES = ("typed", "status", "import")
CHUNK = 500


class Absence(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    first_day: date
    last_day: date | None = None  # None: open-ended, until the person (or their status) says they are back
    source: str = Field(default="typed", max_length=16)
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    ended_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


def covers(absence: Absence, day: date) -> bool:
    """Whether ``day`` (a local day of the person) falls inside the absence."""
    return absence.first_day <= day and (absence.last_day is None or day <= absence.last_day)


def away_on(absences: Iterable[Absence], day: date) -> bool:
    return any(covers(a, day) for a in absences)


async def absences_of(session: AsyncSession, *, person_ids: Sequence[int] | None = None
                      ) -> dict[int, list[Absence]]:
    """Every absence of these people (everyone's with None), per person, oldest first."""
    found: dict[int, list[Absence]] = defaultdict(list)
    statement = select(Absence).order_by(Absence.person_id, Absence.first_day, Absence.id)
    if person_ids is None:
        chunks = [statement]
    else:
        ids = sorted(set(person_ids))
        chunks = [statement.where(Absence.person_id.in_(ids[i : i + CHUNK])) for i in range(0, len(ids), CHUNK)]
    for chunk in chunks:
        for absence in (await session.execute(chunk)).scalars():
            found[absence.person_id].append(absence)
    return dict(found)
