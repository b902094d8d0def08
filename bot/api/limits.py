"""Per-token rate limits: a token bucket per token holding a minute's worth of requests, refilled evenly.

The buckets live in the process: with several processes behind a load balancer each allows the limit, which is
fine for a limit that protects the server from a runaway script (nothing to lose on a restart)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimits:
    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._buckets: dict[int, _Bucket] = {}

    def wait(self, token_id: int, per_minute: int) -> int:
        """Take one request from the token's bucket: 0 when allowed, else the seconds until the next is."""
        now, rate = self._clock(), per_minute / 60
        bucket = self._buckets.setdefault(token_id, _Bucket(per_minute, now))
        bucket.tokens = min(per_minute, bucket.tokens + (now - bucket.at) * rate)
        bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0
        return max(1, math.ceil((1 - bucket.tokens) / rate))
