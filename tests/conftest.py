"""Shared fixtures: a migrated store on SQLite and on PostgreSQL, a recording messenger, an example org."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import text

from models.db import make_engine, make_session_factory, transaction, upgrade
from tests.fakes import RecordingMessenger

PG_URL = os.environ.get("OKRBOT_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
ROOT = Path(__file__).resolve().parent.parent


def _postgres_reachable() -> str | None:
    async def probe() -> None:
        connection = await asyncpg.connect(PG_URL.replace("+asyncpg", ""), timeout=5)
        await connection.close()

    try:  # in a thread of its own: fixtures may ask for this while an event loop is running
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, probe()).result()
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        return f"{type(error).__name__}: {error}"
    return None


@pytest.fixture(scope="session")
def postgres_url() -> str:
    problem = _postgres_reachable()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at 127.0.0.1:5432 is required under CI: {problem}")
        pytest.skip(f"PostgreSQL not reachable: {problem}")
    return PG_URL


async def _fresh_postgres(url: str):
    engine = make_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await upgrade(engine)
    return engine


@pytest.fixture
async def postgres_engine(postgres_url):
    """A store migrated to head on PostgreSQL only, for what only a server shows (several processes)."""
    engine = await _fresh_postgres(postgres_url)
    yield engine
    await engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
async def engine(request, tmp_path):
    """A store migrated to head, on SQLite and again on PostgreSQL."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
        await upgrade(engine)
    else:
        engine = await _fresh_postgres(request.getfixturevalue("postgres_url"))
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

    async def load(yaml_text: str):
        async with transaction(sessions) as session:
            return await import_org(session, yaml_text)

    return load
