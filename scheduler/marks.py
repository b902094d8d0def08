"""Marking deliveries sent as soon as each send succeeds, without making every send wait for its own commit.

The fan-out hands each sent delivery to ``SentMarks``; a writer task commits whatever has gathered since its last
commit, so at the paced rates of Slack and Teams each mark is committed a few milliseconds after its send, and a
fast fan-out still commits in batches. A process killed mid fan-out leaves unmarked only what it sent during its
last commit; those are sent again when their lease runs out.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from models.db import SessionFactory, transaction
from models.deliveries import mark_sent


class SentMarks:
    def __init__(self, *, sessions: SessionFactory, now: datetime) -> None:
        self._sessions, self._now = sessions, now
        self._pending: list[int] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._closing = False

    async def add(self, delivery_id: int) -> None:
        self._pending.append(delivery_id)
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
        await self._commit()

    async def _write(self) -> None:
        while not self._closing:
            await self._wake.wait()
            self._wake.clear()
            await self._commit()

    async def _commit(self) -> None:
        ids, self._pending = self._pending, []
        if ids:
            try:
                async with transaction(self._sessions) as session:
                    await mark_sent(session, ids=ids, now=self._now)
            except BaseException:
                self._pending[:0] = ids  # not committed: still to be marked
                raise
