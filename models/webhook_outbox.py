"""Writing webhook events into the outbox, claiming due ones once across processes, and keeping how a POST went."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.webhooks import Webhook, WebhookEvent

CHUNK = 500
_CACHE = "webhook_subscriptions"


async def subscribers(session: AsyncSession, *, event: str) -> list[int]:
    """Ids of the endpoints following ``event``; read once per session, so a session without webhooks pays one
    small read however many events it causes."""
    if _CACHE not in session.info:
        rows = await session.execute(select(Webhook.id, Webhook.events))
        session.info[_CACHE] = [(id_, set(events.split(","))) for id_, events in rows]
    return [id_ for id_, events in session.info[_CACHE] if event in events]


def forget_subscribers(session: AsyncSession) -> None:
    """The endpoints were just written: read them again at the next event."""
    session.info.pop(_CACHE, None)


async def enqueue(session: AsyncSession, *, event: str, items: Sequence[dict]) -> int:
    """One outbox row per item and endpoint following ``event``, in the caller's transaction; how many."""
    webhooks = await subscribers(session, event=event) if items else []
    rows = []
    for data in items:
        for webhook_id in webhooks:
            delivery_id = str(uuid.uuid4())
            body = json.dumps({"id": delivery_id, "type": event, "data": data}, ensure_ascii=False,
                              separators=(",", ":"), sort_keys=True)
            rows.append({"webhook_id": webhook_id, "delivery_id": delivery_id, "event": event, "body": body,
                         "status": "pending", "attempts": 0, "problem": ""})
    for start in range(0, len(rows), CHUNK):
        await session.execute(insert(WebhookEvent), rows[start : start + CHUNK])
    return len(rows)


@dataclass(frozen=True)
class DueEvent:
    id: int
    delivery_id: str
    event: str
    body: str
    attempts: int
    url: str
    secret_env: str


def _due(now: datetime):
    return ((WebhookEvent.status == "pending")
            & or_(WebhookEvent.next_try_at.is_(None), WebhookEvent.next_try_at <= now)
            & or_(WebhookEvent.lease_until.is_(None), WebhookEvent.lease_until < now))


async def claim_due(session: AsyncSession, *, now: datetime, lease: timedelta, limit: int) -> list[DueEvent]:
    """Lease up to ``limit`` due events nobody holds and return exactly those. The outer condition is checked again
    on each row a concurrent claim changed (PostgreSQL re-reads it), so two processes never win the same event."""
    oldest = select(WebhookEvent.id).where(_due(now)).order_by(WebhookEvent.id).limit(limit)
    statement = (update(WebhookEvent).where(WebhookEvent.id.in_(oldest.scalar_subquery()), _due(now))
                 .values(lease_until=now + lease).returning(WebhookEvent.id))
    ids = sorted(row[0] for row in await session.execute(statement))
    if not ids:
        return []
    rows = await session.execute(
        select(WebhookEvent.id, WebhookEvent.delivery_id, WebhookEvent.event, WebhookEvent.body,
               WebhookEvent.attempts, Webhook.url, Webhook.secret_env)
        .join(Webhook, Webhook.id == WebhookEvent.webhook_id).where(WebhookEvent.id.in_(ids))
        .order_by(WebhookEvent.id))
    return [DueEvent(*row) for row in rows]


async def mark_delivered(session: AsyncSession, *, event_id: int, now: datetime) -> None:
    await session.execute(update(WebhookEvent).where(WebhookEvent.id == event_id).values(
        status="delivered", delivered_at=now, lease_until=None, attempts=WebhookEvent.attempts + 1, problem=""))


async def mark_tried(session: AsyncSession, *, event_id: int, problem: str, retry_at: datetime | None) -> None:
    """A POST that failed: tried again at ``retry_at``, or given up (failed) when that is None."""
    values = {"attempts": WebhookEvent.attempts + 1, "problem": problem[:64], "lease_until": None}
    values.update({"status": "failed"} if retry_at is None else {"next_try_at": retry_at})
    await session.execute(update(WebhookEvent).where(WebhookEvent.id == event_id).values(**values))
