"""One tick: claim what is due at ``now``, send it through the messenger, mark it sent.

Claims are rows with a unique key, so a tick run twice, or by several processes at once, sends each
delivery once. A claim whose sender died is taken over when its lease runs out.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from handlers import outbox
from handlers.ports import AiClient, DeliveryFailed, Messenger
from models.checkins import Delivery
from models.db import SessionFactory, transaction
from models.deliveries import Claimed, claim, mark_failed, reclaim_expired
from scheduler.cadence import SEND_WINDOW
from scheduler.checks import arrived
from scheduler.collector import fewer_collections
from scheduler.due import due_claims
from scheduler.feed_tick import read_due_sources
from scheduler.leases import LeaseKeeper
from scheduler.marks import SentMarks
from scheduler.plan_tick import plan_due
from scheduler.post_tick import post_due
from scheduler.webhook_tick import deliver_due

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 5
BATCH = 500  # messages built at a time: a few queries each, and a bounded number held in memory


@dataclass
class TickReport:
    claimed: Counter = field(default_factory=Counter)
    sent: Counter = field(default_factory=Counter)
    failed: int = 0
    found: int = 0  # taken over mid-send and found already delivered: marked sent, not sent again

    def __str__(self) -> str:
        sent = ", ".join(f"{kind} {n}" for kind, n in sorted(self.sent.items())) or "nothing"
        found = f"; {self.found} found already delivered" if self.found else ""
        failed = f"; {self.failed} failed, to be retried" if self.failed else ""
        return f"sent {sent}{found}{failed}"


async def tick(
    *, sessions: SessionFactory, messenger: Messenger, now: datetime, lease: timedelta = LEASE,
    elapsed: Callable[[], float] = time.monotonic, org_channel: str | None = None, ai: AiClient | None = None,
    feed_env: Mapping[str, str] | None = None,
) -> TickReport:
    """Send everything due at ``now`` exactly once. ``elapsed`` measures how long sending takes, to renew leases.

    ``org_channel`` (OKRBOT_ORG_CHANNEL) gets the organisation's recap; ``ai`` may add a narrative to digests.
    ``feed_env`` holds the secrets data sources and webhooks name (default: the process's environment).
    """
    with fewer_collections():  # scheduler/collector.py
        return await _tick(sessions=sessions, messenger=messenger, now=now, lease=lease, elapsed=elapsed,
                           org_channel=org_channel, ai=ai, feed_env=feed_env)


async def _tick(*, sessions: SessionFactory, messenger: Messenger, now: datetime, lease: timedelta,
                elapsed: Callable[[], float], org_channel: str | None, ai: AiClient | None,
                feed_env: Mapping[str, str] | None) -> TickReport:
    report, began = TickReport(), elapsed()
    # The planning round first: a period it creates is there for everything after it (scheduler/plan_tick.py).
    await plan_due(sessions=sessions, messenger=messenger, now=now, lease=lease, report=report)
    await post_due(sessions=sessions, messenger=messenger, now=now, lease=lease, max_attempts=MAX_ATTEMPTS,
                   report=report, org_channel=org_channel, ai=ai, elapsed=elapsed, began=began)
    async with transaction(sessions) as session:
        due = await due_claims(session, now=now)
        held = lease + timedelta(seconds=elapsed() - began)  # ``now`` was read a while ago: lease from this moment
        won = await claim(session, claims=due, now=now, lease=held)
        won += await reclaim_expired(
            session, now=now, lease=held, max_attempts=MAX_ATTEMPTS, not_before=now - SEND_WINDOW, still_due=due
        )
    report.claimed.update(d.kind for d in won)
    if won:
        await _send(sessions, messenger, won, now, report, lease, elapsed, ai, began)
    await _read_sources(sessions, messenger, now, feed_env, report)
    await _deliver_webhooks(sessions, now, feed_env, report)
    return report


async def _deliver_webhooks(sessions: SessionFactory, now: datetime, env: Mapping[str, str] | None,
                            report: TickReport) -> None:
    """Webhooks after everything people wait for; a fault in them never stops the tick (their leases run out and
    the next tick tries again)."""
    try:
        hooks = await deliver_due(sessions=sessions, now=now, env=env)
    except Exception:
        log.exception("delivering webhooks failed")
        return
    if hooks.delivered:
        report.sent["webhook"] += hooks.delivered
    if hooks.retrying or hooks.given_up:
        log.info("webhooks: %d delivered, %d to retry, %d given up", hooks.delivered, hooks.retrying, hooks.given_up)


async def _read_sources(sessions: SessionFactory, messenger: Messenger, now: datetime,
                        env: Mapping[str, str] | None, report: TickReport) -> None:
    """Data sources last: reading them never delays a check-in, and a fault in them never stops the tick."""
    try:
        feeds = await read_due_sources(sessions=sessions, messenger=messenger, now=now, env=env)
    except Exception:  # the store is away or a bug: the next tick reads the sources again (their leases run out)
        log.exception("reading data sources failed")
        return
    report.sent.update(feeds.told)
    if feeds.read or feeds.failed:
        log.info("data sources: %d read, %d failing", feeds.read, sum(feeds.failed.values()))


async def _send(sessions: SessionFactory, messenger: Messenger, won: list[Claimed], now: datetime,
                report: TickReport, lease: timedelta, elapsed: Callable[[], float], ai: AiClient | None,
                began: float) -> None:
    """Build, send and mark each delivery on its own: each is flagged ``sending`` before its send and marked sent
    right after it (scheduler/marks.py), and the claims not yet sent stay ours however slow the fan-out
    (scheduler/leases.py). A claim taken over mid-send is first looked for at the edge (scheduler/checks.py).

    Messages are built ``BATCH`` at a time and sent before the next batch is built: a tick holds one batch of
    messages whatever the size of the organisation (only the claims, a few hundred bytes each, are held whole),
    and the first check-ins go out without waiting for the last digest to be built."""
    keeper = LeaseKeeper(sessions=sessions, model=Delivery, ids=[d.id for d in won], now=now, lease=lease,
                         elapsed=elapsed, began=began)
    nothing_to_ask: list[int] = []
    async with keeper, SentMarks(sessions=sessions, now=now, order=[], lock=keeper.lock) as marks:
        for start in range(0, len(won), BATCH):
            nothing_to_ask += await _send_batch(sessions, messenger, won[start : start + BATCH], now, report, ai,
                                                keeper, marks)
    if nothing_to_ask:
        async with transaction(sessions) as session:
            await mark_failed(session, ids=nothing_to_ask)


async def _send_batch(sessions: SessionFactory, messenger: Messenger, batch: list[Claimed], now: datetime,
                      report: TickReport, ai: AiClient | None, keeper: LeaseKeeper, marks: SentMarks) -> list[int]:
    """Build one batch's messages and send them; the ids of its claims with nothing to ask. The batch's messages
    are let go on return, before the next batch is built."""
    outgoing, broken = await _build(sessions, batch, now, ai)
    marks.extend(o.delivery.id for o in outgoing)
    for item in outgoing:
        await keeper.keep()
        await _hand_over(messenger, item, report, marks)
        keeper.done(item.delivery.id)
    return sorted({d.id for d in batch} - {o.delivery.id for o in outgoing} - broken)


async def _hand_over(messenger: Messenger, item: outbox.Outgoing, report: TickReport, marks: SentMarks) -> None:
    item = replace(item, message=replace(item.message, ref=f"delivery/{item.delivery.id}"))
    if item.delivery.sending and await arrived(messenger, item.recipient, item.message):
        report.found += 1
        await marks.add(item.delivery.id)
    elif await _deliver(messenger, item, report, marks):
        await marks.add(item.delivery.id)


async def _build(sessions: SessionFactory, won: list[Claimed], now: datetime, ai: AiClient | None
                 ) -> tuple[list[outbox.Outgoing], set[int]]:
    """Every message, built together (a few queries for any number); when that fails, each on its own, so one
    delivery that cannot be built stops no other. Those that fail stay claimed and are tried again later."""
    try:
        async with sessions() as session:
            return await outbox.build(session, deliveries=won, now=now, ai=ai), set()
    except Exception:  # a fault in building one message: find it below, never lose the round
        log.exception("building %d messages failed; building each on its own", len(won))
    outgoing: list[outbox.Outgoing] = []
    broken: set[int] = set()
    for delivery in won:
        try:
            async with sessions() as session:
                outgoing += await outbox.build(session, deliveries=[delivery], now=now, ai=ai)
        except Exception:
            log.exception("could not build the %s for person %s", delivery.kind, delivery.person_id)
            broken.add(delivery.id)
    return outgoing, broken


async def _deliver(messenger: Messenger, item: outbox.Outgoing, report: TickReport, marks: SentMarks) -> bool:
    kind, person = item.delivery.kind, item.recipient.person_id
    await marks.sending(item.delivery.id)
    try:
        await messenger.send(item.recipient, item.message)
    except DeliveryFailed as error:
        log.warning("could not deliver %s to person %s: %s", kind, person, error)
    except Exception:  # an edge's own fault (a token fetch, a render): this one fails, the others still go out
        log.exception("sending %s to person %s failed", kind, person)
    else:
        report.sent[kind] += 1
        return True
    report.failed += 1
    return False
