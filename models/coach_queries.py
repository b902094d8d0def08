"""What the coach reads: a manager's direct reports."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.people import Person


async def direct_reports(session: AsyncSession, *, manager_id: int) -> list[Person]:
    """The people whose manager is ``manager_id``, by name."""
    statement = select(Person).where(Person.manager_id == manager_id).order_by(Person.name, Person.id)
    return list((await session.execute(statement)).scalars())
