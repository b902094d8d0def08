"""The planning half of a tick: roll the periods on, then send what the planning round has due, each once.

Invitations and reminders are claimed as deliveries and the channel notices as channel posts (the same unique keys
as check-ins and summaries), so several processes ticking send each one once. Each is built, sent and marked on
its own: nothing one does can stop another.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from handlers.outbox import recipient_of
from handlers.period_roll import roll_periods
from handlers.planning_outbox import person_message, team_notice
from handlers.ports import DeliveryFailed, Messenger
from models.db import SessionFactory, transaction
from models.deliveries import Claimed, claim, mark_failed, mark_sent
from models.people import Period
from models.planning_store import people_by_id
from models.post_claims import ClaimedPost, claim_posts, mark_post_failed, mark_posted
from scheduler.plan_due import planning_due

log = logging.getLogger(__name__)


async def plan_due(*, sessions: SessionFactory, messenger: Messenger, now: datetime, lease: timedelta,
                   report) -> None:
    async with transaction(sessions) as session:
        created = await roll_periods(session, now=now)
    if created:
        log.info("periods created for planning: %s", ", ".join(created))
    async with transaction(sessions) as session:
        claims, posts = await planning_due(session, now=now)
        won = await claim(session, claims=claims, now=now, lease=lease)
        won_posts = await claim_posts(session, wanted=posts, now=now, lease=lease)
    report.claimed.update(d.kind for d in won)
    report.claimed.update(p.kind for p in won_posts)
    for delivery in won:
        await _send(sessions, messenger, delivery, now, report)
    for post in won_posts:
        await _post(sessions, messenger, post, report, now)


async def _send(sessions: SessionFactory, messenger: Messenger, delivery: Claimed, now: datetime, report) -> None:
    async with sessions() as session:
        person = (await people_by_id(session, ids=[delivery.person_id]))[delivery.person_id]
        period = await session.get(Period, delivery.period_id)
        message = await person_message(session, kind=delivery.kind, slot=delivery.slot, person=person,
                                       period=period, now=now)
        recipient = recipient_of(person)
    if message is None:
        async with transaction(sessions) as session:
            await mark_failed(session, ids=[delivery.id])
        return
    try:
        await messenger.send(recipient, message)
    except DeliveryFailed as error:  # stays claimed and is not retried: a missed invitation is in the log
        log.warning("could not deliver %s to person %s: %s", delivery.kind, delivery.person_id, error)
        report.failed += 1
        return
    async with transaction(sessions) as session:
        await mark_sent(session, ids=[delivery.id], now=now)
    report.sent[delivery.kind] += 1


async def _post(sessions: SessionFactory, messenger: Messenger, post: ClaimedPost, report, now: datetime) -> None:
    async with sessions() as session:
        period = await session.get(Period, post.period_id)
        message = await team_notice(session, team_id=int(post.scope.split(":")[1]), period=period)
    if message is None:
        async with transaction(sessions) as session:
            await mark_post_failed(session, post_ids=[post.id])
        return
    try:
        await messenger.post(post.channel, message)
    except DeliveryFailed as error:
        log.warning("could not post the %s in %s: %s", post.kind, post.channel, error)
        report.failed += 1
        return
    async with transaction(sessions) as session:
        await mark_posted(session, post_id=post.id, handle=None, now=now)
    report.sent[post.kind] += 1
