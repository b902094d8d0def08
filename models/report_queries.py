"""Reading objectives with their key results and check-in history, a fixed number of queries for any size."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.checkins import CheckIn
from models.okr_status import NOT_DRAFT
from models.okrs import KeyResult, Objective
from models.people import Period, Person

CHUNK = 1000


@dataclass(frozen=True)
class HistoryRow:
    key_result_id: int
    person_id: int
    slot: str
    value: float | None
    confidence: int
    one_level_up: str
    blockers: str
    answered_at: datetime


async def objectives_of_team(session: AsyncSession, *, team_id: int, period_id: int) -> list[Objective]:
    """The objectives the team owns (its members' personal ones are theirs: handlers/visibility.py)."""
    statement = (
        select(Objective)
        .where(Objective.period_id == period_id, Objective.owner_team_id == team_id,
               Objective.archived_at.is_(None), NOT_DRAFT)
        .order_by(Objective.level, Objective.id)
    )
    return list((await session.execute(statement)).scalars())


async def objectives_of_person(session: AsyncSession, *, person_id: int, period_id: int) -> list[Objective]:
    """Objectives the person owns or holds a key result in."""
    holds = select(KeyResult.objective_id).where(KeyResult.owner_id == person_id)
    statement = (
        select(Objective)
        .where(Objective.period_id == period_id, Objective.archived_at.is_(None), NOT_DRAFT)
        .where(or_(Objective.owner_person_id == person_id, Objective.id.in_(holds)))
        .order_by(Objective.id)
    )
    return list((await session.execute(statement)).scalars())


async def objectives_of_period(session: AsyncSession, *, period_id: int) -> list[Objective]:
    statement = select(Objective).where(Objective.period_id == period_id, Objective.archived_at.is_(None),
                                        NOT_DRAFT).order_by(Objective.level, Objective.id)
    return list((await session.execute(statement)).scalars())


async def key_results_of(session: AsyncSession, *, objective_ids: Sequence[int]) -> list[KeyResult]:
    rows: list[KeyResult] = []
    for start in range(0, len(objective_ids), CHUNK):
        statement = (
            select(KeyResult).where(KeyResult.objective_id.in_(objective_ids[start : start + CHUNK]),
                                    KeyResult.archived_at.is_(None))
            .order_by(KeyResult.objective_id, KeyResult.id)
        )
        rows.extend((await session.execute(statement)).scalars())
    return rows


async def history_of(session: AsyncSession, *, key_result_ids: Sequence[int]) -> list[HistoryRow]:
    """Every check-in on these key results, oldest slot first."""
    rows: list[HistoryRow] = []
    for start in range(0, len(key_result_ids), CHUNK):
        statement = (
            select(CheckIn.key_result_id, CheckIn.person_id, CheckIn.slot, CheckIn.value, CheckIn.confidence,
                   CheckIn.one_level_up, CheckIn.blockers, CheckIn.answered_at)
            .where(CheckIn.key_result_id.in_(key_result_ids[start : start + CHUNK]))
            .order_by(CheckIn.key_result_id, CheckIn.slot)
        )
        rows.extend(HistoryRow(*row) for row in await session.execute(statement))
    return rows


async def names_of(session: AsyncSession, *, person_ids: Sequence[int]) -> dict[int, str]:
    statement = select(Person.id, Person.name).where(Person.id.in_(person_ids))
    return {person_id: name for person_id, name in await session.execute(statement)}


@dataclass(frozen=True)
class ExportRow:
    period: str
    person_id: str
    person: str
    objective: str
    key_result: str
    unit: str
    slot: str
    value: float | None
    confidence: int
    one_level_up: str
    blockers: str
    answered_at: datetime


EXPORT_COLUMNS = tuple(f.name for f in fields(ExportRow))


def _checkins_in_order():
    return (
        select(Period.name, Person.platform_user_id, Person.name, Objective.title, KeyResult.title, KeyResult.unit,
               CheckIn.slot, CheckIn.value, CheckIn.confidence, CheckIn.one_level_up, CheckIn.blockers,
               CheckIn.answered_at)
        .join(Person, Person.id == CheckIn.person_id)
        .join(KeyResult, KeyResult.id == CheckIn.key_result_id)
        .join(Objective, Objective.id == KeyResult.objective_id)
        .join(Period, Period.id == CheckIn.period_id)
        .order_by(Period.start, Person.name, CheckIn.slot, KeyResult.id)
    )


async def all_checkins(session: AsyncSession) -> list[ExportRow]:
    """Every check-in with who gave it and on what, in period, person and slot order."""
    return [ExportRow(*row) for row in await session.execute(_checkins_in_order())]


async def checkin_rows(session: AsyncSession, *, size: int = 2000) -> AsyncIterator[Sequence[tuple]]:
    """The rows of ``all_checkins`` as plain tuples (columns: ``EXPORT_COLUMNS``), ``size`` at a time as the store
    streams them: Core rows on the session's connection, so an export of any size is never held whole."""
    connection = await session.connection()
    result = await connection.stream(_checkins_in_order())
    async for rows in result.partitions(size):
        yield rows
