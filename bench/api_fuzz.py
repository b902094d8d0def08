"""The REST API fuzzed against its own OpenAPI document with schemathesis: valid and invalid requests generated
from docs/openapi.json for every operation, sent over HTTP to the running aiohttp app, each answer checked against
the document (no 5xx, a documented status, content type, headers and body schema).

    .venv/bin/python bench/api_fuzz.py [--examples 400] [--seed 20261204] [--backend sqlite|postgresql]

The app runs in a thread of its own on a fresh store with the tests' organisation (tests/api_org.py) and an admin
token without a practical rate limit. Half of the cases name a key result that exists, so writes get past the 404;
``--examples`` is per operation and generation mode (positive: valid by the document; negative: invalid). Prints,
per operation, the requests, statuses, server errors, failed checks and time; exits 1 on any server error or failed
check. The same seed generates the same cases.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
import schemathesis  # noqa: E402
from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


@dataclass
class Figures:
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    server_errors: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


class Served:
    """The app on a local port, in a thread with its own event loop, until ``stop``."""

    def __init__(self, database_url: str) -> None:
        self.database_url, self.ready, self.error = database_url, threading.Event(), None
        self.port, self.token, self.krs = 0, "", []
        self._thread = threading.Thread(target=lambda: asyncio.run(self._serve()), daemon=True)

    def __enter__(self) -> Served:
        self._thread.start()
        self.ready.wait(120)
        if self.error is not None or not self.port:
            raise RuntimeError(f"the app did not start: {self.error!r}")
        return self

    def __exit__(self, *_exc) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)

    async def _serve(self) -> None:
        from aiohttp import web

        from bot.server import build_web_app
        from handlers.importer import import_org
        from models.db import make_engine, make_session_factory, transaction, upgrade
        from tests.api_org import NOW, seed

        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        engine = make_engine(self.database_url)
        try:
            await upgrade(engine)
            sessions = make_session_factory(engine)

            async def load(text: str) -> None:
                async with transaction(sessions) as session:
                    await import_org(session, text, now=NOW)

            tokens, krs = await seed(sessions, load, per_minute=10**6, tokens={"fuzz": ("admin", None)})
            self.token, self.krs = tokens["fuzz"], sorted(krs.values())
            runner = web.AppRunner(build_web_app(sessions=sessions, clock=lambda: NOW), access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            self.port = runner.addresses[0][1]
        except BaseException as error:
            self.error = error
            self.ready.set()
            await engine.dispose()
            raise
        self.ready.set()
        await self._stop.wait()
        await runner.cleanup()
        await engine.dispose()


def fuzz(served: Served, *, examples: int, seed_value: int) -> dict[str, Figures]:
    from bot.api.spec import document

    schema = schemathesis.openapi.from_dict(document())
    base_url, http = f"http://127.0.0.1:{served.port}", requests.Session()
    headers = {"Authorization": f"Bearer {served.token}"}
    figures: dict[str, Figures] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            found = figures.setdefault(f"{operation.label} ({mode.value})", Figures())
            strategy = operation.as_strategy(generation_mode=mode)
            if "id" in {p.name for p in operation.path_parameters}:
                strategy = st.tuples(strategy, st.sampled_from([None, *served.krs])).map(_real_id)
            started = time.perf_counter()
            _run(strategy, found, base_url, http, headers, examples, seed_value)
            found.seconds = time.perf_counter() - started
    return figures


def _real_id(pair):
    case, real = pair
    if real is not None and isinstance(case.path_parameters, dict):
        case.path_parameters["id"] = real
    return case


def _run(strategy, found: Figures, base_url: str, http, headers, examples: int, seed_value: int) -> None:
    @seed(seed_value)
    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def one(case) -> None:
        response = case.call(base_url=base_url, session=http, headers=headers, timeout=30)
        found.requests += 1
        found.statuses[response.status_code] += 1
        found.server_errors += response.status_code >= 500
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception as failed:  # a failed check: kept as a figure, the run goes on
            found.failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}: "
                                  f"{str(failed).strip().splitlines()[0][:200]}")

    with contextlib.suppress(Unsatisfiable):  # nothing to make invalid: an operation without parameters or body
        one()


def report(figures: dict[str, Figures], write=print) -> None:
    write(f"{'operation':58} {'requests':>8} {'5xx':>4} {'failed':>6} {'s':>6}  statuses")
    for name, f in figures.items():
        statuses = " ".join(f"{code}:{n}" for code, n in sorted(f.statuses.items()))
        write(f"{name:58} {f.requests:8} {f.server_errors:4} {len(f.failures):6} {f.seconds:6.1f}  {statuses}")
    total = sum(f.requests for f in figures.values())
    seconds = sum(f.seconds for f in figures.values())
    write(f"total: {total} requests, {sum(f.server_errors for f in figures.values())} server errors, "
          f"{sum(len(f.failures) for f in figures.values())} failed checks, {seconds:.1f} s "
          f"({total / seconds if seconds else 0:.0f} requests/s)")
    for name, f in figures.items():
        for failure in f.failures[:3]:
            write(f"  {name}: {failure}")


def run(*, examples: int, seed_value: int, database_url: str | None = None) -> dict[str, Figures]:
    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite+aiosqlite:///{Path(folder) / 'fuzz.db'}"
        with Served(url) as served:
            return fuzz(served, examples=examples, seed_value=seed_value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=400)
    parser.add_argument("--seed", type=int, default=20261204)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    url = asyncio.run(_postgres("CREATE")) if args.backend == "postgresql" else None
    try:
        figures = run(examples=args.examples, seed_value=args.seed, database_url=url)
    finally:
        if url is not None:
            asyncio.run(_postgres("DROP", url))
    report(figures)
    return 1 if any(f.server_errors or f.failures for f in figures.values()) else 0


async def _postgres(action: str, url: str | None = None) -> str:
    """CREATE an empty database of this run's own on the tests' PostgreSQL server, or DROP it (``url``)."""
    import asyncpg
    from sqlalchemy.engine import make_url

    from tests.conftest import PG_URL

    name = make_url(url).database if url else f"okrbot_api_fuzz_{int(time.time())}"
    connection = await asyncpg.connect(PG_URL.replace("+asyncpg", ""), timeout=5)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if action == "CREATE":
            await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


if __name__ == "__main__":
    raise SystemExit(main())
