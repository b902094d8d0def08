"""Absence learned from a chat status (on vacation, out sick), kept apart from an absence a person typed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Column, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from models.people import Person
from models.types import UTCDateTime

CHUNK = 500


class AwayStatus(SQLModel, table=True):
    """``set_to`` is the vacation_until this status wrote; ``previous`` the one the person had before it."""

    __tablename__ = "awaystatus"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", unique=True)
    set_to: date
    previous: date | None = None
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


async def away_status(session: AsyncSession, *, person_id: int) -> AwayStatus | None:
    statement = select(AwayStatus).where(AwayStatus.person_id == person_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def save_away_status(
    session: AsyncSession, *, person_id: int, set_to: date, previous: date | None, now: datetime
) -> None:
    status = await away_status(session, person_id=person_id)
    if status is None:
        status = AwayStatus(person_id=person_id, set_to=set_to, previous=previous, updated_at=now)
    else:
        status.set_to, status.previous, status.updated_at = set_to, previous, now
    session.add(status)


async def clear_away_status(session: AsyncSession, *, person_id: int) -> None:
    await session.execute(delete(AwayStatus).where(AwayStatus.person_id == person_id))


async def people_by_platform_ids(
    session: AsyncSession, *, platform: str, platform_user_ids: Sequence[str]
) -> dict[str, Person]:
    """The known people among these chat user ids, by id."""
    found: dict[str, Person] = {}
    ids = list(dict.fromkeys(platform_user_ids))
    for start in range(0, len(ids), CHUNK):
        statement = select(Person).where(
            Person.platform == platform, Person.platform_user_id.in_(ids[start : start + CHUNK])
        )
        found.update((p.platform_user_id, p) for p in (await session.execute(statement)).scalars())
    return found
