"""Reading key results with their latest answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.checkins import CheckIn
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


async def owned_key_results(
    session: AsyncSession, *, person_ids: Sequence[int], period_ids: Sequence[int]
) -> list[OwnedKeyResult]:
    """Key results owned by these people in these periods, objective by objective."""
    latest = (
        select(CheckIn.key_result_id, func.max(CheckIn.slot).label("slot"))
        .group_by(CheckIn.key_result_id)
        .subquery()
    )
    last = (
        select(CheckIn.key_result_id, CheckIn.confidence)
        .join(latest, and_(latest.c.key_result_id == CheckIn.key_result_id, latest.c.slot == CheckIn.slot))
        .subquery()
    )
    rows: list[OwnedKeyResult] = []
    for start in range(0, len(person_ids), CHUNK):
        statement = (
            select(
                KeyResult.id, KeyResult.owner_id, Objective.period_id, Objective.title, KeyResult.title,
                KeyResult.kind, KeyResult.baseline, KeyResult.target, KeyResult.unit, KeyResult.current,
                last.c.confidence,
            )
            .join(Objective, Objective.id == KeyResult.objective_id)
            .outerjoin(last, last.c.key_result_id == KeyResult.id)
            .where(KeyResult.owner_id.in_(person_ids[start : start + CHUNK]), Objective.period_id.in_(period_ids))
            .order_by(KeyResult.owner_id, Objective.id, KeyResult.id)
        )
        rows.extend(OwnedKeyResult(*row) for row in await session.execute(statement))
    return rows
