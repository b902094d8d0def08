"""Concurrent writers on one SQLite file, as the chat edges and the tick make them: how many short write
transactions land a second, what one costs in CPU, their latency tail, and how many failed ("database is locked").

    .venv/bin/python bench/sqlite_writers.py [--tasks 16] [--each 200]

Each task runs ``--each`` transactions one after the other: a read, then two inserts with a pause for other tasks
between them (as a handler awaits between its statements). CPU is the process's (aiosqlite's threads included).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402

from models.db import make_engine, make_session_factory, transaction, upgrade  # noqa: E402
from models.inbound import InboundEvent, first_sighting  # noqa: E402

NOW = datetime(2026, 10, 12, 9, 0, tzinfo=UTC)


async def writer(sessions, task: int, each: int, latencies: list[float], failures: list[str]) -> None:
    for n in range(each):
        started = time.perf_counter()
        try:
            async with transaction(sessions) as session:
                await session.execute(select(func.count()).select_from(InboundEvent))
                await first_sighting(session, platform="bench", event_id=f"{task}:{n}:a", now=NOW)
                await asyncio.sleep(0)
                await first_sighting(session, platform="bench", event_id=f"{task}:{n}:b", now=NOW)
        except OperationalError as error:
            failures.append(str(error.orig))
        latencies.append(time.perf_counter() - started)


async def run(tasks: int, each: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite+aiosqlite:///{folder}/writers.db")
        await upgrade(engine)
        sessions = make_session_factory(engine)
        latencies: list[float] = []
        failures: list[str] = []
        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.gather(*(writer(sessions, t, each, latencies, failures) for t in range(tasks)))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        async with sessions() as session:
            stored = (await session.execute(select(func.count()).select_from(InboundEvent))).scalar()
        await engine.dispose()
    latencies.sort()
    done = len(latencies)
    print(f"{tasks} tasks x {each} write transactions: {done / wall:.0f}/s, wall {wall:.2f} s, CPU {cpu:.2f} s "
          f"= {cpu / done * 1000:.2f} ms CPU per transaction; latency p50 {latencies[done // 2] * 1000:.1f} ms "
          f"p99 {latencies[int(done * 0.99)] * 1000:.1f} ms max {latencies[-1] * 1000:.1f} ms; "
          f"failed {len(failures)} ({sorted(set(failures))[:1]}); rows {stored} of {2 * (done - len(failures))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=16)
    parser.add_argument("--each", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(run(args.tasks, args.each))


if __name__ == "__main__":
    main()
