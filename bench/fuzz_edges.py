"""Malformed and forged requests to both edges of the running app: how many get which status, how many 5xx, how
many tracebacks end in the log, how many answers take over 3 s, and how many rows they change.

    .venv/bin/python bench/fuzz_edges.py [--seed 20261204] [--count 3000] [--forged 300] [--backend sqlite|postgresql]

Per edge, the project's aiohttp server runs with that edge against local fakes (the tests' Slack Web API and Bot
Connector, and an OpenAI-compatible model server for the coach), on a fresh store with a small organisation
imported. A real run first collects real payloads: Slack's check-in DM buttons, the modals the bot opened filled in,
slash commands and events; Teams' installs, typed commands, channel mentions and check-in card submits. Then:

1. ``--forged`` requests with a missing or wrong signature, a stale, future or non-integer timestamp (Slack), or a
   missing, garbage, unsigned, self-signed or expired bearer token (Teams). Goal: all 401 and 0 rows changed.
2. ``--count`` malformed requests, signed correctly (Teams: to an edge in TEAMS_LOCAL mode): real payloads with
   fields removed, of other types or extra, 10 000-character answers and strings, timestamps no platform sends,
   values nested thousands of levels deep, bodies up to 2 MB, bodies that are not JSON or not UTF-8, and wrong
   content types. Goal: no 5xx and no traceback; the rows they change are printed (valid answers may hide in them).

Tracebacks are log records with exc_info or at ERROR and above from any logger, including Slack's work after the
acknowledgement, which is drained before counting. The same seed sends the same requests.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import asyncpg  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.fuzz_probe import Failures, Tally, changed_rows, snapshot  # noqa: E402
from handlers.importer import import_org  # noqa: E402
from models.db import make_engine, make_session_factory, transaction, upgrade  # noqa: E402
from tests.conftest import IMPORTED_AT, PG_URL  # noqa: E402
from tests.model_server import API_KEY, MODEL, serving_model  # noqa: E402

EDGES = ("slack", "teams")


async def run(*, seed: int, count: int, forged: int, backend: str = "sqlite", edges=EDGES) -> dict[str, dict]:
    """Fuzz each edge on a store of its own; returns per edge the tallies, failures and changed rows."""
    results = {}
    for name in edges:
        async with _store(backend, name) as engine:
            results[name] = await _fuzz_edge(name, engine, seed=seed, count=count, forged=forged)
    return results


async def _fuzz_edge(name: str, engine, *, seed: int, count: int, forged: int) -> dict:
    from bench.fuzz_slack import SlackEdge
    from bench.fuzz_teams import TeamsEdge

    sessions = make_session_factory(engine)
    failures = Failures()
    root = logging.getLogger()
    root.addHandler(failures)
    before_level, root.level = root.level, min(root.level, logging.INFO)
    try:
        async with serving_model() as model, aiohttp.ClientSession() as http:
            model.answer({"questions": ["Wat maakt het verschil?"], "suggestion": "Meet het elke week."})
            settings = {"openai_api_key": API_KEY, "openai_base_url": f"{model.url}/v1", "model": MODEL,
                        "ai_timeout_seconds": 2.0}
            edge = (SlackEdge if name == "slack" else TeamsEdge)(sessions, settings)
            await edge.start(http)
            try:
                return await _probe(edge, engine, failures, seed=seed, count=count, forged=forged)
            finally:
                await edge.stop()
    finally:
        root.removeHandler(failures)
        root.level = before_level


async def _probe(edge, engine, failures: Failures, *, seed: int, count: int, forged: int) -> dict:
    async with transaction(make_session_factory(engine)) as session:
        await import_org(session, edge.org, now=IMPORTED_AT)
    await edge.harvest()
    await edge.settle()
    rng = Random(seed)
    forged_probes = [edge.forged(rng, n) for n in range(forged)]
    malformed_probes = [edge.malformed(rng, n) for n in range(count)]
    results = {"payloads": len(edge.payloads), "setup_failures": failures.summary()}
    failures.records.clear()
    for phase, probes in (("forged", forged_probes), ("malformed", malformed_probes)):
        before = await snapshot(engine)
        tally = Tally()
        for probe in probes:
            started = time.perf_counter()
            status = await edge.send(probe, int(time.time()))
            tally.add(probe, status, time.perf_counter() - started)
        await edge.settle()
        results[phase] = {"tally": tally, "tracebacks": len(failures.records), "failures": failures.summary(),
                          "rows": changed_rows(before, await snapshot(engine))}
        failures.records.clear()
    return results


class _store:
    """A fresh migrated store: a temporary SQLite file, or a PostgreSQL database of this run dropped at the end."""

    def __init__(self, backend: str, name: str) -> None:
        self.backend, self.name = backend, name

    async def __aenter__(self):
        if self.backend == "sqlite":
            self.folder = tempfile.TemporaryDirectory(prefix="okrbot-fuzz-")
            url = f"sqlite+aiosqlite:///{Path(self.folder.name) / 'fuzz.db'}"
        else:
            self.database = f"okrbot_fuzz_{self.name}_{int(time.time())}"
            await _admin(f'CREATE DATABASE "{self.database}"')
            url = make_url(PG_URL).set(database=self.database).render_as_string(hide_password=False)
        self.engine = make_engine(url)
        await upgrade(self.engine)
        return self.engine

    async def __aexit__(self, *_exc) -> None:
        await self.engine.dispose()
        if self.backend == "sqlite":
            self.folder.cleanup()
        else:
            await _admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(PG_URL.replace("+asyncpg", "").rsplit("/", 1)[0] + "/postgres")
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def report(results: dict[str, dict]) -> None:
    for name, result in results.items():
        print(f"\n== {name}: {result['payloads']} real payloads mutated")
        for line in result["setup_failures"]:
            print(f"   setup failure: {line}")
        for phase in ("forged", "malformed"):
            found, tally = result[phase], result[phase]["tally"]
            statuses = ", ".join(f"{status}: {n}" for status, n in sorted(tally.statuses.items()))
            print(f"{phase:>10}: {tally.sent} sent; {statuses}")
            print(f"{'':>10}  5xx {tally.server_errors}, tracebacks {found['tracebacks']}, over 3 s {tally.slow} "
                  f"(slowest {tally.slowest:.2f} s), rows changed {sum(found['rows'].values())}"
                  + (f" ({', '.join(f'{t} {n}' for t, n in found['rows'].most_common())})" if found["rows"] else ""))
            if tally.kinds_5xx:
                print(f"{'':>10}  5xx by kind: {dict(tally.kinds_5xx)}")
            for line in found["failures"]:
                print(f"{'':>10}  logged: {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261204)
    parser.add_argument("--count", type=int, default=3000, help="malformed requests per edge")
    parser.add_argument("--forged", type=int, default=300, help="forged requests per edge")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--edge", choices=(*EDGES, "both"), default="both")
    args = parser.parse_args()
    edges = EDGES if args.edge == "both" else (args.edge,)
    started = time.perf_counter()
    results = asyncio.run(run(seed=args.seed, count=args.count, forged=args.forged, backend=args.backend,
                              edges=edges))
    print(f"fuzz_edges: seed {args.seed}, {args.count} malformed + {args.forged} forged per edge, {args.backend}")
    report(results)
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
