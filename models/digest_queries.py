"""Reading a whole period at once for digests, summaries and recaps: a fixed number of queries for any size.

Every function takes an optional ``person_ids``: None reads everyone (all digests of an organisation), a list
reads only what those people answered or own (the few digests one tick sends).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.checkins import CheckIn
from models.digests import OneOnOne
from models.okr_status import NOT_DRAFT
from models.okrs import KeyResult, Objective
from models.people import Membership, Person, Team
from models.report_queries import HistoryRow


async def people(session: AsyncSession, *, person_ids: Sequence[int] | None = None) -> list[Person]:
    statement = select(Person).order_by(Person.id)
    if person_ids is not None:
        statement = statement.where(Person.id.in_(person_ids))
    return list((await session.execute(statement)).scalars())


async def teams(session: AsyncSession, *, team_ids: Sequence[int] | None = None) -> list[Team]:
    statement = select(Team).order_by(Team.id)
    if team_ids is not None:
        statement = statement.where(Team.id.in_(team_ids))
    return list((await session.execute(statement)).scalars())


async def memberships(session: AsyncSession, *, person_ids: Sequence[int] | None = None,
                      team_ids: Sequence[int] | None = None) -> list[Membership]:
    statement = select(Membership).order_by(Membership.team_id, Membership.person_id)
    if person_ids is not None:
        statement = statement.where(Membership.person_id.in_(person_ids))
    if team_ids is not None:
        statement = statement.where(Membership.team_id.in_(team_ids))
    return list((await session.execute(statement)).scalars())


async def period_objectives(session: AsyncSession, *, period_id: int) -> list[Objective]:
    statement = select(Objective).where(Objective.period_id == period_id, Objective.archived_at.is_(None),
                                        NOT_DRAFT).order_by(Objective.level, Objective.id)
    return list((await session.execute(statement)).scalars())


async def period_key_results(session: AsyncSession, *, period_id: int) -> list[KeyResult]:
    statement = (
        select(KeyResult).join(Objective, Objective.id == KeyResult.objective_id)
        .where(Objective.period_id == period_id, KeyResult.archived_at.is_(None), NOT_DRAFT)
        .order_by(KeyResult.objective_id, KeyResult.id)
    )
    return list((await session.execute(statement)).scalars())


async def period_history(session: AsyncSession, *, period_id: int, person_ids: Sequence[int] | None = None
                         ) -> list[HistoryRow]:
    """Every check-in of the period (or of these people), per key result, oldest slot first."""
    statement = (
        select(CheckIn.key_result_id, CheckIn.person_id, CheckIn.slot, CheckIn.value, CheckIn.confidence,
               CheckIn.one_level_up, CheckIn.blockers, CheckIn.answered_at)
        .where(CheckIn.period_id == period_id)
        .order_by(CheckIn.key_result_id, CheckIn.slot)
    )
    if person_ids is not None:
        statement = statement.where(CheckIn.person_id.in_(person_ids))
    return [HistoryRow(*row) for row in await session.execute(statement)]


async def one_on_ones(session: AsyncSession, *, manager_ids: Sequence[int] | None = None) -> list[OneOnOne]:
    statement = select(OneOnOne).order_by(OneOnOne.manager_id, OneOnOne.report_id)
    if manager_ids is not None:
        statement = statement.where(OneOnOne.manager_id.in_(manager_ids))
    return list((await session.execute(statement)).scalars())
