"""How fast every 1:1 prep digest, weekly team summary and quarterly recap of a large organisation is built.

    .venv/bin/python bench/digests.py [--people 1000] [--small 200] [--backend sqlite|postgresql|both]

Each backend runs in a subprocess of its own, so one backend's memory peak cannot hide the other's. A run creates
a fresh store (a temporary SQLite file, or the PostgreSQL database ``okrbot_bench`` like bench/tick.py), writes a
full quarter with bench/org_gen.py (timed apart), and builds, each timed and with its SQL statements counted:

1. the prep digest of every manager-report pair's last 1:1 of the quarter, as a tick hands them over: one
   ``prep_messages`` call with a claimed delivery per pair;
2. the summary of the quarter's last check-in slot for every team: one ``channel_messages`` call;
3. every team's recap with its chart and the organisation recap with its own: one ``channel_messages`` call.

The same is done first for a ``--small`` organisation: the statement counts must not change with the number of
people (no query per person or team). Targets: each under TARGET_SECONDS.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time as clock
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from bench.org_gen import SLOTS, Quarter, generate_quarter  # noqa: E402
from bench.tick import fresh_postgres, rss_mb  # noqa: E402
from bot.messages import Chart  # noqa: E402
from bot.teams.render import fits  # noqa: E402
from handlers import recap_chart  # noqa: E402
from handlers.post_outbox import PostRef, channel_messages  # noqa: E402
from handlers.prep_outbox import prep_messages, prep_slot  # noqa: E402
from models.db import make_engine, make_session_factory, upgrade  # noqa: E402
from models.deliveries import Claimed  # noqa: E402
from scheduler.digest_calendar import prep_at, previous_meeting  # noqa: E402

TARGET_SECONDS = 5.0
QUARTER_LAST = datetime(2026, 12, 31, 23, 59, tzinfo=UTC)  # the 1:1s before it are the quarter's last ones
SUMMARY_AT = datetime(2026, 12, 30, 12, tzinfo=UTC)  # two days after the last check-in slot
RECAP_AT = datetime(2027, 1, 4, 9, tzinfo=UTC)
MEASURES = ("preps", "summaries", "recaps")
LABELS = {"preps": "1:1 prep digests", "summaries": "weekly summaries", "recaps": "quarterly recaps"}


@asynccontextmanager
async def fresh_engine(backend: str):
    with tempfile.TemporaryDirectory(prefix="okrbot-bench-") as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}" if backend == "sqlite" else await fresh_postgres()
        engine = make_engine(url)
        try:
            await upgrade(engine)
            yield engine
        finally:
            await engine.dispose()


def prep_claims(quarter: Quarter) -> tuple[list[Claimed], datetime]:
    """A claimed prep delivery for every pair's last 1:1 of the quarter, and the moment the last of them is due."""
    claims, due = [], []
    for number, rule in enumerate(quarter.one_on_ones, start=1):
        tz = quarter.tz[rule.manager_id]
        meeting = previous_meeting(rule, tz, QUARTER_LAST)
        day = meeting.astimezone(ZoneInfo(tz)).date()
        claims.append(Claimed(number, "prep", rule.manager_id, 1, prep_slot(rule.report_id, day)))
        due.append(prep_at(rule, meeting))
    return claims, max(due)


class Meter:
    """Times one build and counts the SQL statements the engine executes meanwhile."""

    def __init__(self, engine, profile: str | None) -> None:
        self.engine, self.profile, self.statements = engine, profile, 0

    def _count(self, *_args) -> None:
        self.statements += 1

    async def run(self, name: str, build) -> tuple[object, dict]:
        self.statements = 0
        profiler = None
        if self.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        event.listen(self.engine.sync_engine, "before_cursor_execute", self._count)
        started = clock.perf_counter()
        try:
            built = await build()
        finally:
            seconds = clock.perf_counter() - started
            event.remove(self.engine.sync_engine, "before_cursor_execute", self._count)
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(f"{self.profile}.{self.engine.dialect.name}.{name}.prof")
        return built, {"seconds": seconds, "statements": self.statements}


async def measure(engine, quarter: Quarter, profile: str | None, *, compare_charts: bool = False) -> dict:
    sessions = make_session_factory(engine)
    meter = Meter(engine, profile)
    claims, prep_now = prep_claims(quarter)
    teams = [f"team:{team}" for team in quarter.team_ids]
    summaries = [PostRef("summary", scope, 1, SLOTS[-1].isoformat()) for scope in teams]
    recaps = [PostRef("recap", scope, 1) for scope in teams] + [PostRef("org_recap", "org", 1)]
    async with sessions() as session:
        preps, prep_figures = await meter.run(
            "preps", lambda: prep_messages(session, deliveries=claims, now=prep_now))
    async with sessions() as session:
        posted, summary_figures = await meter.run(
            "summaries", lambda: channel_messages(session, posts=summaries, now=SUMMARY_AT))
    async with sessions() as session:
        recapped, recap_figures = await meter.run(
            "recaps", lambda: channel_messages(session, posts=recaps, now=RECAP_AT))
    charts = [chart.png for message in recapped.values() for chart in message.charts]
    same = await _same_drawn_by_workers(sessions, recaps, charts) if compare_charts else None
    return {
        "preps": {**prep_figures, "built": len(preps), "wanted": len(claims)},
        "summaries": {**summary_figures, "built": len(posted), "wanted": len(summaries)},
        "recaps": {**recap_figures, "built": len(recapped), "wanted": len(recaps), "charts": len(charts),
                   "largest_png_kb": max(map(len, charts), default=0) / 1000,
                   "fit_teams": sum(fits(Chart("c.png", "", png)) for png in charts), "same_by_workers": same},
    }


