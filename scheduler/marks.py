"""Recording what a fan-out does, durably and in order, without making every send wait for its own commit.

Before a delivery is sent it is flagged ``sending`` (committed): from then on it may have arrived, so a process
that takes the claim over asks the edge before sending it again (scheduler/tick.py). After its send succeeds it
is marked sent. A writer task commits both: each commit marks sent what was sent since the last one and flags the
next deliveries in the fan-out's order a little ahead of the sender, so at the paced rates of Slack and Teams a
send never waits for a commit and at most the delivery in flight and the next one are flagged but not marked.
When the sender catches up with the flags (a fast edge) the look-ahead doubles, up to ``MAX_AHEAD``, and a fast
fan-out commits in batches.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from datetime import datetime

from models.checkins import Delivery
from models.db import SessionFactory, transaction
from models.deliveries import mark_sent
from models.leases import mark_sending

MAX_AHEAD = 256


class SentMarks:
    def __init__(self, *, sessions: SessionFactory, now: datetime, order: Sequence[int],
                 lock: asyncio.Lock | None = None) -> None:
        """``lock`` is held during each commit: the lease keeper's (scheduler/leases.py), which writes the same rows."""
        self._sessions, self._now = sessions, now
        self._lock = lock or asyncio.Lock()
        self._order = list(order)
        self._position = {delivery_id: index for index, delivery_id in enumerate(self._order)}
        self._flagged = 0  # self._order[:self._flagged] are flagged sending, committed
        self._reached = 0  # how far the sender has come
        self._ahead = 1
        self._pending: list[int] = []
        self._wake = asyncio.Event()
        self._committed = asyncio.Condition()
        self._task: asyncio.Task | None = None
        self._closing = False

    def extend(self, order: Iterable[int]) -> None:
        """More deliveries to send after those already given (a fan-out that builds its messages in batches)."""
        for delivery_id in order:
            self._position[delivery_id] = len(self._order)
            self._order.append(delivery_id)

    async def sending(self, delivery_id: int) -> None:
        """Return once this delivery is flagged ``sending`` in the store; send it only then."""
        index = self._position[delivery_id]
        self._reached = max(self._reached, index + 1)
        self._wake.set()
        if index < self._flagged:
            return
        self._ahead = min(self._ahead * 2, MAX_AHEAD)  # the sender had to wait: flag further ahead
        async with self._committed:
            await self._committed.wait_for(lambda: index < self._flagged or self._task.done())
        if index >= self._flagged:
            self._task.result()  # the writer failed: raise its error here rather than send unflagged

    async def add(self, delivery_id: int) -> None:
        """This delivery was sent: mark it in the next commit."""
        self._pending.append(delivery_id)
        self._reached = max(self._reached, self._position[delivery_id] + 1)
        self._wake.set()
        await asyncio.sleep(0)  # let the writer start its commit while the next message is sent

    async def __aenter__(self) -> SentMarks:
        self._task = asyncio.create_task(self._write(), name="sent marks")
        return self

    async def __aexit__(self, *_exc) -> None:
        self._closing = True
        self._wake.set()
        if self._task is not None:
            await self._task  # never cancelled mid-commit: it ends after committing what it has
        self._reached = self._flagged  # flag nothing more
        await self._commit()

    async def _write(self) -> None:
        try:
            while not self._closing:
                await self._wake.wait()
                self._wake.clear()
                if not self._closing:
                    await self._commit()
        finally:
            async with self._committed:
                self._committed.notify_all()

    async def _commit(self) -> None:
        ids, self._pending = self._pending, []
        until = min(len(self._order), max(self._flagged, self._reached + self._ahead))
        flag = self._order[self._flagged : until]
        if not ids and not flag:
            return
        try:
            async with self._lock, transaction(self._sessions) as session:
                await mark_sent(session, ids=ids, now=self._now)
                await mark_sending(session, Delivery, ids=flag)
        except BaseException:
            self._pending[:0] = ids  # not committed: still to be marked
            raise
        self._flagged = until
        async with self._committed:
            self._committed.notify_all()
