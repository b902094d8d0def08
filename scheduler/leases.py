"""Keeping claims ours while a tick works on them, however slowly the messages are built or sent.

A claim's lease runs on the tick's clock (``now``): it ends ``lease`` after the tick began plus the time spent so
far, measured by ``elapsed``. The keeper renews the leases of the claims not yet done at a third of the lease, both
when the fan-out asks (before each send) and from a background task, so a single slow step (a model answering
slowly while digests are built, a platform asking to retry after a minute) never lets another process take over a
claim that is still being sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError

from models.db import SessionFactory, transaction
from models.leases import extend_leases

log = logging.getLogger(__name__)


class LeaseKeeper:
    def __init__(self, *, sessions: SessionFactory, model, ids: Iterable[int], now: datetime, lease: timedelta,
                 elapsed: Callable[[], float], began: float | None = None) -> None:
        """``began`` is what ``elapsed`` said when ``now`` was read (default: now): the claims' leases ran from then,
        however long the tick took before it handed them over."""
        self._sessions, self._model, self._now, self._lease, self._elapsed = sessions, model, now, lease, elapsed
        self._open = set(ids)
        self._started = self._renewed = elapsed() if began is None else began
        self._task: asyncio.Task | None = None
        # Held while leases are written; the fan-out's own marks take it too (scheduler/marks.py), so the two never
        # update the same rows at once (PostgreSQL would end one of them as a deadlock).
        self.lock = asyncio.Lock()

    def done(self, claim_id: int) -> None:
        """This claim is marked (sent or failed): its lease no longer matters."""
        self._open.discard(claim_id)

    async def keep(self) -> None:
        """Renew the open claims' leases once a third of the lease has passed since the last renewal."""
        if not self._due():  # asked before every send: waiting for the lock (a commit of marks) only when renewing
            return
        async with self.lock:
            if not self._due():  # renewed by the beat meanwhile
                return
            self._renewed = self._elapsed()
            until = self._now + timedelta(seconds=self._renewed - self._started) + self._lease
            async with transaction(self._sessions) as session:
                await extend_leases(session, self._model, ids=sorted(self._open), until=until)

    def _due(self) -> bool:
        return bool(self._open) and self._elapsed() - self._renewed >= self._lease.total_seconds() / 3

    async def __aenter__(self) -> LeaseKeeper:
        await self.keep()  # the tick may have spent a third of the lease already before it got here
        self._task = asyncio.create_task(self._beat(), name="lease keeper")
        return self

    async def __aexit__(self, *_exc) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _beat(self) -> None:
        interval = max(self._lease.total_seconds() / 6, 0.05)
        while True:
            await asyncio.sleep(interval)
            try:
                await self.keep()
            except (OSError, SQLAlchemyError) as error:  # the database is away for now: the next beat tries again
                log.warning("could not renew leases: %s", error)
