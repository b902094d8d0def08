"""Creating objectives and key results from chat."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.okrs import KeyResult, Objective


async def objectives_owned(session: AsyncSession, *, period_id: int, person_id: int | None, team_id: int | None
                           ) -> int:
    statement = select(func.count(Objective.id)).where(Objective.period_id == period_id,
                                                       Objective.archived_at.is_(None))
    if team_id is not None:
        statement = statement.where(Objective.owner_team_id == team_id)
    else:
        statement = statement.where(Objective.owner_person_id == person_id)
    return (await session.execute(statement)).scalar_one()


async def create_objective(session: AsyncSession, *, objective: dict, key_results: Sequence[dict]) -> Objective:
    """Store an objective and its key results; chat-made ones get a random ref, as they have no file id."""
    row = Objective(ref=f"chat/{uuid.uuid4().hex}", **objective)
    session.add(row)
    await session.flush()
    for kr in key_results:
        session.add(KeyResult(ref=f"{row.ref}/{uuid.uuid4().hex[:8]}", objective_id=row.id, **kr))
    await session.flush()
    return row
