"""The webhook endpoints, as the organisation file and the environment set them."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.webhook_outbox import forget_subscribers
from models.webhooks import Webhook, WebhookEvent

ENV_SECRET = "OKRBOT_WEBHOOK_SECRET"


async def set_webhooks(session: AsyncSession, *, wanted: Mapping[str, tuple[str, str]]) -> None:
    """Make the file's endpoints exactly ``wanted`` (url -> (secret_env, events)); the events of an endpoint that
    left go with it, sent or not: nobody follows them any more. A URL the environment set becomes the file's."""
    known = {w.url: w for w in (await session.execute(select(Webhook))).scalars()}
    await _remove(session, [w.id for url, w in known.items() if w.origin == "file" and url not in wanted])
    for url, (secret_env, events) in wanted.items():
        row = known.get(url) or Webhook(url=url, secret_env=secret_env, events=events)
        row.secret_env, row.events, row.origin = secret_env, events, "file"
        session.add(row)
    await session.flush()
    forget_subscribers(session)


async def set_env_webhook(session: AsyncSession, *, url: str, events: Collection[str]) -> None:
    """The endpoint of OKRBOT_WEBHOOK_URL (none when empty), signed with OKRBOT_WEBHOOK_SECRET; the file's endpoint
    of the same URL stays the file's."""
    known = {w.url: w for w in (await session.execute(select(Webhook))).scalars()}
    await _remove(session, [w.id for u, w in known.items() if w.origin == "env" and u != url])
    joined = ",".join(sorted(set(events)))
    row = known.get(url)
    if url and row is None:
        session.add(Webhook(url=url, secret_env=ENV_SECRET, events=joined, origin="env"))
    elif row is not None and row.origin == "env" and row.events != joined:
        row.events = joined
    await session.flush()
    forget_subscribers(session)


async def _remove(session: AsyncSession, ids: list[int]) -> None:
    if ids:
        await session.execute(delete(WebhookEvent).where(WebhookEvent.webhook_id.in_(ids)))
        await session.execute(delete(Webhook).where(Webhook.id.in_(ids)))
