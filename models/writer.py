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
    """A FIFO lock that the task holding it may take again; ``release`` once per ``acquire``."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()  # waiters are served in the order they came
        self._owner: asyncio.Task | None = None
        self._holds = 0

    async def acquire(self) -> None:
        task = asyncio.current_task()
        if self._owner is not task or task is None:
            await self._lock.acquire()
            self._owner = task
        self._holds += 1

    def release(self) -> None:
        self._holds -= 1
        if not self._holds:
            self._owner = None
            self._lock.release()


def one_writer(engine: Engine) -> WriterLock:
    """Make the connections of ``engine`` (a SQLite file's, the sync engine of an async one) write one at a time."""
    lock = WriterLock()

    @event.listens_for(engine, "before_cursor_execute")
    def before_write(connection, _cursor, statement, _parameters, _context, _executemany) -> None:
        if not connection.info.get(_HOLDS) and writes(statement):
            await_only(lock.acquire())  # runs in SQLAlchemy's greenlet on the loop: this task waits in asyncio
            connection.info[_HOLDS] = True  # the pool connection's, until it goes back to the pool

    def let_go(_dbapi_connection, record) -> None:
        if record is not None and record.info.pop(_HOLDS, False):
            lock.release()

    event.listen(engine.pool, "checkin", let_go)  # after the commit or rollback, whatever ended the transaction
    event.listen(engine.pool, "detach", lambda _connection, record: let_go(None, record))
    return lock
