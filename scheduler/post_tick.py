"""The channel half of a tick: post what is due in team channels once, and edit summaries that late answers changed.

Posts are claimed like deliveries (models/post_claims.py), so several processes ticking post each one once; each
is flagged ``sending`` before it is posted, and one taken over mid-post is first looked for in its channel. A
summary is edited in place, through the handle its edge returned, when a member answered the slot after the
summary was last built: no second post for a late answer.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from bot.messages import Message
from handlers.ports import AiClient, DeliveryFailed, Messenger
from handlers.post_outbox import PostRef, channel_messages
from handlers.survey_catalog import REFLECTION_OPEN_DAYS
from models.db import SessionFactory, transaction
from models.digests import ChannelPost
from models.leases import mark_sending
from models.post_claims import (
    ClaimedPost,
    claim_posts,
    mark_post_failed,
    mark_posted,
    mark_updated,
    posts_to_revisit,
    reclaim_expired_posts,
)
from models.webhook_events import summary_posted
from scheduler.cadence import SEND_WINDOW
from scheduler.checks import posted
from scheduler.digest_due import post_claims
from scheduler.leases import LeaseKeeper

log = logging.getLogger(__name__)

EDIT_WINDOW = timedelta(days=7)  # a summary stays current until the next one, a week later
RECAP_EDIT_WINDOW = timedelta(days=REFLECTION_OPEN_DAYS + 7)  # reflections may still come in after the recap


async def post_due(*, sessions: SessionFactory, messenger: Messenger, now: datetime, lease: timedelta,
                   max_attempts: int, report, org_channel: str | None = None, ai: AiClient | None = None,
                   elapsed: Callable[[], float] = time.monotonic, began: float | None = None) -> None:
    """Claim, build and post every summary and recap due at ``now``; then edit the summaries and recaps that late
    answers changed. ``began`` is what ``elapsed`` said when ``now`` was read: leases run from then."""
    began = elapsed() if began is None else began
    async with transaction(sessions) as session:
        wanted = await post_claims(session, now=now, org_channel=org_channel)
        won = await claim_posts(session, wanted=wanted, now=now, lease=lease)
        revisit = await posts_to_revisit(session, now=now, since=now - EDIT_WINDOW,  # what we post now is fresh
                                         recap_since=now - RECAP_EDIT_WINDOW)
        if revisit.expired:
            won += await reclaim_expired_posts(session, now=now, lease=lease, max_attempts=max_attempts,
                                               not_before=now - SEND_WINDOW)
        stale = revisit.stale
    report.claimed.update(p.kind for p in won)
    if won:
        await _post(sessions, messenger, won, now, report, ai, lease, elapsed, began)
    if stale:
        await _edit_stale(sessions, messenger, stale, now, report, ai)


def _ref(post: ClaimedPost) -> PostRef:
    return PostRef(post.kind, post.scope, post.period_id, post.slot)


async def _post(sessions: SessionFactory, messenger: Messenger, won: list[ClaimedPost], now: datetime, report,
                ai: AiClient | None, lease: timedelta, elapsed: Callable[[], float], began: float) -> None:
    keeper = LeaseKeeper(sessions=sessions, model=ChannelPost, ids=[p.id for p in won], now=now, lease=lease,
                         elapsed=elapsed, began=began)
    async with keeper:  # a slow model writing 250 narratives must not let another process post them again
        messages = await _messages(sessions, won, now, ai)
        for post in won:
            message = messages.get(_ref(post))
            if message is None:
                continue
            await keeper.keep()
            message = replace(message, ref=f"post/{post.id}")
            if post.sending and await posted(messenger, post.channel, message):
                await _mark(sessions, post, None, now, keeper.lock)  # up already; unnamed, so never edited
                keeper.done(post.id)
                report.found += 1
                continue
            async with keeper.lock, transaction(sessions) as session:  # from now on it may be up, whatever happens
                await mark_sending(session, ChannelPost, ids=[post.id])
            try:
                handle = await messenger.post(post.channel, message)
            except DeliveryFailed as error:
                log.warning("could not post the %s in %s: %s", post.kind, post.channel, error)
                report.failed += 1
                keeper.done(post.id)
                continue
            await _mark(sessions, post, handle, now, keeper.lock)
            keeper.done(post.id)
            report.sent[post.kind] += 1
    nothing_to_say = [p.id for p in won if _ref(p) not in messages]
    if nothing_to_say:
        async with transaction(sessions) as session:
            await mark_post_failed(session, post_ids=nothing_to_say)


async def _mark(sessions: SessionFactory, post: ClaimedPost, handle: str | None, now: datetime,
                lock: asyncio.Lock) -> None:
    async with lock, transaction(sessions) as session:  # never beside the lease keeper's write of the same rows
        await mark_posted(session, post_id=post.id, handle=handle, now=now)
        await summary_posted(session, post_id=post.id, now=now)


async def _messages(sessions: SessionFactory, won: list[ClaimedPost], now: datetime, ai: AiClient | None
                    ) -> dict[PostRef, Message | None]:
    """Every post's message, built together; when that fails, each on its own, so one that cannot be built stops
    no other. One that fails stays claimed (None here) and is tried again when its lease runs out."""
    try:
        async with sessions() as session:
            return await channel_messages(session, posts=[_ref(p) for p in won], now=now, ai=ai)
    except Exception:  # a fault in building one post: find it below, never lose the others
        log.exception("building %d channel posts failed; building each on its own", len(won))
    messages: dict[PostRef, Message | None] = {}
    for post in won:
        try:
            async with sessions() as session:
                messages.update(await channel_messages(session, posts=[_ref(post)], now=now, ai=ai))
        except Exception:
            log.exception("could not build the %s for %s", post.kind, post.channel)
            messages[_ref(post)] = None
    return messages


async def _edit_stale(sessions: SessionFactory, messenger: Messenger, stale: list[ClaimedPost], now: datetime,
                      report, ai: AiClient | None) -> None:
    async with sessions() as session:
        messages = await channel_messages(session, posts=[_ref(post) for post in stale], now=now, ai=ai)
    for post in stale:
        message = messages.get(_ref(post))
        if message is None:
            continue
        try:
            await messenger.update(post.channel, post.handle, message)
        except DeliveryFailed as error:
            log.warning("could not update the %s in %s: %s", post.kind, post.channel, error)
            report.failed += 1
            continue
        async with transaction(sessions) as session:
            await mark_updated(session, post_id=post.id, now=now)
        report.sent[f"{post.kind} edited"] += 1
