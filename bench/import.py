"""How long `okrbot import` takes for a large organisation file, next to a C YAML parse of the same file.

    .venv/bin/python bench/import.py                     # 10 000 and 50 000 people, SQLite
    .venv/bin/python bench/import.py --people 10000 --backend postgresql

Per size it writes a generated file (teams of eight with a manager, three organisation objectives, a team objective
with three key results per team and a personal objective for every fourth person, a 1:1 per report), then in a fresh
process per measure: the C YAML parse of the file alone (the floor), the import into an empty store, and the import
of the same file again (nothing changes). It prints seconds, the ratio to the floor (goal: at most 3x) and the
process's peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TEAM_SIZE = 8
ZONES = ("Europe/Amsterdam", "Europe/London", "America/New_York", "Asia/Singapore")
PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def org_text(people: int) -> str:
    """An organisation file for ``people`` people, written as a person would (block style, one item per line)."""
    lines = ["periods:", "  - {name: 2026-Q4, start: 2026-10-01, end: 2026-12-31}", "people:"]
    for n in range(people):
        manager = n - n % TEAM_SIZE
        boss = f", manager: p{manager}" if manager != n else (f", manager: p{_director(n)}" if n else "")
        lines.append(f"  - {{id: p{n}, name: Person {n}, email: p{n}@example.com, tz: {ZONES[n % len(ZONES)]}, "
                     f"locale: {'nl' if n % 3 else 'en'}{boss}}}")
    lines.append("teams:")
    for team in range(_teams(people)):
        members = ", ".join(f"p{m}" for m in range(team * TEAM_SIZE, min(people, (team + 1) * TEAM_SIZE)))
        lines += [f"  - name: Team {team}", f"    channel: C{team:07d}", f"    members: [{members}]",
                  "    checkin: {day: monday, time: '09:00'}"]
    lines.append("okrs:")
    for n in range(3):
        lines += _objective(f"org-{n}", f"Customers recommend us, goal {n}", "org", "p0", None, ("p0",) * 3)
    for team in range(_teams(people)):
        first = team * TEAM_SIZE
        owners = tuple(f"p{min(people - 1, first + k)}" for k in range(3))
        lines += _objective(f"team-{team}", f"Team {team} makes support effortless", "team", f"Team {team}",
                            f"org-{team % 3}", owners)
    for n in range(0, people, 4):
        lines += _objective(f"p-{n}", f"Person {n} grows as a coach", "person", f"p{n}", f"team-{n // TEAM_SIZE}",
                            (f"p{n}",) * 3)
    lines.append("one_on_ones:")
    for n in range(people):
        if n % TEAM_SIZE:
            lines.append(f"  - {{manager: p{n - n % TEAM_SIZE}, report: p{n}, day: thursday, time: '14:00'}}")
    return "\n".join(lines) + "\n"


def _teams(people: int) -> int:
    return (people + TEAM_SIZE - 1) // TEAM_SIZE


def _director(n: int) -> int:
    """A team manager's manager: the first manager of their group of eight teams; those report to p0."""
    group = n - n % (TEAM_SIZE * TEAM_SIZE)
    return group if group != n else 0


def _objective(ref: str, title: str, level: str, owner: str, parent: str | None,
               kr_owners: tuple[str, str, str]) -> list[str]:
    aligned = [f"    parent: {parent}"] if parent else []
    a, b, c = kr_owners
    return [f"  - id: {ref}", f"    objective: {title}", f"    level: {level}", f"    owner: {owner}",
            "    period: 2026-Q4", *aligned, "    key_results:",
            f"      - {{id: {ref}-nps, title: NPS from 25 to 45, kind: increase, baseline: 25, target: 45, unit: NPS,"
            f" owner: {a}}}",
            f"      - {{id: {ref}-reply, title: First reply from 8 h to 2 h, kind: decrease, baseline: 8, target: 2,"
            f" unit: h, owner: {b}}}",
            f"      - {{id: {ref}-csat, title: CSAT stays above 8, kind: stay_above, target: 8, owner: {c}}}"]


def measure(what: str, file: Path, url: str) -> dict:
    """One measure in this process: seconds and peak memory (MB)."""
    import yaml

    text = file.read_text(encoding="utf-8")
    if what != "parse":
        import handlers.importer  # noqa: F401 - loading the modules is not the import's work
        import models.db  # noqa: F401
    started, cpu = time.perf_counter(), time.process_time()
    if what == "parse":
        yaml.load(text, Loader=yaml.CSafeLoader)
    else:
        asyncio.run(_import(text, url))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(seconds, 2), "cpu": round(cpu, 2), "peak_mb": round(peak)}


async def _import(text: str, url: str) -> None:
    from datetime import UTC, datetime

    from handlers.importer import import_org
    from models.db import make_engine, make_session_factory, transaction

    engine = make_engine(url)
    try:
        async with transaction(make_session_factory(engine)) as session:
            summary = await import_org(session, text, now=datetime(2026, 10, 1, tzinfo=UTC))
        assert summary.people > 0
    finally:
        await engine.dispose()


def _in_process(what: str, file: Path, url: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--measure", what, str(file), url], capture_output=True,
                          text=True, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"{what} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


async def _fresh_store(backend: str, folder: Path) -> str:
    from models.db import make_engine, upgrade

    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    else:
        import asyncpg

        admin = await asyncpg.connect(PG_URL.replace("+asyncpg", ""))
        await admin.execute('DROP DATABASE IF EXISTS "okrbot_bench_import" WITH (FORCE)')
        await admin.execute('CREATE DATABASE "okrbot_bench_import"')
        await admin.close()
        url = PG_URL.rsplit("/", 1)[0] + "/okrbot_bench_import"
    engine = make_engine(url)
    await upgrade(engine)
    await engine.dispose()
    return url


def run(people: int, backend: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "org.yaml"
        file.write_text(org_text(people), encoding="utf-8")
        url = asyncio.run(_fresh_store(backend, Path(folder)))
        floor = _in_process("parse", file, url)
        first = _in_process("import", file, url)
        again = _in_process("import", file, url)
        size = file.stat().st_size
    return {"people": people, "backend": backend, "mb": round(size / 1e6, 1), "parse": floor, "import": first,
            "again": again}


def report(result: dict) -> str:
    """Wall seconds, and the ratio to the floor in CPU seconds of this process (steady when the machine is busy;
    on PostgreSQL the server's own work is not in it, so the wall ratio is printed too)."""
    floor = result["parse"]
    parts = [f"{result['people']:>6} people ({result['mb']} MB file, {result['backend']}):",
             f"C YAML parse {floor['seconds']:.2f} s ({floor['peak_mb']} MB)"]
    for name, label in (("import", "import"), ("again", "re-import unchanged")):
        measured = result[name]
        parts.append(f"{label} {measured['seconds']:.2f} s = {_ratio(measured, floor, 'cpu'):.1f}x CPU, "
                     f"{_ratio(measured, floor, 'seconds'):.1f}x wall ({measured['peak_mb']} MB peak)")
    return "  ".join(parts)


def _ratio(measured: dict, floor: dict, key: str) -> float:
    return measured[key] / max(floor[key], 0.01)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, action="append", help="organisation size (repeatable)")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        what, file, url = args.measure
        print(json.dumps(measure(what, Path(file), url)))
        return
    for people in args.people or [10_000, 50_000]:
        print(report(run(people, args.backend)), flush=True)


if __name__ == "__main__":
    main()
