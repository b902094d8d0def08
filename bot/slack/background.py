"""Work that happens after Slack got its answer: started here, awaited on shutdown and by tests."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine

log = logging.getLogger(__name__)


class Background:
    """Keeps every task it starts until it ends, so nothing is lost or left dangling."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task] = set()
        self._turns: dict[str, asyncio.Lock] = {}

    def start(self, work: Coroutine, name: str, *, in_turn: str | None = None) -> None:
        """Run ``work`` after the answer; works started with the same ``in_turn`` key run one after the other, in
        the order they arrived (a status set and cleared a moment later must end cleared)."""
        if in_turn is not None:
            work = self._in_turn(in_turn, work)
        task = asyncio.get_running_loop().create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    async def _in_turn(self, key: str, work: Coroutine) -> None:
        turn = self._turns.setdefault(key, asyncio.Lock())  # waiters are served first come, first served
        async with turn:
            await work

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("slack: %s failed", task.get_name(), exc_info=task.exception())

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
