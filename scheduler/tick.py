"""One tick: claim what is due at ``now``, send it through the messenger, mark it sent.

Claims are rows with a unique key, so a tick run twice, or by several processes at once, sends each
delivery once. A claim whose sender died is taken over when its lease runs out.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from handlers import outbox
from handlers.ports import AiClient, DeliveryFailed, Messenger
from models.db import SessionFactory, transaction
from models.deliveries import Claimed, claim, mark_failed, mark_sent, reclaim_expired, renew_lease
from scheduler.cadence import SEND_WINDOW
from scheduler.due import due_claims
from scheduler.post_tick import post_due

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 5
MARK_EVERY = 200


@dataclass
class TickReport:
    claimed: Counter = field(default_factory=Counter)
    sent: Counter = field(default_factory=Counter)
    failed: int = 0

    def __str__(self) -> str:
        sent = ", ".join(f"{kind} {n}" for kind, n in sorted(self.sent.items())) or "nothing"
        return f"sent {sent}; {self.failed} failed, to be retried"


async def tick(
    *, sessions: SessionFactory, messenger: Messenger, now: datetime, lease: timedelta = LEASE,
    elapsed: Callable[[], float] = time.monotonic, org_channel: str | None = None, ai: AiClient | None = None,
) -> TickReport:
    """Send everything due at ``now`` exactly once. ``elapsed`` measures how long sending takes, to renew leases.

    ``org_channel`` (OKRBOT_ORG_CHANNEL) gets the organisation's recap; ``ai`` may add a narrative to digests.
    """
    report = TickReport()
    await post_due(sessions=sessions, messenger=messenger, now=now, lease=lease, max_attempts=MAX_ATTEMPTS,
                   report=report, org_channel=org_channel, ai=ai)
    async with transaction(sessions) as session:
        due = await due_claims(session, now=now)
        won = await claim(session, claims=due, now=now, lease=lease)
        won += await reclaim_expired(
            session, now=now, lease=lease, max_attempts=MAX_ATTEMPTS, not_before=now - SEND_WINDOW, still_due=due
        )
    report.claimed.update(d.kind for d in won)
    if won:
        await _send(sessions, messenger, won, now, report, lease, elapsed, ai)
    return report


async def _send(sessions: SessionFactory, messenger: Messenger, won: list[Claimed], now: datetime,
                report: TickReport, lease: timedelta, elapsed: Callable[[], float], ai: AiClient | None) -> None:
    async with sessions() as session:
        outgoing = await outbox.build(session, deliveries=won, now=now, ai=ai)
    nothing_to_ask = {d.id for d in won} - {o.delivery.id for o in outgoing}
    sent: list[int] = []
    started = renewed = elapsed()
    for position, item in enumerate(outgoing):
        try:
            await messenger.send(item.recipient, item.message)
        except DeliveryFailed as error:
            log.warning("could not deliver %s to person %s: %s", item.delivery.kind, item.recipient.person_id, error)
            report.failed += 1
            continue
        sent.append(item.delivery.id)
        report.sent[item.delivery.kind] += 1
        if len(sent) >= MARK_EVERY:
            await _mark(sessions, sent, now)
            sent = []
            # A paced fan-out can outlast the lease: past half of it, keep the claims not yet sent ours. (Not at
            # every mark: renewing thousands of rows each time would cost more than the sending.)
            if elapsed() - renewed >= lease.total_seconds() / 2:
                renewed = elapsed()
                spent = timedelta(seconds=renewed - started)
                await _renew(sessions, [o.delivery.id for o in outgoing[position + 1 :]], now + spent + lease)
    await _mark(sessions, sent, now)
    if nothing_to_ask:
        async with transaction(sessions) as session:
            await mark_failed(session, ids=sorted(nothing_to_ask))


async def _renew(sessions: SessionFactory, ids: list[int], until: datetime) -> None:
    if ids:
        async with transaction(sessions) as session:
            await renew_lease(session, ids=ids, until=until)


async def _mark(sessions: SessionFactory, ids: list[int], now: datetime) -> None:
    if ids:
        async with transaction(sessions) as session:
            await mark_sent(session, ids=ids, now=now)
