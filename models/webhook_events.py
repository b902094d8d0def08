"""What an outgoing webhook tells, built in the transaction of what caused it.

Payloads hold only what a team-level reader may see (handlers/visibility.py): key results of team and organisation
objectives, never a personal objective's; from a check-in the values and confidence, never the answers' texts
(blockers, "one level up"), which only their owner's circle reads; never a secret. Nothing is read when no endpoint
follows the event.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.digests import ChannelPost
from models.okrs import KeyResult, Objective
from models.people import Period, Team
from models.webhook_outbox import enqueue, subscribers

CHUNK = 500
PERSONAL = "person"  # handlers/visibility.py: a personal objective is never shown beyond its circle
KR_NAMES = ("id", "ref", "title", "kind", "unit", "baseline", "target", "current")
KR_COLUMNS = tuple(getattr(KeyResult, name) for name in KR_NAMES)


async def checkin_recorded(session: AsyncSession, *, slot: str, answers: Sequence[dict], now: datetime) -> int:
    """One event for one person's answers in ``slot`` on key results anyone may see."""
    if not await subscribers(session, event="checkin.recorded"):
        return 0
    public = await _public_key_results(session, [a["key_result_id"] for a in answers])
    shown = [{"key_result": public[a["key_result_id"]], "value": a.get("value"), "confidence": a.get("confidence")}
             for a in answers if a["key_result_id"] in public]
    if not shown:
        return 0
    return await enqueue(session, event="checkin.recorded",
                         items=[{"week": slot, "answered_at": now.isoformat(), "answers": shown}])


async def values_changed(session: AsyncSession, *, changes: Sequence[tuple[int, float | None, float]]) -> int:
    """A key result's current value moved: (key result id, before, after) each."""
    if not changes or not await subscribers(session, event="key_result.changed"):
        return 0
    public = await _public_key_results(session, [kr_id for kr_id, _, _ in changes])
    return await enqueue(session, event="key_result.changed", items=[
        {"key_result": public[kr_id], "change": "value", "before": before, "after": after}
        for kr_id, before, after in changes if kr_id in public])


async def definition_changed(session: AsyncSession, *, key_result_id: int, what: str, before: str, after: str,
                             at: datetime) -> int:
    if not await subscribers(session, event="key_result.changed"):
        return 0
    public = await _public_key_results(session, [key_result_id])
    if key_result_id not in public:
        return 0
    return await enqueue(session, event="key_result.changed", items=[
        {"key_result": public[key_result_id], "change": what, "before": before, "after": after,
         "at": at.isoformat()}])


async def summary_posted(session: AsyncSession, *, post_id: int, now: datetime) -> int:
    """A summary or recap went up in a channel (a team's or the organisation's)."""
    if not await subscribers(session, event="summary.posted"):
        return 0
    post, period = (await session.execute(select(ChannelPost, Period).join(Period, Period.id == ChannelPost.period_id)
                                          .where(ChannelPost.id == post_id))).one()
    team = None
    if post.scope.startswith("team:"):
        team = (await session.execute(select(Team.name).where(Team.id == int(post.scope[5:])))).scalar()
    return await enqueue(session, event="summary.posted", items=[
        {"kind": post.kind, "team": team, "period": period.name, "week": post.slot, "posted_at": now.isoformat()}])


async def _public_key_results(session: AsyncSession, ids: Collection[int]) -> dict[int, dict]:
    """Key result id -> what a payload says of it, for those of team and organisation objectives."""
    ids, found = sorted(set(ids)), {}
    for start in range(0, len(ids), CHUNK):
        statement = (select(*KR_COLUMNS, Objective.id, Objective.title, Objective.level)
                     .join(Objective, Objective.id == KeyResult.objective_id)
                     .where(KeyResult.id.in_(ids[start : start + CHUNK]), Objective.level != PERSONAL))
        for row in await session.execute(statement):  # columns, not rows: the store's current value, not a cached one
            shown = dict(zip(KR_NAMES, row[: len(KR_NAMES)], strict=True))
            shown["objective"] = dict(zip(("id", "title", "level"), row[len(KR_NAMES) :], strict=True))
            found[shown["id"]] = shown
    return found
