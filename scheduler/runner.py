"""APScheduler only beats the clock: one interval job calls the tick; what is due lives in the database."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from handlers.ports import AiClient, Messenger
from models.db import SessionFactory
from scheduler.tick import tick

log = logging.getLogger(__name__)
JOB_ID = "okrbot-tick"


@dataclass
class Ticker:
    """The running scheduler and the ticks in flight, so stopping waits for a tick instead of cutting it."""

    scheduler: AsyncIOScheduler
    running: set[asyncio.Task] = field(default_factory=set)

    async def beat(self, sessions: SessionFactory, messenger: Messenger, clock: Callable[[], datetime],
                   org_channel: str | None = None, ai: AiClient | None = None) -> None:
        task = asyncio.current_task()
        self.running.add(task)
        try:
            report = await tick(sessions=sessions, messenger=messenger, now=clock(), org_channel=org_channel, ai=ai)
        finally:
            self.running.discard(task)
        if report.claimed:
            log.info("tick: %s", report)

    async def stop(self) -> None:
        # No new beat, then the tick in flight ends, then the scheduler goes: shutting it down first would cancel
        # that tick (APScheduler cancels the coroutine jobs it runs) and log the cancellation as its failure.
        self.scheduler.pause()
        await asyncio.gather(*self.running, return_exceptions=True)
        self.scheduler.shutdown(wait=False)


def start_scheduler(sessions: SessionFactory, messenger: Messenger, clock: Callable[[], datetime],
                    every_seconds: int = 60, *, org_channel: str | None = None, ai: AiClient | None = None) -> Ticker:
    """Start ticking on the running event loop; a slow tick is never run twice at once in one process.

    ``org_channel`` gets the organisation's recap (none without it); ``ai`` may add a narrative to digests."""
    ticker = Ticker(AsyncIOScheduler(timezone="UTC"))
    ticker.scheduler.add_job(
        ticker.beat, "interval", seconds=every_seconds, args=(sessions, messenger, clock, org_channel, ai), id=JOB_ID,
        # A late beat still ticks (once): what is due comes from the database, so lateness loses nothing.
        max_instances=1, coalesce=True, misfire_grace_time=None, next_run_time=clock(),
    )
    ticker.scheduler.start()
    return ticker
