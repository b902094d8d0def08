"""The webhook half of a tick: POST every due event once across all processes, signed, retried with backoff.

An event is claimed with a lease (models/webhook_outbox.py), so two processes never POST it both; one whose process
died is taken over when the lease runs out. Each POST has a timeout and runs beside the others, so a slow or broken
receiver delays or stops no other event; nothing here raises into the tick. Logs name an event by its delivery id
and a fixed problem, never the secret.

The signature is HMAC-SHA256, keyed with the shared secret, over ``<timestamp>.<body>``: a receiver recomputes it
and checks the timestamp is recent, so a captured request cannot be replayed later.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from models.db import SessionFactory, transaction
from models.webhook_outbox import DueEvent, claim_due, mark_delivered, mark_tried

if TYPE_CHECKING:
    import aiohttp

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
TIMEOUT = 10.0  # seconds for one POST, connecting included
MAX_ATTEMPTS = 8  # then given up: 1 + 2 + 4 + ... minutes, about four hours of trying
FIRST_RETRY = timedelta(minutes=1)
LAST_RETRY = timedelta(hours=2)
BATCH = 64  # at most 4 waves of CONCURRENCY timeouts: well within the lease
CONCURRENCY = 16


@dataclass
class WebhookReport:
    delivered: int = 0
    retrying: int = 0
    given_up: int = 0


def signature(secret: str, timestamp: str, body: str) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def retry_delay(attempts: int) -> timedelta:
    """After ``attempts`` failed tries: 1, 2, 4, ... minutes, at most LAST_RETRY."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LAST_RETRY)


async def deliver_due(*, sessions: SessionFactory, now: datetime, env: Mapping[str, str] | None = None,
                      lease: timedelta = LEASE, timeout: float = TIMEOUT, max_attempts: int = MAX_ATTEMPTS
                      ) -> WebhookReport:
    """POST every event due at ``now``; ``env`` holds the shared secrets the endpoints name (os.environ)."""
    report = WebhookReport()
    async with transaction(sessions) as session:
        due = await claim_due(session, now=now, lease=lease, limit=BATCH)
    if not due:
        return report
    import aiohttp  # here, not at the top: a tick with no event due never loads the HTTP client (about 10 MB)

    env = os.environ if env is None else env
    limit = asyncio.Semaphore(CONCURRENCY)
    client_timeout = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(timeout=client_timeout) as http:
        async def one(event: DueEvent) -> str:
            async with limit:
                return await _post(http, event, env.get(event.secret_env), now)
        problems = await asyncio.gather(*(one(event) for event in due))
    async with transaction(sessions) as session:
        for event, problem in zip(due, problems, strict=True):
            await _keep(session, event, problem, now, max_attempts, report)
    return report


async def _post(http: aiohttp.ClientSession, event: DueEvent, secret: str | None, now: datetime) -> str:
    """"" when the receiver took it (2xx), else a short problem code."""
    import aiohttp  # loaded by deliver_due already: only a name here
    if not secret:
        return "no secret"  # never send unsigned: the endpoint's variable may be set before the next try
    timestamp = str(int(now.timestamp()))
    headers = {"Content-Type": "application/json", "User-Agent": "okrbot-webhooks",
               "X-Okrbot-Event": event.event, "X-Okrbot-Delivery": event.delivery_id,
               "X-Okrbot-Timestamp": timestamp, "X-Okrbot-Signature": signature(secret, timestamp, event.body)}
    try:
        async with http.post(event.url, data=event.body.encode(), headers=headers, allow_redirects=False) as response:
            return "" if 200 <= response.status < 300 else f"http {response.status}"
    except TimeoutError:
        return "timeout"
    except aiohttp.ClientError as error:
        return f"unreachable: {type(error).__name__}"


async def _keep(session, event: DueEvent, problem: str, now: datetime, max_attempts: int,
                report: WebhookReport) -> None:
    if not problem:
        await mark_delivered(session, event_id=event.id, now=now)
        report.delivered += 1
        return
    attempts = event.attempts + 1
    if attempts >= max_attempts:
        await mark_tried(session, event_id=event.id, problem=problem, retry_at=None)
        log.warning("gave up webhook delivery %s (%s) after %d tries: %s", event.delivery_id, event.event,
                    attempts, problem)
        report.given_up += 1
        return
    await mark_tried(session, event_id=event.id, problem=problem, retry_at=now + retry_delay(attempts))
    report.retrying += 1
