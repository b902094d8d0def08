"""Claiming due data sources once across processes, and keeping what reading them gave.

A due source is claimed by one UPDATE that leases it (like a delivery's claim): a process that dies while reading
lets the lease run out and another takes the source over. Results are written in batches, so a tick that reads
10 000 sources sends a number of statements that grows only with the batches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.feeds import FeedSource, Kpi
from models.okrs import KeyResult
from models.types import UTCDateTime

CHUNK = 500


@dataclass(frozen=True)
class DueSource:
    id: int
    key_result_id: int | None
    kpi_id: int | None
    kind: str
    name: str
    config: str
    every_minutes: int
    failing_since: datetime | None
    told: str


@dataclass(frozen=True)
class SourceResult:
    """What reading one source gave: a value, or the code of a problem."""

    source: DueSource
    value: float | None = None
    problem: str = ""  # "" when the read went well


async def claim_due(session: AsyncSession, *, now: datetime, lease: timedelta) -> list[DueSource]:
    """Lease every source due at ``now`` that nobody else holds, and return exactly those."""
    table = FeedSource.__table__
    statement = (
        update(FeedSource)
        .where(FeedSource.next_due_at <= now, or_(FeedSource.lease_until.is_(None), FeedSource.lease_until < now))
        .values(lease_until=now + lease)
        .returning(table.c.id, table.c.key_result_id, table.c.kpi_id, table.c.kind, table.c.name, table.c.config,
                   table.c.every_minutes, table.c.failing_since, table.c.told)
    )
    return [DueSource(*row) for row in await session.execute(statement)]


@dataclass(frozen=True)
class Subject:
    """What a source feeds, as its owner reads it."""

    owner_id: int
    title: str
    unit: str


async def subjects_of(session: AsyncSession, *, sources: Sequence[DueSource]) -> dict[int, Subject]:
    """Source id -> the key result or KPI it feeds, with the person told about it (a KPI may have no owner)."""
    found: dict[int, Subject] = {}
    by_kr = {s.key_result_id: s.id for s in sources if s.key_result_id}
    by_kpi = {s.kpi_id: s.id for s in sources if s.kpi_id}
    for index, model, title in ((by_kr, KeyResult, KeyResult.title), (by_kpi, Kpi, Kpi.name)):
        ids = sorted(index)
        for start in range(0, len(ids), CHUNK):
            statement = select(model.id, model.owner_id, title, model.unit).where(
                model.id.in_(ids[start : start + CHUNK]), model.owner_id.is_not(None))
            found.update({index[row_id]: Subject(owner, name, unit)
                          for row_id, owner, name, unit in await session.execute(statement)})
    return found


async def finish(session: AsyncSession, *, results: Sequence[SourceResult], now: datetime) -> None:
    """Release the sources read at ``now``: due again one interval later, their problem (or none) kept."""
    if not results:
        return
    rows = []
    for r in results:
        ok = not r.problem
        rows.append({
            "b_id": r.source.id, "b_due": now + timedelta(minutes=r.source.every_minutes), "b_problem": r.problem,
            "b_ok": now if ok else None, "b_since": None if ok else (r.source.failing_since or now),
        })
    statement = (
        update(FeedSource.__table__).where(FeedSource.__table__.c.id == bindparam("b_id"))
        .values(next_due_at=bindparam("b_due"), lease_until=None, problem=bindparam("b_problem"),
                failing_since=bindparam("b_since"),
                last_ok_at=func.coalesce(bindparam("b_ok", type_=UTCDateTime()), FeedSource.__table__.c.last_ok_at))
    )
    for start in range(0, len(rows), CHUNK):
        await session.execute(statement, rows[start : start + CHUNK])


async def set_told(session: AsyncSession, *, source_ids: Sequence[int], told: str) -> None:
    ids = sorted(source_ids)
    for start in range(0, len(ids), CHUNK):
        await session.execute(update(FeedSource).where(FeedSource.id.in_(ids[start : start + CHUNK]))
                              .values(told=told))
