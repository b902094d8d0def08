"""Data sources at scale: N key results whose sources are all due at one tick, read from a local JSON server.

Prints, per N, the time the tick's source half takes, the reads per second, the peak of Python memory (tracemalloc)
and the SQL statements the engine executes; the statements must not grow with N beyond batches of 500.

    python bench/feeds.py [--sizes 1000 10000] [--database-url postgresql+asyncpg://…/a_database_of_its_own]

A PostgreSQL database given is EMPTIED before each size (its public schema dropped): give it one of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import event, insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models import KeyResult, Objective, Period, Person
from models.db import make_engine, make_session_factory, transaction, upgrade
from models.feeds import FeedSource
from scheduler.feed_tick import read_due_sources
from tests.fakes import RecordingMessenger
from tests.feed_server import FeedServer

NOW = datetime(2026, 10, 4, 1, 0, tzinfo=UTC)


async def seed(sessions, n: int, url: str) -> None:
    async with transaction(sessions) as session:
        session.add(Period(id=1, name="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31)))
        session.add(Person(id=1, platform="console", platform_user_id="owner", name="Owner", tz="UTC", locale="en"))
        await session.flush()
        session.add(Objective(id=1, ref="o", title="Grow", level="person", period_id=1, owner_person_id=1))
        await session.flush()
        await session.execute(insert(KeyResult), [
            {"id": i, "ref": f"kr{i}", "objective_id": 1, "owner_id": 1, "title": f"KR {i}", "kind": "increase",
             "baseline": 0.0, "target": 100.0, "unit": "", "weight": 1.0} for i in range(1, n + 1)])
        config = {"type": "http_json", "url": f"{url}/stats", "path": "data.value", "headers": {}}
        await session.execute(insert(FeedSource), [
            {"key_result_id": i, "kind": "http_json", "name": "bench", "config": json.dumps(config),
             "every_minutes": 360, "next_due_at": NOW, "problem": "", "told": ""} for i in range(1, n + 1)])


async def measure(database_url: str | None, n: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(database_url or f"sqlite+aiosqlite:///{folder}/bench.db")
        if database_url:
            async with engine.begin() as connection:
                await connection.execute(text("DROP SCHEMA public CASCADE"))
                await connection.execute(text("CREATE SCHEMA public"))
        await upgrade(engine)
        sessions = make_session_factory(engine)
        async with FeedServer() as server:
            server.serve("/stats", '{"data": {"value": 42.5}}')
            await seed(sessions, n, server.url)
            statements = 0

            def count(*_args) -> None:
                nonlocal statements
                statements += 1

            event.listen(engine.sync_engine, "before_cursor_execute", count)
            tracemalloc.start()
            started = time.perf_counter()
            report = await read_due_sources(sessions=sessions, messenger=RecordingMessenger(), now=NOW, env={})
            seconds = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            event.remove(engine.sync_engine, "before_cursor_execute", count)
        await engine.dispose()
    assert report.read == n, report
    return {"n": n, "seconds": seconds, "per_second": n / seconds, "peak_mb": peak / 1e6, "statements": statements}


async def main(sizes: list[int], database_url: str | None) -> None:
    for n in sizes:
        r = await measure(database_url, n)
        print(f"{r['n']:>6} sources: {r['seconds']:6.2f} s, {r['per_second']:7.0f} reads/s, "
              f"peak {r['peak_mb']:6.1f} MB, {r['statements']} SQL statements")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--database-url", default=None)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.sizes, arguments.database_url))
