"""Reading key results with their latest answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.checkins import CheckIn
from models.feed_values import FedValue, fed_values_of
from models.okrs import KeyResult, Objective

CHUNK = 500


@dataclass(frozen=True)
class OwnedKeyResult:
    """A key result with its objective's title and the owner's latest check-in on it."""

    id: int
    owner_id: int
    period_id: int
    objective_title: str
    title: str
    kind: str
    baseline: float
    target: float
    unit: str
    current: float | None
    confidence: int | None
    fed: FedValue | None = None  # the latest value its data source gave (models/feed_values.py)
    objective_id: int | None = None  # None when built without it: who may read its blockers is then looked up


@cache
def _owned_statement(asked_only: bool):
    """Built once (every check-in DM, click and form reads it), with the ids as parameters."""
    # The confidence of each key result's latest answer: one index seek on checkin (key_result_id, slot) per key
    # result, instead of grouping every check-in in the store for every chunk.
    last_confidence = (
        select(CheckIn.confidence)
        .where(CheckIn.key_result_id == KeyResult.id)
        .order_by(CheckIn.slot.desc())
        .limit(1)
        .correlate(KeyResult)
        .scalar_subquery()
    )
    return (
        select(
            KeyResult.id, KeyResult.owner_id, Objective.period_id, Objective.title, KeyResult.title,
            KeyResult.kind, KeyResult.baseline, KeyResult.target, KeyResult.unit, KeyResult.current,
            last_confidence, Objective.id,
        )
        .join(Objective, Objective.id == KeyResult.objective_id)
        # ``period_id + 0``: SQLite, without statistics, otherwise reads every objective of the period through
        # its period index for each chunk of people (a tick's cost then grew with the square of the people)
        .where(KeyResult.owner_id.in_(bindparam("person_ids", expanding=True)),
               (Objective.period_id + 0).in_(bindparam("period_ids", expanding=True)),
               KeyResult.archived_at.is_(None),
               Objective.status == "active" if asked_only else Objective.status != "draft")
        .order_by(KeyResult.owner_id, Objective.id, KeyResult.id)
    )


async def owned_key_results(
    session: AsyncSession, *, person_ids: Sequence[int], period_ids: Sequence[int], asked_only: bool = True
) -> list[OwnedKeyResult]:
    """Key results owned by these people in these periods, objective by objective; ``asked_only``: only those of
    active objectives (a paused, dropped or closed objective is not checked in on)."""
    rows: list[OwnedKeyResult] = []
    for start in range(0, len(person_ids), CHUNK):
        result = await session.execute(_owned_statement(asked_only), {
            "person_ids": list(person_ids[start : start + CHUNK]), "period_ids": list(period_ids)})
        rows.extend(OwnedKeyResult(*row[:-1], objective_id=row[-1]) for row in result)
    fed = await fed_values_of(session, key_result_ids=[kr.id for kr in rows]) if rows else {}
    return [replace(kr, fed=fed[kr.id]) if kr.id in fed else kr for kr in rows]
