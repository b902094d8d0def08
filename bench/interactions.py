"""Interactions under load, okrbot next to a bare slack-bolt app that only acknowledges (same adapter, same
machine, alternating runs): signed confidence clicks, ``/okr help`` and check-in modal submits at 20, 50 and 100
a second and at a closed-loop maximum, on a SQLite and a PostgreSQL store. Each app runs in its own process
(bench/interactions_serve.py); the local fake of Slack's Web API (tests/bot/slack/conftest.py) runs here.

Prints per load p50/p99 of both (latency from the moment a request was due, so a slow server is not hidden by a
client that waits), okrbot's p99 as a ratio to the bare app's (goals: 1.5x for clicks and commands up to 100/s, 3x
for modal submits), acknowledged answers lost (200 but neither stored nor its person told; goal 0), how many
were answered "busy, try again" instead (with too much work waiting; then nothing of them is done), the CPU each
request cost each process (the work after the ack included), and the processes' RSS.

    .venv/bin/python bench/interactions.py [--people 100] [--seconds 3] [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from bench.interactions_load import Phase, closed_loop, open_loop, percentile  # noqa: E402
from bench.interactions_work import Prepared, prepare, start_fake  # noqa: E402

RATES = (20, 50, 100)
GOALS = {"click": 1.5, "command": 1.5, "modal": 3.0}


class Server:
    """One of the two apps in its own process. Started without blocking this loop: the fake Web API here must
    answer the app's auth.test as it starts."""

    def __init__(self, process: asyncio.subprocess.Process, port: str, checked: bool) -> None:
        self.process, self.url, self.checked = process, f"http://127.0.0.1:{port}", checked

    @classmethod
    async def start(cls, *args: str) -> Server:
        process = await asyncio.create_subprocess_exec(sys.executable, str(ROOT / "bench/interactions_serve.py"),
                                                       *args, stdout=asyncio.subprocess.PIPE)
        port = (await process.stdout.readline()).decode().split()[1]
        return cls(process, port, checked=args[0] == "okrbot")

    def rss_mb(self) -> tuple[float, float]:
        """(now, peak) resident memory of the server's process."""
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines())
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024

    def cpu_seconds(self) -> float:
        """CPU time the server's process used so far (user and system, all its threads)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    async def stop(self) -> None:
        self.process.terminate()
        await self.process.wait()


async def one_load(http, server: Server, prepared: Prepared, kind: str, load, seconds: float, n: int) -> Phase:
    requests = prepared.requests(kind, n)
    before, cpu = prepared.marks(), server.cpu_seconds()
    if load == "max":
        phase = await closed_loop(http, f"{server.url}/slack/events", requests, seconds)
    else:
        phase = await open_loop(http, f"{server.url}/slack/events", requests, load, seconds)
    async with http.post(f"{server.url}/bench/drain", timeout=aiohttp.ClientTimeout(total=None)) as response:
        await response.read()
    phase.cpu_ms = (server.cpu_seconds() - cpu) * 1000 / max(1, len(phase.times))  # the work after the ack too
    if server.checked:  # the bare app stores nothing: only okrbot's answers can be lost
        phase.lost = await prepared.lost(kind, n, phase.acked, before)
        phase.busy += prepared.busy_after_ack(before) if kind == "click" else 0
    return phase


def line(kind: str, load, bare: Phase, okr: Phase, okr_lost: int | None) -> str:
    p99 = percentile(okr.times, .99) / max(percentile(bare.times, .99), 1e-9)
    goal = GOALS[kind]
    verdict = "" if load == "max" else ("  ok" if p99 <= goal else f"  over {goal}x")
    rates = f"  {bare.rate:6.0f}/s vs {okr.rate:6.0f}/s" if load == "max" else ""
    return (f"  {kind:<8}{load!s:>4}{'/s' if load != 'max' else '  '}  bare p50 {percentile(bare.times, .5):6.1f} "
            f"p99 {percentile(bare.times, .99):7.1f} ms   okrbot p50 {percentile(okr.times, .5):6.1f} "
            f"p99 {percentile(okr.times, .99):7.1f} ms   p99 x{p99:5.1f}{verdict}   lost {okr_lost}"
            f"  busy {okr.busy}  non-200 {bare.failed}/{okr.failed}  CPU/request {bare.cpu_ms:.1f} vs "
            f"{okr.cpu_ms:.1f} ms{rates}")


async def run_backend(backend: str, bare: Server, fake, people: int, seconds: float) -> list[str]:
    lines = [f"{backend}:"]
    with tempfile.TemporaryDirectory(prefix="okrbot-interactions-") as folder:
        prepared = await prepare(backend, folder, fake, people)
        okrbot = await Server.start("okrbot", "--store", prepared.url, "--slack-api", fake.url)
        n = 0
        try:
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0),
                                             timeout=aiohttp.ClientTimeout(total=30)) as http:
                for kind in ("click", "command", "modal"):
                    for load in (*RATES, "max"):
                        n += 1
                        base = await one_load(http, bare, prepared, kind, load, seconds, n)
                        n += 1
                        okr = await one_load(http, okrbot, prepared, kind, load, seconds, n)
                        lines.append(line(kind, load, base, okr, okr.lost))
                        print(lines[-1], flush=True)
            now, peak = okrbot.rss_mb()
            lines.append(f"  RSS okrbot {now:.0f} MB (peak {peak:.0f} MB)")
            print(lines[-1], flush=True)
        finally:
            await okrbot.stop()
            await prepared.close()
    return lines


async def run(backends: list[str], people: int, seconds: float) -> None:
    fake, fake_runner = await start_fake()
    bare = await Server.start("bare", "--slack-api", fake.url)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    try:
        print(f"interactions, {people} people, {seconds:g} s a load, {started}", flush=True)
        for backend in backends:
            print(f"{backend}:", flush=True)
            await run_backend(backend, bare, fake, people, seconds)
        now, peak = bare.rss_mb()
        print(f"RSS bare bolt app {now:.0f} MB (peak {peak:.0f} MB)")
    finally:
        await bare.stop()
        await fake_runner.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    asyncio.run(run(backends, args.people, args.seconds))


if __name__ == "__main__":
    main()
