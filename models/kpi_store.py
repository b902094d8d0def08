"""Reading KPIs: for the recap's table, the weekly summary, the tick that tells owners, and the REST API."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from models.feeds import FeedSource, Kpi, KpiValue
from models.people import Team

CHUNK = 500


@dataclass(frozen=True)
class KpiView:
    id: int
    key: str
    name: str
    unit: str
    low: float | None
    high: float | None
    team_id: int | None  # None: the organisation's
    owner_id: int | None
    current: float | None
    measured_at: datetime | None
    outside_since: datetime | None
    source: str  # the source's public name, "" for manual values

    @property
    def outside(self) -> bool:
        return self.outside_since is not None


def _columns():
    return (Kpi.id, Kpi.key, Kpi.name, Kpi.unit, Kpi.low, Kpi.high, Kpi.team_id, Kpi.owner_id, Kpi.current,
            Kpi.measured_at, Kpi.outside_since, func.coalesce(FeedSource.name, ""))


def _select():
    return (select(*_columns()).outerjoin(FeedSource, FeedSource.kpi_id == Kpi.id)
            .where(Kpi.archived_at.is_(None)).order_by(Kpi.team_id.is_not(None), Kpi.team_id, Kpi.id))


async def kpis_of(session: AsyncSession, *, team_ids: Sequence[int] = (), organisation: bool = True
                  ) -> list[KpiView]:
    """The KPIs of these teams, and the organisation's unless ``organisation`` is False; organisation first."""
    conditions = [Kpi.team_id.in_(team_ids)] if team_ids else []
    if organisation:
        conditions.append(Kpi.team_id.is_(None))
    if not conditions:
        return []
    return [KpiView(*row) for row in await session.execute(_select().where(or_(*conditions)))]


async def all_kpis(session: AsyncSession) -> list[KpiView]:
    return [KpiView(*row) for row in await session.execute(_select())]


async def kpi_values_between(session: AsyncSession, *, since: datetime, until: datetime
                             ) -> tuple[list[KpiView], dict[int, list[tuple[datetime, float]]]]:
    """The KPIs not archived, and per KPI its values measured and recorded by ``until``: the last one before
    ``since`` and every one from ``since`` on, oldest first. One statement, however many KPIs."""
    known = (KpiValue.measured_at <= until, KpiValue.recorded_at <= until)
    earlier = aliased(KpiValue)
    last_before = (select(func.max(earlier.measured_at))
                   .where(earlier.kpi_id == Kpi.id, earlier.measured_at < since, earlier.recorded_at <= until)
                   .correlate(Kpi).scalar_subquery())
    statement = (_select().add_columns(KpiValue.measured_at, KpiValue.value)
                 .outerjoin(KpiValue, and_(KpiValue.kpi_id == Kpi.id, *known,
                                           KpiValue.measured_at >= func.coalesce(last_before, since)))
                 .order_by(KpiValue.measured_at, KpiValue.id))
    kpis: dict[int, KpiView] = {}
    values: dict[int, list[tuple[datetime, float]]] = {}
    for row in await session.execute(statement):
        kpi = kpis.setdefault(row[0], KpiView(*row[:-2]))
        if row[-2] is not None:
            values.setdefault(kpi.id, []).append((row[-2], row[-1]))
    return list(kpis.values()), values


async def team_names(session: AsyncSession, *, team_ids: Collection[int]) -> dict[int, str]:
    if not team_ids:
        return {}
    return dict((await session.execute(select(Team.id, Team.name).where(Team.id.in_(sorted(team_ids))))).all())


async def kpis_to_tell(session: AsyncSession) -> list[KpiView]:
    """KPIs out of their corridor whose owner has not heard of this excursion yet."""
    statement = _select().where(Kpi.outside_since.is_not(None), Kpi.told_at.is_(None), Kpi.owner_id.is_not(None))
    return [KpiView(*row) for row in await session.execute(statement)]


async def mark_told(session: AsyncSession, *, kpi_ids: Sequence[int], now: datetime) -> None:
    ids = sorted(kpi_ids)
    for start in range(0, len(ids), CHUNK):
        # only an excursion still running: one that ended while the message went out is not marked
        await session.execute(update(Kpi).where(Kpi.id.in_(ids[start : start + CHUNK]), Kpi.outside_since.is_not(None))
                              .values(told_at=now))


async def owned_kpi_named(session: AsyncSession, *, owner_id: int, name: str) -> Kpi | None:
    statement = select(Kpi).where(Kpi.owner_id == owner_id, func.lower(Kpi.name) == name.lower(),
                                  Kpi.archived_at.is_(None))
    return (await session.execute(statement.limit(1))).scalars().first()
