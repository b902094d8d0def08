"""How fast Slack gets its answer to a check-in form, with many people pressing Save at once.

Starts the project's server with the Slack edge over HTTP against a local fake of the Slack Web API, on a fresh
SQLite file and a fresh PostgreSQL database (``okrbot_bench_slack_ack``); 40 people get their check-in from a tick,
then every round all 40 submit their check-in modal at the same moment, signed as Slack signs it. Prints the time
from sending a submission to its answer (p50, p95, p99, max) and how many took over Slack's 3 seconds (goal 0), and
checks after each round that every submission was recorded with the values it carried.

    .venv/bin/python bench/slack_ack.py [--people 40] [--rounds 5] [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import asyncpg  # noqa: E402
from aiohttp import web  # noqa: E402
from sqlalchemy import select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot.server import build_web_app, serve  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.slack import build  # noqa: E402
from bot.slack.views import checkin_modal  # noqa: E402
from handlers.checkin_slot import checkin_for_slot  # noqa: E402
from handlers.importer import import_org  # noqa: E402
from models import CheckIn, Person  # noqa: E402
from models.db import make_engine, make_session_factory, transaction, upgrade  # noqa: E402
from scheduler.tick import tick  # noqa: E402
from tests.bot.slack.conftest import FakeSlack  # noqa: E402

PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/okrbot_bench_slack_ack"
SECRET = "bench-signing-secret"
NOW = datetime(2026, 10, 5, 7, 0, tzinfo=UTC)  # Monday 09:00 in Amsterdam: everyone's check-in is due
SLOT = "2026-10-05"
LIMIT = 3.0  # seconds Slack waits for an answer
KRS = 3


def org_yaml(people: int) -> str:
    ids = [f"U{n:04d}" for n in range(1, people + 1)]
    lines = ["periods:", "  - {name: 2026-Q4, start: 2026-10-01, end: 2026-12-31}", "people:",
             "  - {id: ULEAD, name: Lea Lead, tz: Europe/Amsterdam, locale: en}"]
    lines += [f"  - {{id: {i}, name: Person {i}, tz: Europe/Amsterdam, locale: en, manager: ULEAD}}" for i in ids]
    lines += ["teams:", "  - name: Crew", "    channel: C_CREW", "    country: NL",
              f"    members: [ULEAD, {', '.join(ids)}]", '    checkin: {day: monday, time: "09:00"}', "okrs:"]
    for i in ids:
        lines += [f"  - {{id: o-{i}, objective: Onboarding of {i} is smooth, level: person, owner: {i},",
                  "     period: 2026-Q4, type: committed, key_results: ["]
        lines += [f"      {{id: k{k}-{i}, title: Activation {k} from 10 to 90 percent, kind: increase, baseline: 10, "
                  f"target: 90, unit: '%', owner: {i}}}," for k in range(1, KRS + 1)]
        lines += ["     ]}"]
    return "\n".join(lines) + "\n"


async def fresh_store(backend: str, folder: str) -> str:
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
    url = make_url(PG_URL)
    admin = await asyncpg.connect(url.set(drivername="postgresql", database="postgres")
                                  .render_as_string(hide_password=False))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{url.database}"')
    finally:
        await admin.close()
    return PG_URL


async def start_fake() -> tuple[FakeSlack, web.AppRunner]:
    fake = FakeSlack()
    app = web.Application()
    app.router.add_route("*", "/api/{method}", fake.api)
    runner = await serve(app, "127.0.0.1", 0)
    fake.url = f"http://127.0.0.1:{runner.addresses[0][1]}/api/"
    return fake, runner


def signed(body: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}",
            "Content-Type": "application/x-www-form-urlencoded"}


def submission(user: str, view: dict, round_: int) -> str:
    values = {}
    for block in view["blocks"]:
        block_id = block.get("block_id", "")
        if block_id.endswith(":value"):
            values[block_id] = {"value": {"type": "plain_text_input", "value": str(20 + round_)}}
        elif block_id.endswith(":confidence"):
            values[block_id] = {"value": {"type": "static_select",
                                          "selected_option": {"value": str(1 + round_ % 10)}}}
        elif block_id.endswith(":blockers"):
            values[block_id] = {"value": {"type": "plain_text_input", "value": f"waiting on round {round_}"}}
    submitted = {**view, "id": f"V{user}", "team_id": "T0OKR", "state": {"values": values}, "hash": "1.abc"}
    payload = {"type": "view_submission", "team": {"id": "T0OKR", "domain": "bench"},
               "user": {"id": user, "team_id": "T0OKR"}, "api_app_id": "A0OKR", "trigger_id": "t", "view": submitted}
    return urlencode({"payload": json.dumps(payload)})


async def views(sessions, users: list[str]) -> dict[str, dict]:
    """Each person's check-in modal, as "Update values" opens it under their check-in DM."""
    found = {}
    async with sessions() as session:
        for user in users:
            person = (await session.execute(select(Person).where(Person.platform_user_id == user))).scalar_one()
            form = await checkin_for_slot(session, person=person, context={"kind": "checkin", "slot": SLOT,
                                                                           "period": "1"})
            found[user] = checkin_modal(form, {"origin": "dm", "channel": f"D{user}", "ts": "1760000001.000100"})
    return found


