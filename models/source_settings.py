"""Writing sources, KPIs and the key results KPIs measure, as the organisation file and chat set them."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.feeds import FeedSource, Kpi, KpiMeasure
from models.okrs import KeyResult


async def kpis_by_key(session: AsyncSession, *, keys: Collection[str] | None = None) -> dict[str, Kpi]:
    """KPIs by key: these, or every one (archived ones included) when ``keys`` is None."""
    statement = select(Kpi) if keys is None else select(Kpi).where(Kpi.key.in_(keys))
    return {k.key: k for k in (await session.execute(statement)).scalars()}


async def sources_of(session: AsyncSession, *, key_result_ids: Collection[int] = (), kpi_ids: Collection[int] = ()
                     ) -> dict[tuple[str, int], FeedSource]:
    """("kr", id) or ("kpi", id) -> its source."""
    found: dict[tuple[str, int], FeedSource] = {}
    if key_result_ids:
        rows = await session.execute(select(FeedSource).where(FeedSource.key_result_id.in_(key_result_ids)))
        found.update((("kr", s.key_result_id), s) for s in rows.scalars())
    if kpi_ids:
        rows = await session.execute(select(FeedSource).where(FeedSource.kpi_id.in_(kpi_ids)))
        found.update((("kpi", s.kpi_id), s) for s in rows.scalars())
    return found


def set_source(session: AsyncSession, known: FeedSource | None, *, key_result_id: int | None = None,
               kpi_id: int | None = None, kind: str, name: str, config: str, every_minutes: int,
               now: datetime) -> FeedSource:
    """Add or change a source; a changed one is read at the next tick, and its failing state starts over."""
    if known is not None and (known.kind, known.name, known.config, known.every_minutes) == (
            kind, name, config, every_minutes):
        return known
    source = known or FeedSource(key_result_id=key_result_id, kpi_id=kpi_id, kind=kind, name=name, config=config,
                                 every_minutes=every_minutes, next_due_at=now)
    if known is not None:
        for attribute, value in (("kind", kind), ("name", name), ("config", config), ("every_minutes", every_minutes),
                                 ("next_due_at", now), ("failing_since", None), ("problem", ""), ("told", "")):
            setattr(source, attribute, value)
    session.add(source)
    return source


async def remove_source(session: AsyncSession, *, key_result_id: int) -> bool:
    result = await session.execute(delete(FeedSource).where(FeedSource.key_result_id == key_result_id))
    return result.rowcount > 0


async def stop_archived_sources(session: AsyncSession) -> int:
    """Remove the sources of archived key results and KPIs (their values stay); how many there were."""
    archived_krs = select(KeyResult.id).where(KeyResult.archived_at.is_not(None))
    archived_kpis = select(Kpi.id).where(Kpi.archived_at.is_not(None))
    result = await session.execute(delete(FeedSource).where(
        or_(FeedSource.key_result_id.in_(archived_krs), FeedSource.kpi_id.in_(archived_kpis))))
    return result.rowcount


async def set_measures(session: AsyncSession, *, wanted: dict[int, int], key_result_ids: Collection[int]) -> None:
    """Among ``key_result_ids``, exactly those in ``wanted`` (key result -> KPI) are measured by a KPI."""
    ids = sorted(key_result_ids)
    if not ids:
        return
    rows = await session.execute(select(KpiMeasure).where(KpiMeasure.key_result_id.in_(ids)))
    known = {m.key_result_id: m for m in rows.scalars()}
    for kr_id, measure in known.items():
        if kr_id not in wanted:
            await session.delete(measure)
        elif measure.kpi_id != wanted[kr_id]:
            measure.kpi_id = wanted[kr_id]
    session.add_all(KpiMeasure(key_result_id=kr, kpi_id=kpi) for kr, kpi in wanted.items() if kr not in known)
