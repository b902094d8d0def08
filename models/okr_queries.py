"""Reading key results with their latest answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
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
    objective_id: int | None = None  # None: not read (the privacy rules then look it up)


async def owned_key_results(
    session: AsyncSession, *, person_ids: Sequence[int], period_ids: Sequence[int], asked_only: bool = True
) -> list[OwnedKeyResult]:
    """Key results owned by these people in these periods, objective by objective; ``asked_only``: only those of
    active objectives (a paused, dropped or closed objective is not checked in on)."""
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
    rows: list[OwnedKeyResult] = []
    for start in range(0, len(person_ids), CHUNK):
        statement = (
            select(
                KeyResult.id, KeyResult.owner_id, Objective.period_id, Objective.title, KeyResult.title,
                KeyResult.kind, KeyResult.baseline, KeyResult.target, KeyResult.unit, KeyResult.current,
                last_confidence, Objective.id,
            )
            .join(Objective, Objective.id == KeyResult.objective_id)
            # ``period_id + 0``: SQLite, without statistics, otherwise reads every objective of the period through
            # its period index for each chunk of people (a tick's cost then grew with the square of the people)
            .where(KeyResult.owner_id.in_(person_ids[start : start + CHUNK]),
                   (Objective.period_id + 0).in_(period_ids),
                   KeyResult.archived_at.is_(None),
                   Objective.status == "active" if asked_only else Objective.status != "draft")
            .order_by(KeyResult.owner_id, Objective.id, KeyResult.id)
        )
        rows.extend(OwnedKeyResult(*row[:-1], objective_id=row[-1]) for row in await session.execute(statement))
    fed = await fed_values_of(session, key_result_ids=[kr.id for kr in rows]) if rows else {}
    return [replace(kr, fed=fed[kr.id]) if kr.id in fed else kr for kr in rows]
