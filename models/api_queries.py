"""What the REST API reads that no other part reads: periods, one key result, its check-ins' numbers, a team's
members. Check-in texts (blockers, one level up) are never selected here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.checkins import CheckIn
from models.okrs import KeyResult, Objective
from models.people import Membership, Period


@dataclass(frozen=True)
class CheckInNumbers:
    """A check-in as the API may show it: when, for which week, the value and the confidence, no words."""

    slot: str
    value: float | None
    confidence: int
    answered_at: datetime


async def all_periods(session: AsyncSession) -> list[Period]:
    return list((await session.execute(select(Period).order_by(Period.start, Period.id))).scalars())


async def latest_started_period(session: AsyncSession) -> Period | None:
    return (await session.execute(select(Period).order_by(Period.start.desc()).limit(1))).scalar_one_or_none()


async def key_result_with_objective(session: AsyncSession, *, key_result_id: int
                                    ) -> tuple[KeyResult, Objective] | None:
    statement = (select(KeyResult, Objective).join(Objective, Objective.id == KeyResult.objective_id)
                 .where(KeyResult.id == key_result_id))
    row = (await session.execute(statement)).first()
    return None if row is None else (row[0], row[1])


async def checkin_numbers(session: AsyncSession, *, key_result_id: int) -> list[CheckInNumbers]:
    """A key result's check-ins, oldest week first: numbers only."""
    statement = (select(CheckIn.slot, CheckIn.value, CheckIn.confidence, CheckIn.answered_at)
                 .where(CheckIn.key_result_id == key_result_id).order_by(CheckIn.slot))
    return [CheckInNumbers(*row) for row in await session.execute(statement)]


async def team_member_ids(session: AsyncSession, *, team_id: int) -> set[int]:
    statement = select(Membership.person_id).where(Membership.team_id == team_id)
    return set((await session.execute(statement)).scalars())
