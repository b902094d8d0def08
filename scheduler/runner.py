"""APScheduler only beats the clock: one interval job calls the tick; what is due lives in the database."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from handlers.ports import Messenger
from models.db import SessionFactory
from scheduler.tick import tick

log = logging.getLogger(__name__)
JOB_ID = "okrbot-tick"


async def tick_now(sessions: SessionFactory, messenger: Messenger, clock: Callable[[], datetime]) -> None:
    report = await tick(sessions=sessions, messenger=messenger, now=clock())
    if report.claimed:
        log.info("tick: %s", report)


def start_scheduler(sessions: SessionFactory, messenger: Messenger, clock: Callable[[], datetime],
                    every_seconds: int = 60) -> AsyncIOScheduler:
    """Start ticking on the running event loop; a slow tick is never run twice at once in one process."""
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(
        tick_now, "interval", seconds=every_seconds, args=(sessions, messenger, clock), id=JOB_ID,
        # A late beat still ticks (once): what is due comes from the database, so lateness loses nothing.
        max_instances=1, coalesce=True, misfire_grace_time=None, next_run_time=clock(),
    )
    scheduler.start()
    return scheduler
