"""Engine, sessions and schema upgrades for the URL in DATABASE_URL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm.exc import StaleDataError

from models.writer import one_writer

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///okrbot.db"
MIGRATIONS = Path(__file__).parent / "migrations"

SessionFactory = async_sessionmaker[AsyncSession]
POOL_SIZE, POOL_OVERFLOW = 10, 10
T = TypeVar("T")


def make_engine(url: str = DEFAULT_DATABASE_URL) -> AsyncEngine:
    """An async engine; SQLite gets foreign keys, WAL, a busy timeout and one writer at a time (models/writer.py)
    so the scheduler and chat can share it."""
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        if engine.url.database not in (None, "", ":memory:"):  # a file: several connections that could collide
            one_writer(engine.sync_engine)
        return engine
    return create_async_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, pool_pre_ping=True)


# Background works run on the process's one event loop, beside the acks, each mostly CPU between short waits on
# the store. Sixteen at once filled asyncio's first-come ready queue, and an ack's callbacks waited behind a step of
# each; four keep the core busy (their round trips to the store overlap) and an ack waits behind at most four steps.
# bench/interactions.py-style A/B on PostgreSQL, alternated on a busy machine, okrbot p99 with 16 / 4 / 2 slots:
# modal submits at 100/s 144 / 135 / 13 and 1517 (42 "busy") / 268 / 130 ms, clicks at 50/s 425 / 128 / 54 and
# 90 / 185 / 105 ms, closed loop (16 clients) modal submits 87 / 106 / 93 and 51 / 258 / 246 per second. Two
# answered "busy" in two closed loops where four did not, and would idle more with a store further away.
LOOP_WORKS = 4


def capacity(engine: AsyncEngine) -> int:
    """How many background works may use the store at once: never more than the pool's connections, less a few
    kept for the scheduler and the answers given before the ack; SQLite has one writer, so a few are enough."""
    if engine.dialect.name == "sqlite":
        return LOOP_WORKS
    return min(LOOP_WORKS, POOL_SIZE + POOL_OVERFLOW - 4)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def insert_for(session: AsyncSession):
    """The dialect's INSERT, which knows ON CONFLICT (both SQLite and PostgreSQL speak it)."""
    return postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert


def make_session_factory(engine: AsyncEngine) -> SessionFactory:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def transaction(sessions: SessionFactory) -> AsyncIterator[AsyncSession]:
    """A session whose work is committed at the end of the block, or rolled back on error."""
    async with sessions() as session, session.begin():
        yield session


async def retried_on_conflict(work: Callable[[], Awaitable[T]], attempts: int = 3) -> T:
    """Run ``work`` (which opens its own transaction) again when another transaction changed or removed a row it
    was changing at the same moment (a status cleared while the person saves their time off): the second run reads
    the other's result and decides again, so neither answer is lost and nobody gets an error."""
    for attempt in range(attempts):
        try:
            return await work()
        except StaleDataError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` with the Alembic migrations."""
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade_on, revision)


def _upgrade_on(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
