"""How long ``okrbot export`` takes for a whole quarter of a 1 000-person organisation, next to a plain join.

    .venv/bin/python bench/export.py [--people 1000] [--weeks 13] [--runs 3]

A temporary SQLite store gets an organisation from bench/tick.py's generator (three key results a person) with
``--weeks`` weekly answers on every key result. Timed, best of ``--runs``: the export as CSV and as JSON through the
command's own code (bot/commands.py, migration check included), and the same join written as CSV with nothing but
the standard library's sqlite3 and csv modules, the floor the export is held to.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import sqlite3
import sys
import tempfile
import time as clock
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.tick import PERIOD, generate  # noqa: E402
from bot import commands  # noqa: E402
from bot.settings import Settings  # noqa: E402
from models.db import make_engine, upgrade  # noqa: E402

PLAIN_JOIN = """
SELECT period.name, person.platform_user_id, person.name, objective.title, keyresult.title, keyresult.unit,
       checkin.slot, checkin.value, checkin.confidence, checkin.one_level_up, checkin.blockers, checkin.answered_at
FROM checkin
JOIN person ON person.id = checkin.person_id
JOIN keyresult ON keyresult.id = checkin.key_result_id
JOIN objective ON objective.id = keyresult.objective_id
JOIN period ON period.id = checkin.period_id
ORDER BY period.start, person.name, checkin.slot, keyresult.id
"""


async def make_store(path: Path, *, people: int, weeks: int) -> int:
    """The organisation, with answers on every Monday of the quarter up to its last week."""
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    try:
        await upgrade(engine)
        last_monday = PERIOD[2] - timedelta(days=PERIOD[2].weekday())
        now = datetime.combine(last_monday + timedelta(days=7), time(12), UTC)
        org = await generate(engine, people=people, teams=max(1, people // 20), history_weeks=weeks, now=now)
        return org.history
    finally:
        await engine.dispose()


def plain_csv(path: Path) -> str:
    """The same join with the standard library only: the floor."""
    connection = sqlite3.connect(path)
    try:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerows(connection.execute(PLAIN_JOIN))
        return out.getvalue()
    finally:
        connection.close()


def exported(settings: Settings, format: str) -> str:
    """What ``okrbot export`` writes, gathered in memory as the plain join's CSV is."""
    out = io.StringIO()
    asyncio.run(commands.export(settings, format, out.write))
    return out.getvalue()


def best(runs: int, work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = clock.perf_counter()
        result = work()
        times.append(clock.perf_counter() - started)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=13, help="weekly answers per key result (default 13)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="okrbot-bench-") as folder:
        path = Path(folder) / "export.db"
        answers = asyncio.run(make_store(path, people=args.people, weeks=args.weeks))
        settings = Settings(database_url=f"sqlite+aiosqlite:///{path}")
        as_csv, text = best(args.runs, lambda: exported(settings, "csv"))
        as_json, _ = best(args.runs, lambda: exported(settings, "json"))
        floor, plain = best(args.runs, lambda: plain_csv(path))
    rows = text.count("\n") - 1
    print(f"{args.people} people, {answers} check-ins ({rows} CSV rows, {len(text) / 2**20:.1f} MB), best of "
          f"{args.runs}:")
    print(f"  okrbot export --format csv   {as_csv:6.2f} s  ({as_csv / floor:.1f}x the plain join)")
    print(f"  okrbot export --format json  {as_json:6.2f} s  ({as_json / floor:.1f}x the plain join)")
    print(f"  plain sqlite3 join to CSV    {floor:6.2f} s  ({plain.count(chr(10))} rows)")
    return 0 if rows == answers == plain.count("\n") else 1


if __name__ == "__main__":
    sys.exit(main())
