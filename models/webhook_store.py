"""The webhook endpoints, as the organisation file sets them."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.webhook_outbox import forget_subscribers
from models.webhooks import Webhook, WebhookEvent


async def set_webhooks(session: AsyncSession, *, wanted: Mapping[str, tuple[str, str]]) -> None:
    """Make the endpoints exactly ``wanted`` (url -> (secret_env, events)); the events of an endpoint that left go
    with it, sent or not: nobody follows them any more."""
    known = {w.url: w for w in (await session.execute(select(Webhook))).scalars()}
    gone = [w.id for url, w in known.items() if url not in wanted]
    if gone:
        await session.execute(delete(WebhookEvent).where(WebhookEvent.webhook_id.in_(gone)))
        await session.execute(delete(Webhook).where(Webhook.id.in_(gone)))
    for url, (secret_env, events) in wanted.items():
        row = known.get(url) or Webhook(url=url, secret_env=secret_env, events=events)
        row.secret_env, row.events = secret_env, events
        session.add(row)
    await session.flush()
    forget_subscribers(session)
