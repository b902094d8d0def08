"""One writer at a time for a SQLite file, waiting in asyncio rather than in SQLite.

SQLite lets one connection write at a time. Left to itself, a second writer sleeps and polls in SQLite's busy
handler (backing off to 100 ms a try, so it often wakes long after the first one is done) and gives up after the
busy timeout with "database is locked", dropping work that may have been acknowledged already. Here a transaction
waits for a first-come-first-served asyncio lock before its first writing statement, and lets go when its
connection goes back to the pool (after the commit or rollback), so SQLite never sees two writers. Reading
transactions never wait: WAL readers run beside the writer.

The lock belongs to the task holding it and is re-entrant: a second connection of the same task (a transaction
opened inside another) does not wait for itself.
"""

from __future__ import annotations

import asyncio
import re

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.util import await_only

_WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|BEGIN\s+(IMMEDIATE|EXCLUSIVE))\b",
                     re.IGNORECASE)
_CTE_WRITE = re.compile(r"^\s*WITH\b.*\b(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE | re.DOTALL)
_HOLDS = "okrbot_writer"


def writes(statement: str) -> bool:
    """Whether SQLite takes its write lock for this statement."""
    return bool(_WRITES.match(statement) or _CTE_WRITE.match(statement))


class WriterLock:
    """A FIFO lock that the task holding it may take again; ``release`` once per ``acquire``. It belongs to the
    event loop it is used on: an asyncio lock cannot be shared between loops, and a process that starts a new loop
    (the tests start one per test) has no waiters left on the old one."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = asyncio.Lock()  # waiters are served in the order they came
        self._owner: asyncio.Task | None = None
        self._holds = 0

    async def acquire(self) -> asyncio.Lock:
        """Wait for the turn to write; returns what to hand to ``release``."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop, self._lock, self._owner, self._holds = loop, asyncio.Lock(), None, 0
        lock, task = self._lock, asyncio.current_task()
        if self._owner is not task or task is None:
            await lock.acquire()
            self._owner = task
        self._holds += 1
        return lock

    def release(self, lock: asyncio.Lock) -> None:
        if lock is not self._lock:  # taken on an event loop that has ended
            return
        self._holds -= 1
        if not self._holds:
            self._owner = None
            lock.release()


def one_writer(engine: Engine) -> WriterLock:
    """Make the connections of ``engine`` (a SQLite file's, the sync engine of an async one) write one at a time."""
    lock = WriterLock()

    @event.listens_for(engine, "before_cursor_execute")
    def before_write(connection, _cursor, statement, _parameters, _context, _executemany) -> None:
        if not connection.info.get(_HOLDS) and writes(statement):
            # runs in SQLAlchemy's greenlet on the loop: this task waits in asyncio; the pool connection holds the
            # turn until it goes back to the pool
            connection.info[_HOLDS] = await_only(lock.acquire())

    def let_go(_dbapi_connection, record) -> None:
        held = record.info.pop(_HOLDS, None) if record is not None else None
        if held is not None:
            lock.release(held)

    event.listen(engine.pool, "checkin", let_go)  # after the commit or rollback, whatever ended the transaction
    event.listen(engine.pool, "detach", lambda _connection, record: let_go(None, record))
    return lock
