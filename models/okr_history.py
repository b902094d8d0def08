"""The history of OKRs changed while their period runs: what changed, from what to what, why, by whom and when."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.okrs import Objective, OkrChange
from models.webhook_events import definition_changed

CHUNK = 500


async def record_change(session: AsyncSession, *, objective_id: int, what: str, at: datetime,
                        key_result_id: int | None = None, before: str = "", after: str = "", reason: str = "",
                        by_person_id: int | None = None) -> OkrChange:
    row = OkrChange(objective_id=objective_id, key_result_id=key_result_id, what=what, before=before[:500],
                    after=after[:500], reason=reason[:500], by_person_id=by_person_id, at=at)
    session.add(row)
    await session.flush()
    if key_result_id is not None:
        await definition_changed(session, key_result_id=key_result_id, what=what, before=row.before,
                                 after=row.after, at=at)
    return row


async def changes_in_period(session: AsyncSession, *, period_id: int) -> dict[int, list[OkrChange]]:
    """Objective id -> the changes of the period's objectives, in time order, in one statement whatever their
    number."""
    statement = (select(OkrChange).join(Objective, Objective.id == OkrChange.objective_id)
                 .where(Objective.period_id == period_id).order_by(OkrChange.at, OkrChange.id))
    found: dict[int, list[OkrChange]] = {}
    for row in (await session.execute(statement)).scalars():
        found.setdefault(row.objective_id, []).append(row)
    return found


async def changes_of(session: AsyncSession, *, objective_ids: Collection[int], since: datetime | None = None,
                     until: datetime | None = None) -> dict[int, list[OkrChange]]:
    """Objective id -> its changes (its key results' included) in time order, optionally within [since, until)."""
    ids, found = sorted(set(objective_ids)), {}
    for start in range(0, len(ids), CHUNK):
        statement = select(OkrChange).where(OkrChange.objective_id.in_(ids[start : start + CHUNK]))
        if since is not None:
            statement = statement.where(OkrChange.at >= since)
        if until is not None:
            statement = statement.where(OkrChange.at < until)
        for row in (await session.execute(statement.order_by(OkrChange.at, OkrChange.id))).scalars():
            found.setdefault(row.objective_id, []).append(row)
    return found