async def _same_drawn_by_workers(sessions, recaps: list[PostRef], charts: list[bytes]) -> bool:
    """Whether worker processes draw these charts byte for byte as this process did (or the other way round)."""
    parallel_from = recap_chart.PARALLEL_FROM
    recap_chart.PARALLEL_FROM = len(recaps) + 1 if len(recaps) >= parallel_from else 1
    try:
        async with sessions() as session:
            again = await channel_messages(session, posts=recaps, now=RECAP_AT)
    finally:
        recap_chart.PARALLEL_FROM = parallel_from
    return [chart.png for message in again.values() for chart in message.charts] == charts


async def run_backend(backend: str, *, people: int, small: int, profile: str | None) -> dict:
    """The small organisation first, then the large one: the peak RSS is the large one's."""
    runs = {}
    for size in sorted({small, people}):
        async with fresh_engine(backend) as engine:
            started = clock.perf_counter()
            quarter = await generate_quarter(engine, people=size)
            generated = clock.perf_counter() - started
            print(f"[{backend}] generated {quarter.people} people in {len(quarter.team_ids)} teams, "
                  f"{quarter.key_results} key results, {quarter.checkins} check-ins, {len(quarter.one_on_ones)} "
                  f"1:1s in {generated:.1f} s (not counted)", flush=True)
            figures = await measure(engine, quarter, profile if size == people else None,
                                    compare_charts=size == min(small, people))
        runs[size] = {"people": quarter.people, **figures}
        _print_run(backend, runs[size])
    large, least = runs[max(runs)], runs[min(runs)]
    result = {
        "backend": backend, "large": large, "small": least, "rss_peak_mb": rss_mb(),
        "queries_grow": any(large[m]["statements"] != least[m]["statements"] for m in MEASURES),
        "same_charts": least["recaps"]["same_by_workers"],
    }
    print(f"[{backend}] worker processes draw the {least['people']}-people charts byte for byte as this process: "
          f"{'yes' if result['same_charts'] else 'NO'}")
    print(f"[{backend}] queries grow with people ({least['people']} -> {large['people']}): "
          f"{'YES' if result['queries_grow'] else 'no'}; peak RSS {result['rss_peak_mb']:.0f} MB")
    print("RESULT " + json.dumps(result), flush=True)
    return result


def _print_run(backend: str, run: dict) -> None:
    for name in MEASURES:
        m = run[name]
        charts = (f" ({m['charts']} charts, largest {m['largest_png_kb']:.1f} kB, {m['fit_teams']} fit a Teams "
                  f"message)" if "charts" in m else "")
        print(f"[{backend}] {run['people']} people, {LABELS[name]}: {m['built']} of {m['wanted']} built{charts} in "
              f"{m['seconds']:.2f} s, {m['statements']} SQL statements", flush=True)


def met(result: dict) -> bool:
    large = result["large"]
    return (not result["queries_grow"] and result["same_charts"] is not False
            and all(large[m]["seconds"] < TARGET_SECONDS and large[m]["built"] == large[m]["wanted"] for m in MEASURES))


def _table(results: list[dict]) -> None:
    print()
    print(f"{'backend':<11} {'what':<18} {'built':>6} {'seconds':>8} {'SQL':>5} {'SQL small':>9}  "
          f"target (< {TARGET_SECONDS:.0f} s, same SQL)")
    for r in results:
        for name in MEASURES:
            large, least = r["large"][name], r["small"][name]
            ok = large["seconds"] < TARGET_SECONDS and large["statements"] == least["statements"]
            print(f"{r['backend']:<11} {LABELS[name]:<18} {large['built']:>6} {large['seconds']:>8.2f} "
                  f"{large['statements']:>5} {least['statements']:>9}  {'met' if ok else 'MISSED'}")
    for r in results:
        print(f"{r['backend']}: {r['large']['people']} people, peak RSS {r['rss_peak_mb']:.0f} MB, queries grow "
              f"with people: {'YES' if r['queries_grow'] else 'no'}, targets {'met' if met(r) else 'MISSED'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--small", type=int, default=200, help="the smaller organisation the SQL count is compared to")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--profile", metavar="PREFIX",
                        help="write a cProfile of each build to PREFIX.<backend>.<what>.prof")
    parser.add_argument("--no-table", action="store_true", help=argparse.SUPPRESS)  # a child of a "both" run
    args = parser.parse_args()
    if not 8 <= args.small <= args.people:
        parser.error("need 8 <= small <= people")
    if args.backend != "both":
        result = asyncio.run(run_backend(args.backend, people=args.people, small=args.small, profile=args.profile))
        if not args.no_table:
            _table([result])
        return 0 if met(result) else 1
    results = []
    for backend in ("sqlite", "postgresql"):
        command = [sys.executable, __file__, "--backend", backend, "--people", str(args.people),
                   "--small", str(args.small), "--no-table"] + (["--profile", args.profile] if args.profile else [])
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
        for line in done.stdout.splitlines():
            if line.startswith("RESULT "):
                results.append(json.loads(line.removeprefix("RESULT ")))
            else:
                print(line)
    _table(results)
    return 0 if len(results) == 2 and all(met(r) for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
