"""Shared fixtures: a migrated store on SQLite and on PostgreSQL, a recording messenger, an example org."""

from __future__ import annotations

import asyncio
import functools
import os
import shutil
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from models.db import alembic_config, make_engine, make_session_factory, transaction, upgrade
from tests.fakes import RecordingMessenger

IMPORTED_AT = datetime(2026, 10, 1, tzinfo=UTC)  # when load_org imports: what left the file is archived then
PG_URL = os.environ.get("OKRBOT_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
ROOT = Path(__file__).resolve().parent.parent


def _in_thread(coroutine):
    """Run a coroutine to the end in a thread of its own: session fixtures may run inside an event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(PG_URL.replace("+asyncpg", ""), timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def postgres_url():
    """A database of this test run's own on the local server, so parallel runs never touch each other's data."""
    name = f"okrbot_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    try:
        _in_thread(_admin(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        problem = f"{type(error).__name__}: {error}"
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at 127.0.0.1:5432 is required under CI: {problem}")
        pytest.skip(f"PostgreSQL not reachable: {problem}")
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    _in_thread(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _empty_postgres(engine: AsyncEngine) -> None:
    """An empty store at head: the rows of the previous test deleted when its schema is at head (the usual case,
    milliseconds; TRUNCATE makes new files for every table and costs a few hundred), else the schema built again
    from the migrations."""
    async with engine.begin() as connection:
        tables = await connection.run_sync(_tables_at_head)
        if tables:
            raw = await connection.get_raw_connection()  # asyncpg runs several statements in one round trip
            deletes = "".join(f"DELETE FROM {table};" for table in tables)
            await raw.driver_connection.execute(deletes + RESTART_SEQUENCES)
            return
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await upgrade(engine)


# What TRUNCATE's RESTART IDENTITY did: every id counts from 1 again.
RESTART_SEQUENCES = ("SELECT setval(oid, 1, false) FROM pg_class "
                     "WHERE relkind = 'S' AND relnamespace = 'public'::regnamespace")
_emptying_order: dict[frozenset[str], list[str]] = {}  # the tables at head -> the order that deletes them


@functools.cache
def _head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _tables_at_head(connection) -> list[str]:
    """The store's tables (quoted), referring ones before those they refer to, when its schema is at the newest
    migration; [] when it must be built again."""
    names = frozenset(connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
    if "alembic_version" not in names:
        return []
    if connection.execute(text("SELECT version_num FROM alembic_version")).scalar() != _head():
        return []
    if names not in _emptying_order:
        ordered = inspect(connection).get_sorted_table_and_fkc_names()
        assert ordered[-1] == (None, []), f"foreign keys in a cycle, {ordered[-1][1]}: no order deletes all rows"
        _emptying_order[names] = [f'"{name}"' for name, _ in reversed(ordered[:-1]) if name != "alembic_version"]
    return _emptying_order[names]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A SQLite store migrated once per test process; each test gets a copy (migrating each time costs more)."""
    template = tmp_path_factory.mktemp("template") / "template.db"

    async def build() -> None:
        built = make_engine(f"sqlite+aiosqlite:///{template}")
        await upgrade(built)
        async with built.connect() as connection:
            await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        await built.dispose()

    _in_thread(build())
    return template


@pytest.fixture(scope="session")
def shared_engines(sqlite_template, tmp_path_factory) -> dict[str, AsyncEngine]:
    """One engine per backend for the whole test process, so SQL compiled for one test serves the next (compiling
    it again for each test's new engine took about a third of a test's time). Each test empties the store and
    closes the engine's connections at its end: the next test has its own event loop."""
    store = tmp_path_factory.mktemp("store") / "test.db"
    return {"sqlite": make_engine(f"sqlite+aiosqlite:///{store}")}


def _sqlite_copy(template: Path, engine: AsyncEngine) -> None:
    """The template's copy under the engine's file, with no write-ahead log of the previous test left to replay."""
    store = Path(engine.url.database)
    for stale in (store, store.with_name(store.name + "-wal"), store.with_name(store.name + "-shm")):
        stale.unlink(missing_ok=True)
    shutil.copyfile(template, store)


async def _postgres_shared(request) -> AsyncEngine:
    engines = request.getfixturevalue("shared_engines")
    if "postgresql" not in engines:
        engines["postgresql"] = make_engine(request.getfixturevalue("postgres_url"))
    await _empty_postgres(engines["postgresql"])
    return engines["postgresql"]


@pytest.fixture
async def postgres_engine(request):
    """A store migrated to head on PostgreSQL only, for what only a server shows (several processes)."""
    engine = (await _postgres_shared(request)).execution_options()  # events a test adds stay the test's
    yield engine
    await engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
async def engine(request):
    """A store migrated to head, on SQLite and again on PostgreSQL."""
    if request.param == "sqlite":
        shared = request.getfixturevalue("shared_engines")["sqlite"]
        _sqlite_copy(request.getfixturevalue("sqlite_template"), shared)
    else:
        shared = await _postgres_shared(request)
    engine = shared.execution_options()  # events a test adds (some count statements) stay the test's
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine):
    return make_session_factory(engine)


@pytest.fixture
def messenger() -> RecordingMessenger:
    return RecordingMessenger()


@pytest.fixture
def load_org(sessions):
    """Import an organisation YAML text into the store."""
    from handlers.importer import import_org

    async def load(yaml_text: str, now=None):
        async with transaction(sessions) as session:
            return await import_org(session, yaml_text, now=now or IMPORTED_AT)

    return load
