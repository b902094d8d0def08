"""Key-result values from outside chat (the REST API, data sources), and which value is a key result's current one.

A key result's current value is the newer of two: the value of its latest check-in (by slot: a late answer to an
older week never overrides a newer week), dated when that answer was given, and the latest value from outside chat,
dated when it was measured. A person may correct a fed value that way, and a feed a typed one.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from models.checkins import CheckIn
from models.okrs import KeyResult, KeyResultValue, Objective, OkrChange
from models.people import Period
from models.webhook_events import values_changed

CHUNK = 500


async def record_value(session: AsyncSession, *, key_result_id: int, value: float, measured_at: datetime,
                       source: str, origin: str = "", note: str = "", now: datetime) -> KeyResultValue:
    """Keep one value from outside chat and move the key result's current value when it is the newest."""
    row = KeyResultValue(key_result_id=key_result_id, value=value, measured_at=measured_at, recorded_at=now,
                         source=source, origin=origin, note=note)
    session.add(row)
    await session.flush()
    await refresh_current(session, key_result_id=key_result_id)
    return row


async def values_of(session: AsyncSession, *, key_result_ids: Collection[int]) -> dict[int, list[KeyResultValue]]:
    """Key result id -> its values from outside chat, oldest first."""
    ids, found = sorted(set(key_result_ids)), {}
    for start in range(0, len(ids), CHUNK):
        statement = (select(KeyResultValue).where(KeyResultValue.key_result_id.in_(ids[start : start + CHUNK]))
                     .order_by(KeyResultValue.measured_at, KeyResultValue.id))
        for row in (await session.execute(statement)).scalars():
            found.setdefault(row.key_result_id, []).append(row)
    return found


@cache
def _current_statement():
    """Built once (every check-in and value recorded passes here): per key result its current value, whether a key
    result continues it, and its latest check-in's and outside value with their moments, in one statement."""
    checked_in = (select(CheckIn.value, CheckIn.answered_at)
                  .where(CheckIn.key_result_id == KeyResult.id, CheckIn.value.is_not(None))
                  .order_by(CheckIn.slot.desc()).limit(1).correlate(KeyResult))
    fed = (select(KeyResultValue.value, KeyResultValue.measured_at).where(KeyResultValue.key_result_id == KeyResult.id)
           .order_by(KeyResultValue.measured_at.desc(), KeyResultValue.id.desc()).limit(1).correlate(KeyResult))
    continued = aliased(KeyResult)
    carried = select(continued.id).where(continued.carried_from_id == KeyResult.id).correlate(KeyResult).exists()
    latest = [query.with_only_columns(column).scalar_subquery()
              for query, columns in ((checked_in, (CheckIn.value, CheckIn.answered_at)),
                                     (fed, (KeyResultValue.value, KeyResultValue.measured_at)))
              for column in columns]
    return select(KeyResult.id, KeyResult.current, carried, *latest).where(
        KeyResult.id.in_(bindparam("ids", expanding=True)))


@cache
def _set_current():
    table = KeyResult.__table__
    return update(table).where(table.c.id == bindparam("b_id")).values(current=bindparam("b_current"))


async def refresh_current(session: AsyncSession, *, key_result_id: int) -> None:
    """Set the key result's current value to the newer of its latest check-in's and its latest outside value."""
    await refresh_currents_of(session, key_result_ids=[key_result_id])


async def refresh_currents_of(session: AsyncSession, *, key_result_ids: Sequence[int]) -> None:
    """``refresh_current`` for the key results of one check-in: one read and one write for all of them."""
    rows = {row[0]: row[1:] for row in await session.execute(_current_statement(), {"ids": list(key_result_ids)})}
    changes = []
    for kr_id in key_result_ids:  # in the order given: the events follow the answers
        if kr_id not in rows:
            continue
        before, carried_over, *latest = rows[kr_id]
        candidates = [(latest[0], latest[1]), (latest[2], latest[3])]
        newest = max((c for c in candidates if c[1] is not None), key=lambda c: c[1], default=None)
        if newest is not None and before != newest[0]:
            changes.append((kr_id, before, newest, carried_over))
    if not changes:
        return
    await session.execute(_set_current(), [{"b_id": kr_id, "b_current": newest[0]} for kr_id, _, newest, _ in changes])
    for kr_id, _, (value, _), _ in changes:  # a plain UPDATE leaves key results this session holds as they were
        if (held := session.identity_map.get(identity_key(KeyResult, kr_id))) is not None:
            set_committed_value(held, "current", value)
    await values_changed(session, changes=[(kr_id, before, newest[0]) for kr_id, before, newest, _ in changes])
    for kr_id, _, (value, at), carried_over in changes:
        if carried_over:
            await _carry_forward(session, key_result_id=kr_id, value=value, at=at)


async def _carry_forward(session: AsyncSession, *, key_result_id: int, value: float, at: datetime) -> None:
    """Key results carried over from this one into a period that has not started yet start from its latest value
    (handlers/planning_drafts.py: "their current values as the new baselines"), unless someone set their baseline
    by hand."""
    later = select(Objective.id).join(Period, Period.id == Objective.period_id).where(Period.start > at.date())
    edited = select(OkrChange.key_result_id).where(OkrChange.what == "baseline",
                                                   OkrChange.key_result_id.is_not(None))
    await session.execute(update(KeyResult).where(
        KeyResult.carried_from_id == key_result_id, KeyResult.kind != "milestone", KeyResult.baseline != value,
        KeyResult.objective_id.in_(later), KeyResult.id.not_in(edited)).values(baseline=value))
