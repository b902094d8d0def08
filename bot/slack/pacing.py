"""Staying within Slack's posting limits: a pacer per workspace and channel, and a 429 handler that waits.

``chat.postMessage`` allows about one message a second per channel and several hundred a minute per workspace.
The pacer spaces posts evenly at the configured rate; after a 429 the whole workspace waits ``Retry-After``.
Clock and sleep are injected, so tests measure the pacing without waiting for it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]

PER_CHANNEL_SECONDS = 1.0
MAX_RETRY_AFTER = 120.0


@dataclass
class Pacer:
    """Hands out posting moments: ``posts_per_minute`` per workspace, one a second per channel."""

    posts_per_minute: int
    clock: Monotonic = time.monotonic
    sleep: Sleep = asyncio.sleep
    _workspace: dict[str, float] = field(default_factory=dict)
    _channel: dict[tuple[str, str], float] = field(default_factory=dict)

    async def wait(self, workspace: str, channel: str) -> None:
        """Wait for this post's turn; the turn is reserved first, so concurrent senders never share one."""
        now = self.clock()
        key = (workspace, channel)
        start = max(now, self._workspace.get(workspace, now), self._channel.get(key, now))
        self._workspace[workspace] = start + 60.0 / max(self.posts_per_minute, 1)
        self._channel[key] = start + PER_CHANNEL_SECONDS
        if len(self._channel) > 10_000:
            self._channel = {k: v for k, v in self._channel.items() if v > now}
        if start > now:
            await self.sleep(start - now)

    def hold(self, workspace: str, seconds: float) -> None:
        """Slack said to wait: no post to this workspace before ``seconds`` from now."""
        until = self.clock() + seconds
        self._workspace[workspace] = max(self._workspace.get(workspace, until), until)


class RetryAfter(AsyncRateLimitErrorRetryHandler):
    """slack-sdk's 429 handler, waiting exactly ``Retry-After`` with the injected sleep and telling the pacer."""

    def __init__(self, *, sleep: Sleep = asyncio.sleep, on_wait: Callable[[float], None] | None = None,
                 max_retry_count: int = 3):
        super().__init__(max_retry_count=max_retry_count)
        self._sleep = sleep
        self._on_wait = on_wait

    async def prepare_for_next_attempt_async(
        self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is None:
            raise error  # the 429 check only lets responses through; anything else is the caller's to see
        seconds = min(_retry_after(response), MAX_RETRY_AFTER)
        state.next_attempt_requested = True
        if self._on_wait:
            self._on_wait(seconds)
        await self._sleep(seconds)
        state.increment_current_attempt()


def _retry_after(response: HttpResponse) -> float:
    for name, values in response.headers.items():
        if name.lower() == "retry-after":
            value = values[0] if isinstance(values, list | tuple) else values
            try:
                return max(float(value), 0.0)
            except ValueError:
                break
    return 1.0


class Reconnect(AsyncConnectionErrorRetryHandler):
    """slack-sdk's retry of a dropped connection, sleeping with the injected sleep."""

    def __init__(self, *, sleep: Sleep = asyncio.sleep, max_retry_count: int = 1):
        super().__init__(max_retry_count=max_retry_count)
        self._sleep = sleep

    async def prepare_for_next_attempt_async(
        self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        state.next_attempt_requested = True
        await self._sleep(self.interval_calculator.calculate_sleep_duration(state.current_attempt))
        state.increment_current_attempt()
