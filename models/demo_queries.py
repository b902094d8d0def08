"""The few reads the demo needs beyond the handlers'."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.okrs import KeyResult, Objective
from models.people import Period, Team


async def first_period(session: AsyncSession) -> Period | None:
    """The earliest period that has objectives."""
    statement = select(Period).join(Objective, Objective.period_id == Period.id).order_by(Period.start).limit(1)
    return (await session.execute(statement)).scalar_one_or_none()


async def all_key_results(session: AsyncSession) -> list[KeyResult]:
    return list((await session.execute(select(KeyResult).order_by(KeyResult.id))).scalars())


async def all_teams(session: AsyncSession) -> list[Team]:
    return list((await session.execute(select(Team).order_by(Team.id))).scalars())
