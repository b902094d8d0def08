"""kill -9 in the middle of Slack fan-outs, two bot processes at once on PostgreSQL: is every due message delivered
exactly once?

    .venv/bin/python bench/crash.py [--people 2000] [--kills 8] [--seed 7] [--lease 6] [--timeout 300]

A run creates the PostgreSQL database ``okrbot_crash`` (``OKRBOT_BENCH_PG_URL``'s server), writes an organisation
with bench/org_gen.py and moves every team's check-in to one instant, ``T0``, so everyone's check-in is due then.
A slow fake Slack Web API (bench/crash_slack.py) runs in a process of its own, answers some posts with 429 and
Retry-After, and records every post it accepts. Two bot processes (bench/crash_worker.py: the real tick through the
real Slack edge) tick against it, and every few seconds one of them, at random, is killed with SIGKILL and started
again, ``--kills`` times (each after a random number of posts since the last, so at random points of a fan-out);
then both run until nothing due is left. Every post carries its delivery (message
metadata), so the record says exactly which delivery reached whom how often. Prints, per person, what was due but
never posted (lost) and what was posted more than once (doubled): totals and worst cases. Goal: 0 and 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import asyncpg  # noqa: E402
from sqlalchemy import delete, select, update  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.org_gen import generate_quarter  # noqa: E402
from bench.tick import PLACES, checkin_time, tick_instant  # noqa: E402
from models import CheckIn, Delivery, Team  # noqa: E402
from models.db import make_engine, make_session_factory, upgrade  # noqa: E402
from models.digests import ChannelPost  # noqa: E402
from scheduler.digest_due import post_claims  # noqa: E402
from scheduler.due import due_claims  # noqa: E402

PG_URL = make_url(os.environ.get("OKRBOT_BENCH_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/okrbot_bench")
                  ).set(database="okrbot_crash").render_as_string(hide_password=False)
POSTS_PER_MINUTE = 3000  # per process: 2 000 check-ins take about 40 s of sending, 429s and take-overs aside


async def prepare(people: int) -> tuple[list[tuple], list[tuple]]:
    """A fresh store with ``people`` whose check-ins are all due at T0; returns the person deliveries and the
    channel posts due then, as their unique keys."""
    url = make_url(PG_URL)
    admin = await asyncpg.connect(url.set(drivername="postgresql", database="postgres")
                                  .render_as_string(hide_password=False))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{url.database}"')
    finally:
        await admin.close()
    engine = make_engine(PG_URL)
    try:
        await upgrade(engine)
        quarter = await generate_quarter(engine, people=people)
        t0, week = tick_instant(), tick_instant().date().isoformat()
        async with engine.begin() as connection:  # T0's week is still to come: nothing of it was sent or answered
            await connection.execute(delete(Delivery).where(Delivery.slot >= week))
            await connection.execute(delete(CheckIn).where(CheckIn.slot >= week))
            for team in quarter.team_ids:
                tz = PLACES[(team - 1) % len(PLACES)][1]  # org_gen places teams round robin
                await connection.execute(update(Team).where(Team.id == team).values(checkin_time=checkin_time(tz, t0)))
        async with make_session_factory(engine)() as session:
            due = [(c.kind, c.person_id, c.period_id, c.slot) for c in await due_claims(session, now=t0)]
            posts = [(p.kind, p.scope, p.period_id, p.slot) for p in await post_claims(session, now=t0,
                                                                                        org_channel=None)]
        return due, posts
    finally:
        await engine.dispose()


def start(command: list[str], log: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen(command, stdout=log.open("a"), stderr=subprocess.STDOUT, env=env, cwd=ROOT)


async def outstanding(engine, due: list[tuple]) -> int:
    """How many due deliveries and channel posts are not done yet (claimed, or never claimed)."""
    async with make_session_factory(engine)() as session:
        done = {tuple(r) for r in await session.execute(
            select(Delivery.kind, Delivery.person_id, Delivery.period_id, Delivery.slot)
            .where(Delivery.status.in_(("sent", "failed"))))}
        claimed = (await session.execute(select(Delivery.id).where(Delivery.status == "claimed"))).all()
        posts = (await session.execute(select(ChannelPost.id).where(ChannelPost.status == "claimed"))).all()
    return len(set(due) - done) + len(claimed) + len(posts)


async def run(arguments) -> dict:
    rng = random.Random(arguments.seed)
    begun = time.monotonic()
    due, posts_due = await prepare(arguments.people)
    prepared = time.monotonic() - begun
    folder = Path(tempfile.mkdtemp(prefix="okrbot-crash-"))
    record = folder / "posts.jsonl"
    fake = subprocess.Popen([sys.executable, str(ROOT / "bench" / "crash_slack.py"), "--record", str(record),
                             "--seed", str(arguments.seed), "--rate-429", str(arguments.rate_429),
                             "--delay-ms", str(arguments.delay_ms)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    port = int(fake.stdout.readline())
    epoch, t0 = time.time(), tick_instant()
    env = {**os.environ, "DATABASE_URL": PG_URL, "SLACK_SIGNING_SECRET": "crash-secret",
           "SLACK_API_URL": f"http://127.0.0.1:{port}/api/", "OKRBOT_LOG_LEVEL": "WARNING",
           "OKRBOT_SLACK_POSTS_PER_MINUTE": str(arguments.posts_per_minute), "PYTHONPATH": str(ROOT)}
    started = 0

    def worker() -> tuple[subprocess.Popen, str]:
        nonlocal started
        started += 1
        command = [sys.executable, str(ROOT / "bench" / "crash_worker.py"), "--t0", t0.isoformat(),
                   "--epoch", str(epoch), "--lease", str(arguments.lease)]
        token = f"xoxb-crash-{started:03d}"  # tells the fake Slack which process posted
        return start(command, folder / f"worker-{started}.log", {**env, "SLACK_BOT_TOKEN": token}), token

    engine = make_engine(PG_URL)
    (first, one), (second, two) = worker(), worker()
    workers, tokens, killed = [first, second], [one, two], 0
    sending = time.monotonic()
    try:
        spacing = max(len(due) // max(arguments.kills, 1), 2)
        for kill in range(arguments.kills):
            await _posts_advance(port, rng.randrange(1, spacing), limit=15.0)  # a random point of a fan-out
            if await outstanding(engine, due) == 0:
                break
            # Mostly the process that is sending (it posted last); every third kill the other one.
            sender = tokens.index(s) if (s := (await _stats(port)).get("last_sender")) in tokens else 0
            victim = sender if kill % 3 != 2 else 1 - sender
            workers[victim].send_signal(signal.SIGKILL)
            workers[victim].wait()
            killed += 1
            workers[victim], tokens[victim] = worker()
        left = -1
        while time.monotonic() - sending < arguments.timeout:
            left = await outstanding(engine, due)
            if left == 0:
                break
            await asyncio.sleep(1.0)
        duration = time.monotonic() - sending
        async with make_session_factory(engine)() as session:
            ids = {tuple(r[1:]): r[0] for r in await session.execute(
                select(Delivery.id, Delivery.kind, Delivery.person_id, Delivery.period_id, Delivery.slot))}
            post_ids = {tuple(r[1:]): r[0] for r in await session.execute(
                select(ChannelPost.id, ChannelPost.kind, ChannelPost.scope, ChannelPost.period_id, ChannelPost.slot))}
    finally:
        for process in workers:
            process.send_signal(signal.SIGKILL)
            process.wait()
        await engine.dispose()
        with_stats = await _stats(port)
        fake.terminate()
        fake.wait()
    lines = [json.loads(line) for line in record.read_text().splitlines()]
    return _figures(arguments, due, posts_due, ids, post_ids, lines, with_stats, started, duration, prepared, left,
                    folder, killed)


async def _posts_advance(port: int, posts: int, *, limit: float) -> None:
    """Until the fake Slack took ``posts`` more posts (429s included), or ``limit`` seconds passed."""
    first, began = (await _stats(port)).get("chat.postMessage", 0), time.monotonic()
    while time.monotonic() - began < limit:
        if (await _stats(port)).get("chat.postMessage", 0) - first >= posts:
            return
        await asyncio.sleep(0.05)


async def _stats(port: int) -> dict:
    import aiohttp

    async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/stats") as response:
        return await response.json()


def _figures(arguments, due, posts_due, ids, post_ids, lines, stats, started, duration, prepared, left,
             folder, killed) -> dict:
    refs = Counter(line["ref"] for line in lines)
    found = sum(int(n) for n in re.findall(r"(\d+) found already", "".join(
        log.read_text() for log in folder.glob("worker-*.log"))))
    senders = {}
    for line in lines:
        senders.setdefault(line["ref"], set()).add(line["token"])  # the last characters of the process's token
    lost, doubled = Counter(), Counter()
    for key in due:
        times = refs.get(f"delivery/{ids[key]}", 0) if key in ids else 0
        person = key[1]
        lost[person] += times == 0
        doubled[person] += max(times - 1, 0)
    posts_lost = sum(refs.get(f"post/{post_ids.get(key)}", 0) == 0 for key in posts_due)
    posts_doubled = sum(max(refs.get(f"post/{post_ids.get(key)}", 0) - 1, 0) for key in posts_due)
    return {
        "people": arguments.people, "due": len(due), "kinds": dict(Counter(k[0] for k in due)),
        "channel_posts_due": len(posts_due), "kills": killed, "processes_started": started,
        "posts": len(lines), "untagged_posts": refs.get(None, 0), "answered_429": stats.get("429", 0),
        "history_checks": stats.get("conversations.history", 0), "found_already": found,
        "lost": sum(lost.values()), "doubled": sum(doubled.values()),
        "worst_lost": max(lost.values(), default=0), "worst_doubled": max(doubled.values(), default=0),
        "people_lost": sum(1 for n in lost.values() if n), "people_doubled": sum(1 for n in doubled.values() if n),
        "sent_by_two_processes": sum(1 for tokens in senders.values() if len(tokens) > 1),
        "posts_lost": posts_lost, "posts_doubled": posts_doubled, "left_undone": left,
        "seconds": round(duration, 1), "prepare_seconds": round(prepared, 1), "logs": str(folder),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--lease", type=float, default=6.0, help="seconds (the bot's is five minutes)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for every delivery")
    parser.add_argument("--rate-429", type=float, default=0.03, help="share of posts answered 429")
    parser.add_argument("--delay-ms", type=float, default=20.0, help="how slowly the fake Slack answers a post")
    parser.add_argument("--posts-per-minute", type=int, default=POSTS_PER_MINUTE, help="per process")
    arguments = parser.parse_args()
    result = asyncio.run(run(arguments))
    print(json.dumps(result, indent=2))
    print(f"\n{result['people']} people, {result['due']} deliveries due ({result['kinds']}), "
          f"{result['channel_posts_due']} channel posts; {result['kills']} kill -9 of 2 processes, "
          f"{result['seconds']} s")
    print(f"lost {result['lost']} (worst person {result['worst_lost']}), doubled {result['doubled']} "
          f"(worst person {result['worst_doubled']}); channel posts lost {result['posts_lost']}, doubled "
          f"{result['posts_doubled']}  (goal 0 and 0: {'met' if ok(result) else 'NOT met'})")
    if result["left_undone"]:
        print(f"NOT finished within --timeout: {result['left_undone']} still to do (counted as lost above)")
    return 0 if ok(result) else 1


def ok(result: dict) -> bool:
    return not any(result[k] for k in ("left_undone", "lost", "doubled", "posts_lost", "posts_doubled"))


if __name__ == "__main__":
    sys.exit(main())
