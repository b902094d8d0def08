"""Writing values that sources and KPIs give, in batches: key-result values (``source="feed"``) and KPI values,
and what follows from them (a key result's current value, a KPI leaving or re-entering its corridor)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, insert, select, union, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.checkins import CheckIn
from models.feeds import FeedSource, Kpi, KpiMeasure, KpiValue
from models.okrs import KeyResult, KeyResultValue
from models.webhook_events import values_changed

CHUNK = 500


@dataclass(frozen=True)
class NewValue:
    target_id: int  # a key result's or a KPI's id
    value: float
    origin: str


async def record_fed(session: AsyncSession, *, values: Sequence[NewValue], measured_at: datetime, now: datetime,
                     source: str = "feed") -> None:
    """Keep key-result values from outside chat and move each key result's current value when it is the newest."""
    if not values:
        return
    rows = [{"key_result_id": v.target_id, "value": v.value, "measured_at": measured_at, "recorded_at": now,
             "source": source, "origin": v.origin[:200], "note": ""} for v in values]
    await session.execute(insert(KeyResultValue), rows, execution_options={"insertmanyvalues_page_size": CHUNK})
    await refresh_currents(session, key_result_ids={v.target_id for v in values})


async def refresh_currents(session: AsyncSession, *, key_result_ids: Collection[int]) -> None:
    """models.value_store.refresh_current for many key results at once: the newer of the latest check-in's value
    (by slot) and the latest value from outside chat."""
    checked_value, checked_at = (
        select(column).where(CheckIn.key_result_id == KeyResult.id, CheckIn.value.is_not(None))
        .order_by(CheckIn.slot.desc()).limit(1).correlate(KeyResult).scalar_subquery()
        for column in (CheckIn.value, CheckIn.answered_at))
    fed_value, fed_at = (
        select(column).where(KeyResultValue.key_result_id == KeyResult.id)
        .order_by(KeyResultValue.measured_at.desc(), KeyResultValue.id.desc()).limit(1)
        .correlate(KeyResult).scalar_subquery()
        for column in (KeyResultValue.value, KeyResultValue.measured_at))
    ids, changes = sorted(key_result_ids), []
    for start in range(0, len(ids), CHUNK):
        statement = select(KeyResult.id, KeyResult.current, checked_value, checked_at, fed_value, fed_at).where(
            KeyResult.id.in_(ids[start : start + CHUNK]))
        for kr_id, current, c_value, c_at, f_value, f_at in await session.execute(statement):
            newest = max(((v, at) for v, at in ((c_value, c_at), (f_value, f_at)) if at is not None),
                         key=lambda pair: pair[1], default=None)
            if newest is not None and newest[0] != current:
                changes.append({"b_id": kr_id, "b_current": newest[0], "before": current})
    table = KeyResult.__table__
    statement = update(table).where(table.c.id == bindparam("b_id")).values(current=bindparam("b_current"))
    for start in range(0, len(changes), CHUNK):
        await session.execute(statement, [{"b_id": c["b_id"], "b_current": c["b_current"]}
                                          for c in changes[start : start + CHUNK]])
    await values_changed(session, changes=[(c["b_id"], c["before"], c["b_current"]) for c in changes])


def outside(value: float, low: float | None, high: float | None) -> bool:
    return (low is not None and value < low) or (high is not None and value > high)


async def record_kpi_values(session: AsyncSession, *, values: Sequence[NewValue], measured_at: datetime,
                            now: datetime, source: str = "feed") -> None:
    """Keep KPI values; a KPI that leaves its corridor starts an excursion (its owner is told once, by the tick),
    one back inside ends it; the key results a KPI measures get its value."""
    if not values:
        return
    rows = [{"kpi_id": v.target_id, "value": v.value, "measured_at": measured_at, "recorded_at": now,
             "source": source, "origin": v.origin[:200]} for v in values]
    await session.execute(insert(KpiValue), rows, execution_options={"insertmanyvalues_page_size": CHUNK})
    latest = {v.target_id: v.value for v in values}
    ids, changes, names = sorted(latest), [], {}
    for start in range(0, len(ids), CHUNK):
        statement = select(Kpi.id, Kpi.name, Kpi.low, Kpi.high, Kpi.outside_since, Kpi.told_at, Kpi.measured_at).where(
            Kpi.id.in_(ids[start : start + CHUNK]))
        for kpi_id, name, low, high, since, told_at, last_at in await session.execute(statement):
            names[kpi_id] = name
            if last_at is not None and last_at > measured_at:
                continue  # an older measurement arriving late changes no state
            out = outside(latest[kpi_id], low, high)
            changes.append({"b_id": kpi_id, "b_current": latest[kpi_id], "b_at": measured_at,
                            "b_since": (since or measured_at) if out else None, "b_told": told_at if out else None})
    table = Kpi.__table__
    statement = update(table).where(table.c.id == bindparam("b_id")).values(
        current=bindparam("b_current"), measured_at=bindparam("b_at"), outside_since=bindparam("b_since"),
        told_at=bindparam("b_told"))
    for start in range(0, len(changes), CHUNK):
        await session.execute(statement, changes[start : start + CHUNK])
    measured = await measures_of(session, kpi_ids=ids)
    await record_fed(session, values=[NewValue(kr, latest[kpi], names.get(kpi, "KPI")) for kr, kpi in measured],
                     measured_at=measured_at, now=now)


async def measures_of(session: AsyncSession, *, kpi_ids: Sequence[int]) -> list[tuple[int, int]]:
    """(key result id, KPI id) of the key results these KPIs measure."""
    found: list[tuple[int, int]] = []
    for start in range(0, len(kpi_ids), CHUNK):
        statement = select(KpiMeasure.key_result_id, KpiMeasure.kpi_id).where(
            KpiMeasure.kpi_id.in_(kpi_ids[start : start + CHUNK]))
        found += [tuple(row) for row in await session.execute(statement)]
    return found


@dataclass(frozen=True)
class FedValue:
    """The latest value a key result's source (or KPI) gave: what a check-in shows instead of asking for it."""

    value: float
    origin: str
    measured_at: datetime


@cache
def _fed_statement():
    """Built once (every check-in form reads it), with the key result ids as a parameter."""
    latest = (select(KeyResultValue.id).where(KeyResultValue.key_result_id == KeyResult.id,
                                              KeyResultValue.source == "feed")
              .order_by(KeyResultValue.measured_at.desc(), KeyResultValue.id.desc()).limit(1)
              .correlate(KeyResult).scalar_subquery())
    return (select(KeyResult.id, KeyResultValue.value, KeyResultValue.origin, KeyResultValue.measured_at)
            .join(KeyResultValue, KeyResultValue.id == latest)
            .where(KeyResult.id.in_(bindparam("ids", expanding=True))))


@cache
def _fed_ids_statement():
    return union(select(FeedSource.key_result_id).where(FeedSource.key_result_id.is_not(None)),
                 select(KpiMeasure.key_result_id))


async def fed_values_of(session: AsyncSession, *, key_result_ids: Collection[int]) -> dict[int, FedValue]:
    """Key result id -> its latest fed value, for the key results that have a source or a KPI as their measure."""
    # Few key results have a source or a KPI: find those first (one small query) and look up only them, instead of
    # asking for every key result of a tick's batch whether it is one.
    fed = set((await session.execute(_fed_ids_statement())).scalars())
    ids, found = sorted(set(key_result_ids) & fed), {}
    for start in range(0, len(ids), CHUNK):
        rows = await session.execute(_fed_statement(), {"ids": ids[start : start + CHUNK]})
        found.update((row[0], FedValue(*row[1:])) for row in rows)
    return found