async def recorded(sessions, users: list[str], round_: int) -> int:
    """How many people have every key result recorded with this round's value and confidence."""
    async with sessions() as session:
        rows = (await session.execute(select(CheckIn.person_id, CheckIn.value, CheckIn.confidence)
                                      .where(CheckIn.slot == SLOT))).all()
    done: dict[int, int] = {}
    for person_id, value, confidence in rows:
        if value == 20 + round_ and confidence == 1 + round_ % 10:
            done[person_id] = done.get(person_id, 0) + 1
    return sum(1 for n in done.values() if n == KRS)


async def timed_post(http: aiohttp.ClientSession, url: str, body: str) -> tuple[float, int]:
    started = time.perf_counter()
    async with http.post(url, data=body.encode(), headers=signed(body)) as response:
        await response.read()
        return time.perf_counter() - started, response.status


async def run_backend(backend: str, *, people: int, rounds: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="okrbot-ack-") as folder:
        engine = make_engine(await fresh_store(backend, folder))
        await upgrade(engine)
        sessions = make_session_factory(engine)
        async with transaction(sessions) as session:
            await import_org(session, org_yaml(people), now=NOW)
        fake, fake_runner = await start_fake()
        settings = Settings(slack_bot_token="xoxb-bench", slack_signing_secret=SECRET, slack_api_url=fake.url,
                            slack_posts_per_minute=100_000)
        edge = build(settings, sessions, lambda: NOW)
        runner = await serve(build_web_app(sessions=sessions, routes=edge.routes), "127.0.0.1", 0)
        await edge.start()
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"
        users = [f"U{n:04d}" for n in range(1, people + 1)]
        try:
            await tick(sessions=sessions, messenger=edge.slack.messenger, now=NOW)
            modals = await views(sessions, users)
            times, statuses, complete = [], [], []
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
                for round_ in range(rounds):
                    bodies = [submission(user, modals[user], round_) for user in users]
                    answers = await asyncio.gather(*(timed_post(http, url, body) for body in bodies))
                    await edge.slack.background.drain()
                    times += [seconds for seconds, _ in answers]
                    statuses += [status for _, status in answers]
                    complete.append(await recorded(sessions, users, round_))
        finally:
            await edge.stop()
            await runner.cleanup()
            await fake_runner.cleanup()
            await engine.dispose()
    return {"backend": backend, "submissions": len(times), "times": times, "statuses": statuses,
            "recorded": complete, "people": people}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(result: dict) -> str:
    times = result["times"]
    over = sum(1 for s in times if s > LIMIT)
    everyone = all(n == result["people"] for n in result["recorded"])
    return (f"{result['backend']:<10} {result['submissions']:>4} submissions  "
            f"p50 {statistics.median(times) * 1000:6.0f} ms  p95 {percentile(times, .95) * 1000:6.0f} ms  "
            f"p99 {percentile(times, .99) * 1000:6.0f} ms  max {max(times) * 1000:6.0f} ms  over 3 s: {over}  "
            f"HTTP {sorted(set(result['statuses']))}  recorded per round {result['recorded']}"
            f"{'' if everyone else '  (SOME LOST)'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    failed = False
    for backend in backends:
        result = asyncio.run(run_backend(backend, people=args.people, rounds=args.rounds))
        print(report(result), flush=True)
        failed |= any(s > LIMIT for s in result["times"]) or any(n != args.people for n in result["recorded"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
