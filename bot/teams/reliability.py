"""Staying within Teams' rate limits, and retrying what Teams asks to be retried. No SDK imports: the edge tells
this module the HTTP status of each failed call.

Teams allows a bot about 7 messages a second in one conversation (and fewer over longer spans) and about 30 a second
per app and tenant; a fan-out (a tick sending hundreds of check-ins) is paced under both. 429 (throttled),
412 (precondition failed), 502 and 504 are retried a few times with exponential backoff and full jitter, honouring
Retry-After; anything else is the caller's to handle. Clock, sleep and randomness are injected so tests measure the
pacing without waiting.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

RETRYABLE = frozenset({412, 429, 502, 504})
# (messages, seconds): Teams' documented limits per bot and conversation, and per app and tenant, with a margin.
PER_CONVERSATION = ((7, 1.0), (8, 2.0), (60, 30.0))
PER_TENANT = ((30, 1.0),)

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]


class TeamsHttpError(Exception):
    """A call to the Bot Connector failed with ``status`` (0: no HTTP answer at all, e.g. connection refused)."""

    def __init__(self, status: int, retry_after: float | None = None, detail: str = "") -> None:
        super().__init__(f"Bot Connector answered {status or 'nothing'}{': ' + detail if detail else ''}")
        self.status = status
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        return self.status in RETRYABLE or self.status == 0


@dataclass
class Pacer:
    """Sliding windows of send times per conversation and per tenant; ``wait`` sleeps until one more fits."""

    monotonic: Callable[[], float] = time.monotonic
    sleep: Sleep = asyncio.sleep
    per_conversation: tuple[tuple[int, float], ...] = PER_CONVERSATION
    per_tenant: tuple[tuple[int, float], ...] = PER_TENANT
    _sent: dict[str, deque[float]] = field(default_factory=dict)

    async def wait(self, *, conversation: str, tenant: str) -> None:
        """Take a slot for one message to ``conversation`` in ``tenant``, sleeping as long as the limits need.

        Checking the windows and taking the slot happen without an await in between, so no two senders take the
        same slot; and a sender that has to wait sleeps alone, holding nothing: one busy conversation never delays
        a reply in another (the tenant's budget is the only thing they share)."""
        keys = ((f"c:{conversation}", self.per_conversation), (f"t:{tenant}", self.per_tenant))
        while (delay := max(self._delay(key, limits) for key, limits in keys)) > 0:
            await self.sleep(delay)
        now = self.monotonic()
        for key, limits in keys:
            history = self._sent.setdefault(key, deque())
            history.append(now)
            longest = max(seconds for _, seconds in limits)
            while history and history[0] <= now - longest:
                history.popleft()

    def _delay(self, key: str, limits: tuple[tuple[int, float], ...]) -> float:
        history = self._sent.get(key)
        if not history:
            return 0.0
        now = self.monotonic()
        delay = 0.0
        for count, seconds in limits:
            recent = [sent for sent in history if sent > now - seconds]
            if len(recent) >= count:  # the oldest of the last ``count`` must leave the window first
                delay = max(delay, recent[-count] + seconds - now)
        return delay


@dataclass
class Backoff:
    """Up to ``attempts`` tries; between them base·2ⁿ seconds (at most ``cap``) scaled by a random factor in
    [0, 1) ("full jitter", so many senders throttled at once don't retry in lockstep), or Retry-After when given."""

    sleep: Sleep = asyncio.sleep
    random: Callable[[], float] = random.random
    attempts: int = 4
    base: float = 1.0
    cap: float = 20.0
    longest_retry_after: float = 60.0

    async def run(self, call: Callable[[], Awaitable[T]]) -> T:
        """``call`` until it succeeds, raises something not retryable, or the attempts run out (its last error)."""
        for attempt in range(self.attempts):
            try:
                return await call()
            except TeamsHttpError as error:
                if not error.retryable or attempt == self.attempts - 1:
                    raise
                delay = self.delay(attempt, error.retry_after)
                if delay is None:
                    raise
                await self.sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def delay(self, attempt: int, retry_after: float | None) -> float | None:
        """Seconds before the next try; None when the server asks for longer than a delivery should wait."""
        if retry_after is not None:
            return retry_after if retry_after <= self.longest_retry_after else None
        return min(self.cap, self.base * 2**attempt) * self.random()


def retry_after_seconds(header: str | None) -> float | None:
    """Retry-After as seconds; the HTTP-date form is rare from the Bot Connector and treated as absent."""
    try:
        return max(0.0, float(header)) if header else None
    except ValueError:
        return None
