"""How fast one tick claims and hands out every due check-in of a large organisation.

    .venv/bin/python bench/tick.py [--people 10000] [--teams 500] [--backend sqlite|postgresql|both]

Each backend runs in a subprocess of its own, so one backend's memory peak cannot hide the other's. A run
creates a fresh store (a temporary SQLite file, or the PostgreSQL database ``okrbot_bench``, dropped and created
again through the ``postgres`` maintenance database; ``OKRBOT_BENCH_PG_URL`` overrides its URL), migrates it,
generates an organisation with bulk core inserts (timed apart), and then times ONE tick at an instant at which
every person's check-in is due, against an edge that only counts. A second tick at the same instant must send
nothing, and the store must hold exactly one sent check-in per person.

The tracemalloc peak comes from running the same tick again after emptying the delivery table: tracing slows
Python down, so the timed tick runs without it.

Besides the wall time, the CPU seconds the tick cost are counted (a measure that holds on a busy machine): this
process's own (on SQLite the database works in it) plus, on PostgreSQL, that of the server processes serving the
bench's database (read from /proc, so only for a server on this machine; left out where they cannot be read).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time as clock
import tracemalloc
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, event, func, insert, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from models import Absence, CheckIn, Delivery, KeyResult, Membership, Objective, Period, Person, Team  # noqa: E402
from models.db import make_engine, make_session_factory, upgrade  # noqa: E402
from scheduler.cadence import is_working_day  # noqa: E402
from scheduler.tick import tick  # noqa: E402

PG_URL = os.environ.get("OKRBOT_BENCH_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/okrbot_bench")
TARGET_PER_SECOND = 2000
TARGET_PEAK_MB = 150

PERIOD = ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31))
# (country, time zone, locale) of the teams, round robin; every team checks in on Monday at 09:00 local time.
PLACES = [
    ("NL", "Europe/Amsterdam", "nl"),
    ("BE", "Europe/Brussels", "nl"),
    ("GB", "Europe/London", "en"),
    ("DE", "Europe/Berlin", "en"),
    ("US", "America/New_York", "en"),
    ("IN", "Asia/Kolkata", "en"),
]
CHECKIN_UTC = time(13, 0)  # 09:00 in New York, 18:30 in Kolkata: the same Monday everywhere
FIRST_NAMES = ["Anna", "Ben", "Carla", "Daan", "Eva", "Femke", "Gijs", "Hanna", "Ivo", "Julia", "Kees", "Lotte"]
LAST_NAMES = ["de Vries", "Bakker", "Jansen", "Miller", "Smit", "Visser", "Meijer", "de Boer", "Mulder", "Bos"]
KR_SHAPES = [  # kind, baseline, target, unit, title
    ("increase", 20.0, 45.0, "NPS", "NPS rises from 20 to 45"),
    ("decrease", 8.0, 2.0, "h", "First reply within 2 hours"),
    ("milestone", 0.0, 1.0, "", "Knowledge base live"),
    ("stay_below", 0.0, 3.0, "%", "Monthly churn stays below 3%"),
]
BATCH = 5000


class CountingMessenger:
    """An edge that delivers nothing and only counts what it was handed."""

    def __init__(self) -> None:
        self.sent = 0
        self.posted = 0
        self.last = None

    async def send(self, recipient, message) -> None:
        self.sent += 1
        self.last = message

    async def post(self, channel, message) -> str:
        self.posted += 1
        return f"{channel}/{self.posted}"

    async def update(self, channel, handle, message) -> None:
        pass


@dataclass
class Org:
    people: int
    teams: int
    key_results: int
    history: int
    now: datetime


def cpu_seconds() -> float:
    """User and system time of this process, every thread (aiosqlite's included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def server_cpu_seconds(engine) -> float | None:
    """CPU seconds so far of the PostgreSQL backends connected to the bench's database; None off PostgreSQL or
    when /proc does not show them (a server elsewhere, another user's processes)."""
    if engine.dialect.name != "postgresql":
        return None
    async with engine.connect() as connection:
        pids = (await connection.exec_driver_sql(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()")).scalars().all()
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        ticks += int(fields[11]) + int(fields[12])  # utime and stime, the 14th and 15th fields of stat
    return ticks / os.sysconf("SC_CLK_TCK") if pids else None


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def tick_instant() -> datetime:
    """The first Monday of the period, from its third week on, that is a working day in every country, one minute
    after CHECKIN_UTC, when every place is on that Monday. Each team checks in at its own local time of that
    moment (``checkin_time``), so every check-in is due on time in this one tick: a late one would go out only in
    its people's working hours, and the places span more than a working day."""
    day = PERIOD[1] + timedelta(days=(-PERIOD[1].weekday()) % 7 + 14)
    while True:
        if all(is_working_day(day, country) for country, _, _ in PLACES):
            now = datetime.combine(day, CHECKIN_UTC, UTC) + timedelta(minutes=1)
            if all(now.astimezone(ZoneInfo(tz)).date() == day for _, tz, _ in PLACES):
                return now
        day += timedelta(days=7)


def checkin_time(tz: str, now: datetime) -> str:
    """The local wall time, in ``tz``, of the check-in the tick at ``now`` finds due a minute later."""
    return (now - timedelta(minutes=1)).astimezone(ZoneInfo(tz)).strftime("%H:%M")


# --- the store -------------------------------------------------------------------------------------------------


async def fresh_postgres() -> str:
    import asyncpg  # here: the SQLite run's tick process holds only what an ``okrbot tick`` on SQLite holds

    url = make_url(PG_URL)
    name = url.database
    maintenance = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    connection = await asyncpg.connect(maintenance)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return PG_URL


async def generate(engine, *, people: int, teams: int, history_weeks: int, now: datetime) -> Org:
    """Teams of equal size round robin over PLACES, one objective and three key results per person, and answers for
    ``history_weeks`` earlier Mondays on every key result (so "latest confidence" has something to find)."""
    name, start, end = PERIOD
    today = now.date()
    past_slots = [(today - timedelta(weeks=w)).isoformat() for w in range(history_weeks, 0, -1)]
    past_slots = [s for s in past_slots if s >= start.isoformat()]
    answered_at = now - timedelta(days=3)
    async with engine.begin() as connection:
        await connection.execute(insert(Period), [{"id": 1, "name": name, "start": start, "end": end}])
        await connection.execute(insert(Team), [
            {"id": t + 1, "name": f"Team {t + 1:04d}", "channel": f"C{t + 1:05d}",
             "country": PLACES[t % len(PLACES)][0], "checkin_weekday": 0,
             "checkin_time": checkin_time(PLACES[t % len(PLACES)][1], now), "every_weeks": 1}
            for t in range(teams)
        ])
        for first in range(0, people, BATCH):
            ids = range(first + 1, min(people, first + BATCH) + 1)
            place = {p: PLACES[((p - 1) * teams // people) % len(PLACES)] for p in ids}
            await connection.execute(insert(Person), [
                {"id": p, "platform": "slack", "platform_user_id": f"U{p:07d}",
                 "name": f"{FIRST_NAMES[p % len(FIRST_NAMES)]} {LAST_NAMES[p % len(LAST_NAMES)]}",
                 "email": f"person{p}@example.com", "tz": place[p][1], "locale": place[p][2],
                 "manager_id": None}
                for p in ids
            ])
            await connection.execute(insert(Membership), [
                {"id": p, "team_id": (p - 1) * teams // people + 1, "person_id": p, "primary": True} for p in ids
            ])
            away = [p for p in ids if p % 10 == 0]  # a week off last week, over now: the tick must skip past it
            if away:
                await connection.execute(insert(Absence), [
                    {"person_id": p, "first_day": today - timedelta(days=7), "last_day": today - timedelta(days=3),
                     "source": "typed", "created_at": answered_at} for p in away
                ])
            await connection.execute(insert(Objective), [
                {"id": p, "ref": f"o-{p}", "title": f"Objective of person {p}", "level": "person", "type": "committed",
                 "period_id": 1, "owner_person_id": p, "owner_team_id": None, "parent_id": None}
                for p in ids
            ])
            krs = [(3 * (p - 1) + k + 1, p, KR_SHAPES[(p + k) % len(KR_SHAPES)]) for p in ids for k in range(3)]
            await connection.execute(insert(KeyResult), [
                {"id": kr, "ref": f"kr-{kr}", "objective_id": p, "owner_id": p, "title": shape[4], "kind": shape[0],
                 "baseline": shape[1], "target": shape[2], "current": None if not past_slots else shape[1],
                 "unit": shape[3], "weight": 1.0}
                for kr, p, shape in krs
            ])
            if past_slots:
                await connection.execute(insert(CheckIn), [
                    {"person_id": p, "key_result_id": kr, "period_id": 1, "slot": slot, "value": shape[1],
                     "confidence": 1 + (kr + w) % 10, "one_level_up": "", "blockers": "", "answered_at": answered_at}
                    for kr, p, shape in krs for w, slot in enumerate(past_slots)
                ])
        if engine.dialect.name == "postgresql":
            for table in ("person", "team", "membership", "objective", "keyresult", "period"):
                await connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
    if engine.dialect.name == "postgresql":
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.exec_driver_sql("VACUUM ANALYZE")
    return Org(people, teams, 3 * people, len(past_slots) * 3 * people, now)


# --- one backend -----------------------------------------------------------------------------------------------


async def run_backend(backend: str, *, people: int, teams: int, history_weeks: int, profile: str | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="okrbot-bench-") as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}" if backend == "sqlite" else await fresh_postgres()
        # Generated by a process of its own: this one then holds only what an ``okrbot tick`` process holds, so
        # its peak RSS is the tick's, not the generator's.
        command = [sys.executable, __file__, "--generate-into", url, "--people", str(people), "--teams", str(teams),
                   "--history-weeks", str(history_weeks)]
        if subprocess.run(command, check=False).returncode:
            raise SystemExit(f"[{backend}] generating the organisation failed")
        engine = make_engine(url)
        try:
            return await _measure(engine, backend, people=people, profile=profile)
        finally:
            await engine.dispose()


async def generate_into(url: str, *, people: int, teams: int, history_weeks: int) -> None:
    engine = make_engine(url)
    try:
        now = tick_instant()
        started = clock.perf_counter()
        await upgrade(engine)
        org = await generate(engine, people=people, teams=teams, history_weeks=history_weeks, now=now)
        print(f"[{engine.dialect.name}] generated {org.people} people in {org.teams} teams, {org.key_results} key "
              f"results, {org.history} earlier answers in {clock.perf_counter() - started:.1f} s (not counted); "
              f"tick at {now.isoformat()}", flush=True)
    finally:
        await engine.dispose()


async def _measure(engine, backend: str, *, people: int, profile: str | None) -> dict:
    sessions = make_session_factory(engine)
    now = tick_instant()
    await upgrade(engine)  # a tick process checks the store is migrated too

    statements = 0

    def count_statement(*_args) -> None:
        nonlocal statements
        statements += 1

    rss_before = rss_mb()
    messenger = CountingMessenger()
    event.listen(engine.sync_engine, "before_cursor_execute", count_statement)
    profiler = _profiler(profile)
    server_before = await server_cpu_seconds(engine)
    started, cpu_started = clock.perf_counter(), cpu_seconds()
    report = await tick(sessions=sessions, messenger=messenger, now=now)
    seconds, cpu = clock.perf_counter() - started, cpu_seconds() - cpu_started
    _stop(profiler, profile, backend)
    # Read after the tick: the pool keeps its connections open, so every backend the tick used is still there.
    server_after = await server_cpu_seconds(engine)
    server_cpu = None if server_after is None else server_after - (server_before or 0.0)
    load = os.getloadavg()
    event.remove(engine.sync_engine, "before_cursor_execute", count_statement)
    rss_peak = rss_mb()

    again = CountingMessenger()
    await tick(sessions=sessions, messenger=again, now=now)
    async with sessions() as session:
        sent_rows, sent_people = (await session.execute(
            select(func.count(Delivery.id), func.count(Delivery.person_id.distinct()))
            .where(Delivery.kind == "checkin", Delivery.status == "sent")
        )).one()
        rows = (await session.execute(select(func.count(Delivery.id)))).scalar_one()

    # The same tick once more on an empty delivery table, traced, for the memory the tick itself allocates.
    async with engine.begin() as connection:
        await connection.execute(delete(Delivery))
    traced = CountingMessenger()
    tracemalloc.start()
    await tick(sessions=sessions, messenger=traced, now=now)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    questions = len(messenger.last.questions) if messenger.last else 0
    checks = {
        "every person handed to the edge once": messenger.sent == people,
        "second tick at the same instant sends nothing": again.sent == 0,
        "one sent check-in row per person, no other rows": sent_rows == people == sent_people == rows,
        "no failures": report.failed == 0,
        "a message asks about 3 key results (4 questions each)": questions == 12,
        "the traced re-run delivers the same": traced.sent == people,
    }
    result = {
        "backend": backend, "people": people, "delivered": messenger.sent, "seconds": seconds,
        "per_second": messenger.sent / seconds if seconds else 0.0, "statements": statements,
        "cpu_seconds": cpu, "server_cpu_seconds": server_cpu,
        "per_cpu_second": messenger.sent / (cpu + (server_cpu or 0.0)), "load": load,
        "rss_before_mb": rss_before, "rss_peak_mb": rss_peak, "tracemalloc_peak_mb": traced_peak / 2**20,
        "second_tick": again.sent, "checks": checks,
    }
    _print(result)
    return result


def _profiler(profile: str | None):
    if profile is None:
        return None
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    return profiler


def _stop(profiler, profile: str | None, backend: str) -> None:
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(f"{profile}.{backend}.prof")


def _print(r: dict) -> None:
    b = r["backend"]
    print(f"[{b}] tick: {r['delivered']} deliveries handed to the edge in {r['seconds']:.2f} s "
          f"= {r['per_second']:.0f}/s, {r['statements']} SQL statements (load average {r['load'][0]:.2f})")
    server = "" if r["server_cpu_seconds"] is None else f" + {r['server_cpu_seconds']:.2f} s of the server's"
    print(f"[{b}] CPU: {r['cpu_seconds']:.2f} s of the tick process's{server} = {r['per_cpu_second']:.0f} "
          f"deliveries per CPU second")
    print(f"[{b}] memory: the tick added {r['rss_peak_mb'] - r['rss_before_mb']:.0f} MB to the process's peak RSS "
          f"(before it {r['rss_before_mb']:.0f} MB: the imports and a migrated store; peak {r['rss_peak_mb']:.0f} MB), "
          f"tracemalloc peak of the tick {r['tracemalloc_peak_mb']:.1f} MB")
    print(f"[{b}] second tick at the same instant sent {r['second_tick']}")
    for check, ok in r["checks"].items():
        print(f"[{b}] {'ok  ' if ok else 'FAIL'} {check}")
    print("RESULT " + json.dumps(r), flush=True)


# --- driver ----------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--teams", type=int, default=500)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--history-weeks", type=int, default=2,
                        help="earlier weekly answers stored per key result (default 2)")
    parser.add_argument("--generate-into", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--profile", metavar="PREFIX",
                        help="write a cProfile of the timed tick to PREFIX.<backend>.prof")
    args = parser.parse_args()
    if not 0 < args.teams <= args.people:
        parser.error("need 0 < teams <= people")
    if args.generate_into:
        asyncio.run(generate_into(args.generate_into, people=args.people, teams=args.teams,
                                  history_weeks=args.history_weeks))
        return 0
    if args.backend != "both":
        result = asyncio.run(run_backend(args.backend, people=args.people, teams=args.teams,
                                         history_weeks=args.history_weeks, profile=args.profile))
        return 0 if all(result["checks"].values()) else 1
    results = []
    for backend in ("sqlite", "postgresql"):
        command = [sys.executable, __file__, "--backend", backend, "--people", str(args.people),
                   "--teams", str(args.teams), "--history-weeks", str(args.history_weeks)]
        if args.profile:
            command += ["--profile", args.profile]
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
        for line in done.stdout.splitlines():
            if line.startswith("RESULT "):
                results.append(json.loads(line.removeprefix("RESULT ")))
            else:
                print(line)
        if done.returncode:
            print(f"[{backend}] exited with {done.returncode}")
    print()
    print(f"{'backend':<11} {'people':>7} {'sent':>7} {'seconds':>8} {'per s':>7} {'per CPU s':>9} {'SQL':>6} "
          f"{'RSS MB':>7} "
          f"{'tick +MB':>8} {'traced MB':>9}  target >= {TARGET_PER_SECOND}/s, < {TARGET_PEAK_MB} MB")
    for r in results:
        grew = r["rss_peak_mb"] - r["rss_before_mb"]
        met = r["per_second"] >= TARGET_PER_SECOND and max(grew, r["tracemalloc_peak_mb"]) < TARGET_PEAK_MB
        print(f"{r['backend']:<11} {r['people']:>7} {r['delivered']:>7} {r['seconds']:>8.2f} {r['per_second']:>7.0f} "
              f"{r['per_cpu_second']:>9.0f} {r['statements']:>6} {r['rss_peak_mb']:>7.0f} {grew:>8.0f} "
              f"{r['tracemalloc_peak_mb']:>9.1f}  "
              f"{'met' if met else 'MISSED'}")
    ok = len(results) == 2 and all(all(r["checks"].values()) for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
