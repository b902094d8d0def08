"""Recording check-ins, skips and snoozes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from models.checkins import CheckIn, SlotStatus
from models.db import insert_for
from models.okrs import KeyResult, Objective
from models.value_store import refresh_currents_of
from models.webhook_events import checkin_recorded

TEXTS = ("one_level_up", "blockers")


@dataclass(frozen=True)
class KeyResultHead:
    """What recording an answer needs of a key result: whose it is, in which period, and how its value reads."""

    id: int
    owner_id: int
    kind: str
    period_id: int
    title: str
    unit: str
    asked: bool  # checked in on: not archived, its objective active (as models.okr_queries.owned_key_results)


@cache
def _owners_statement():
    return (
        select(KeyResult.id, KeyResult.owner_id, KeyResult.kind, Objective.period_id, KeyResult.title, KeyResult.unit,
               KeyResult.archived_at.is_(None) & (Objective.status == "active"))
        .join(Objective, Objective.id == KeyResult.objective_id)
        .where(KeyResult.id.in_(bindparam("ids", expanding=True)))
    )


async def owners_of(session: AsyncSession, *, key_result_ids: Sequence[int]) -> dict[int, KeyResultHead]:
    """key result id -> its head, for the ids that exist."""
    rows = await session.execute(_owners_statement(), {"ids": list(key_result_ids)})
    return {row[0]: KeyResultHead(*row[:6], bool(row[6])) for row in rows}


async def record_checkins(
    session: AsyncSession, *, person_id: int, period_id: int, slot: str, answers: Sequence[dict], now: datetime
) -> None:
    """Store one slot's answers (``key_result_id, value, confidence, one_level_up, blockers``), replacing earlier
    answers in the same slot, and move each key result's current value when this slot is its latest. A text given
    as None was not part of the answer (a confidence click): an earlier answer's text stays."""
    rows: dict[tuple[str, ...], list[dict]] = {}  # by the texts they carry: one statement for the answers alike
    for answer in answers:
        row = {**answer, "person_id": person_id, "period_id": period_id, "slot": slot, "answered_at": now}
        if row["value"] is None:
            row["value"] = await _value_before(session, key_result_id=answer["key_result_id"], slot=slot)
        carried = tuple(k for k in TEXTS if row.get(k) is not None)
        row.update({k: "" for k in TEXTS if row.get(k) is None})
        rows.setdefault(carried, []).append(row)
    for carried, alike in rows.items():
        await session.execute(_upsert(session.bind.dialect.name, carried), alike)
    await refresh_currents_of(session, key_result_ids=[answer["key_result_id"] for answer in answers])
    await checkin_recorded(session, slot=slot, answers=answers, now=now)


@cache
def _upsert(dialect: str, carried: tuple[str, ...]):
    """The check-in upsert, built once per dialect and set of carried texts (SQLAlchemy then reuses its compiled
    form) rather than once per answer."""
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(CheckIn)
    return statement.on_conflict_do_update(
        index_elements=["key_result_id", "slot"],
        set_={k: statement.excluded[k] for k in ("value", "confidence", "answered_at", *carried)},
    )


@cache
def _before_statement():
    """Built once (every confidence click passes here)."""
    key_result_id, slot = bindparam("key_result_id"), bindparam("slot")
    reported = (CheckIn.key_result_id == key_result_id, CheckIn.value.is_not(None))
    before = (select(CheckIn.value).where(*reported, CheckIn.slot <= slot)
              .order_by(CheckIn.slot.desc()).limit(1).scalar_subquery())
    after = select(CheckIn.id).where(*reported, CheckIn.slot > slot).exists()
    return select(before, after, KeyResult.current).where(KeyResult.id == key_result_id)


async def _value_before(session: AsyncSession, *, key_result_id: int, slot: str) -> float | None:
    """The value last reported before ``slot`` (or the key result's current one), carried into a confidence-only
    answer so the history has no holes. One statement: a click's answer is on the busiest path there is."""
    row = (await session.execute(_before_statement(), {"key_result_id": key_result_id, "slot": slot})).first()
    if row is None:
        return None
    value, reported_after, current = row
    # Only without a later report is ``current`` older than this slot; otherwise it is a later week's value.
    return value if value is not None or reported_after else current


async def set_slot_status(
    session: AsyncSession, *, person_id: int, period_id: int, slot: str,
    skipped: bool | None = None, snoozed_until: datetime | None = None,
) -> None:
    values = {"skipped": bool(skipped), "snoozed_until": snoozed_until}
    statement = insert_for(session)(SlotStatus).values(person_id=person_id, period_id=period_id, slot=slot, **values)
    changes = {"skipped": skipped} if skipped is not None else {"snoozed_until": snoozed_until}
    await session.execute(
        statement.on_conflict_do_update(index_elements=["person_id", "period_id", "slot"], set_=changes)
    )
