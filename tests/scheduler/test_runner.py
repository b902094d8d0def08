"""`okrbot run` ticks through APScheduler: the first tick runs at start, on the clock it is given."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from handlers.ports import Recipient
from scheduler.runner import start_scheduler
from tests.orgs import SMALL_ORG

DUE = datetime(2026, 10, 5, 7, 0, tzinfo=UTC)


class Notifying:
    def __init__(self, expected: int):
        self.sent: list[str] = []
        self.expected = expected
        self.done = asyncio.Event()

    async def send(self, recipient: Recipient, message) -> None:
        self.sent.append(recipient.platform_user_id)
        if len(self.sent) >= self.expected:
            self.done.set()

    async def post(self, channel, message) -> None: ...


async def test_the_scheduler_ticks_at_start_with_the_injected_clock(sessions, load_org):
    await load_org(SMALL_ORG)
    messenger = Notifying(expected=2)
    scheduler = start_scheduler(sessions, messenger, lambda: DUE, every_seconds=3600)
    try:
        await asyncio.wait_for(messenger.done.wait(), timeout=10)
    finally:
        await scheduler.stop()
    assert sorted(messenger.sent) == ["U_ANNA", "U_CARLA"]


class Slow(Notifying):
    """Its first send waits until ``released``: a tick in the middle of its fan-out."""

    def __init__(self, expected: int):
        super().__init__(expected)
        self.sending, self.released = asyncio.Event(), asyncio.Event()

    async def send(self, recipient: Recipient, message) -> None:
        self.sending.set()
        await self.released.wait()
        await super().send(recipient, message)


async def test_stopping_lets_the_tick_in_flight_finish_its_sends(sessions, load_org, caplog):
    await load_org(SMALL_ORG)
    messenger = Slow(expected=2)
    scheduler = start_scheduler(sessions, messenger, lambda: DUE, every_seconds=3600)
    await asyncio.wait_for(messenger.sending.wait(), timeout=10)

    stopping = asyncio.create_task(scheduler.stop())  # e.g. `quit` in the console while the tick sends
    await asyncio.sleep(0.05)
    assert not stopping.done()
    messenger.released.set()
    await asyncio.wait_for(stopping, timeout=10)

    assert sorted(messenger.sent) == ["U_ANNA", "U_CARLA"]
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
