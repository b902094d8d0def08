"""Work that happens after the chat platform got its answer (Slack wants it within 3 s, Teams within 15 s): started
here, awaited on shutdown and by tests."""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager

log = logging.getLogger(__name__)
Tell = Callable[[], Awaitable[None]]
# How long work may wait for a slot before the edge answers "busy, try again in a moment" instead of taking more:
# Slack's own patience for an answer. The wait of the work first in line is how long new work would wait.
MAX_WAIT = 3.0


class Background:
    """Keeps every task it starts until it ends, so nothing is lost or left dangling. At most ``capacity`` works run
    at once (sized to the database's connection pool): the rest wait their turn here, where waiting has no time
    limit, instead of in the pool, whose 30 s timeout would drop work the platform was already told was done. When
    the work first in line has waited ``MAX_WAIT`` seconds, ``busy`` says so: the edges then ask the person to try
    again in a moment rather than acknowledge work that would wait longer."""

    def __init__(self, label: str = "slack", capacity: int | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.label = label  # the edge, in log lines
        self._capacity = asyncio.Semaphore(capacity) if capacity else None
        self._monotonic = monotonic
        self._waiting: dict[int, float] = {}  # works waiting for a slot -> since when, in the order they came
        self._tickets = itertools.count()
        self._tasks: set[asyncio.Task] = set()
        self._turns: dict[str, asyncio.Lock] = {}
        self._queued: dict[str, int] = {}

    @property
    def busy(self) -> bool:
        """Work has waited for a slot longer than ``MAX_WAIT``: new work would wait as long."""
        first = next(iter(self._waiting.values()), None)
        return first is not None and self._monotonic() - first >= MAX_WAIT

    def start(self, work: Coroutine, name: str, *, in_turn: str | None = None, tell: Tell | None = None,
              store: bool = True) -> None:
        """Run ``work`` after the answer; works started with the same ``in_turn`` key run one after the other, in
        the order they arrived (a status set and cleared a moment later must end cleared). When ``work`` fails,
        ``tell`` lets the person who asked know it was not done (the platform already had its answer, so nothing
        else would). Work that does not use the store (``store=False``) needs no slot and starts at once."""
        if tell is not None:
            work = self._telling(work, f"{self.label}: {name}", tell)
        if self._capacity is not None and store:
            work = self._bounded(work)
        if in_turn is not None:
            work = self._in_turn(in_turn, work)
        task = asyncio.get_running_loop().create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    async def _in_turn(self, key: str, work: Coroutine) -> None:
        turn = self._turns.setdefault(key, asyncio.Lock())  # waiters are served first come, first served
        self._queued[key] = self._queued.get(key, 0) + 1
        try:
            async with turn:
                await work
        finally:
            self._queued[key] -= 1
            if not self._queued[key]:  # nobody else in line: forget the key (one per person or conversation)
                del self._queued[key], self._turns[key]

    async def _bounded(self, work: Coroutine) -> None:
        async with self.slot():
            await work

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """A slot for store work done while the platform waits for its answer (a Teams activity is handled in its
        request): it waits in the same line as the background works, so ``busy`` sees it too."""
        if self._capacity is None:
            yield
            return
        ticket = next(self._tickets)
        self._waiting[ticket] = self._monotonic()
        try:
            await self._capacity.acquire()
        finally:
            del self._waiting[ticket]
        try:
            yield
        finally:
            self._capacity.release()

    @staticmethod
    async def _telling(work: Coroutine, name: str, tell: Tell) -> None:
        try:
            await work
        except Exception:  # whatever failed (a database outage, a Slack error), the person must hear of it
            log.exception("%s failed; telling the person it was not done", name)
            await tell()

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("%s: %s failed", self.label, task.get_name(), exc_info=task.exception())

    async def drain(self) -> None:
        """Wait until every started task, and any task those started, has ended."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self, grace: float = 10.0) -> None:
        try:
            await asyncio.wait_for(self.drain(), grace)
        except TimeoutError:
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
