"""Load for bench/interactions.py: signed requests sent at a fixed rate (open loop) or as fast as answers come
(closed loop), with each answer's latency and which requests were acknowledged."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp

from bench.slack_ack import SECRET
from prompts import t

Request = Callable[[int], tuple[str, object]]  # i -> (form-encoded body, what it asked for)
WORKERS = 16
BUSY = t("en", "trouble.busy")  # the people of the bench speak English


@dataclass
class Phase:
    times: list[float] = field(default_factory=list)  # milliseconds
    acked: list[object] = field(default_factory=list)
    failed: int = 0
    rate: float = 0.0
    lost: int | None = None
    cpu_ms: float = 0.0  # the server's CPU per request
    busy: int = 0  # answered "busy, try again" (in the answer itself, or told after the ack for a click)


def signed(body: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}",
            "Content-Type": "application/x-www-form-urlencoded"}


async def _send(http: aiohttp.ClientSession, url: str, request: Request, i: int, since: float, phase: Phase) -> None:
    body, item = request(i)
    try:
        async with http.post(url, data=body.encode(), headers=signed(body)) as response:
            busy = BUSY in await response.text()
            ok = response.status == 200
    except (aiohttp.ClientError, TimeoutError):
        ok = busy = False
    phase.times.append((time.perf_counter() - since) * 1000)
    if ok and busy:  # refused at once and said so: nothing was acknowledged that could be lost
        phase.busy += 1
    elif ok:
        phase.acked.append(item)
    else:
        phase.failed += 1


async def open_loop(http, url: str, request: Request, rate: int, seconds: float) -> Phase:
    """``rate`` requests a second for ``seconds``; latency counts from when each was due."""
    phase, start = Phase(), time.perf_counter()

    async def due(i: int) -> None:
        at = start + i / rate
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        await _send(http, url, request, i, at, phase)

    await asyncio.gather(*(due(i) for i in range(int(rate * seconds))))
    phase.rate = len(phase.times) / (time.perf_counter() - start)
    return phase


async def closed_loop(http, url: str, request: Request, seconds: float) -> Phase:
    """``WORKERS`` clients, each sending its next request when the last is answered, for ``seconds``."""
    phase, start, counter = Phase(), time.perf_counter(), iter(range(10**9))

    async def worker() -> None:
        while time.perf_counter() - start < seconds:
            await _send(http, url, request, next(counter), time.perf_counter(), phase)

    await asyncio.gather(*(worker() for _ in range(WORKERS)))
    phase.rate = len(phase.times) / (time.perf_counter() - start)
    return phase


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
