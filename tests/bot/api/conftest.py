"""The REST API served by the real aiohttp app over HTTP, on a store with team, organisation and personal
objectives, check-ins holding private words, and a token of each scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.api.limits import RateLimits
from bot.app_keys import API_LIMITS
from bot.server import build_web_app
from tests.api_org import NOW, seed


@dataclass
class Ticks:
    """The rate limits' clock, moved by hand."""

    seconds: float = 1000.0

    def __call__(self) -> float:
        return self.seconds


@dataclass
class Api:
    client: TestClient
    tokens: dict[str, str]
    krs: dict[str, int]
    ticks: Ticks
    sessions: object
    now: list[datetime] = field(default_factory=lambda: [NOW])

    def auth(self, token: str, **headers: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens.get(token, token)}", **headers}

    async def get(self, path: str, token: str = "boss", **kwargs):
        return await self.client.get(path, headers=self.auth(token), **kwargs)

    async def push(self, kr: str | int, body, token: str = "pusher", key: str | None = None, **kwargs):
        headers = self.auth(token, **({"Idempotency-Key": key} if key else {}))
        target = self.krs[kr] if isinstance(kr, str) else kr
        if isinstance(body, (str, bytes)):
            return await self.client.post(f"/api/v1/key-results/{target}/values", data=body,
                                          headers={"Content-Type": "application/json", **headers}, **kwargs)
        return await self.client.post(f"/api/v1/key-results/{target}/values", json=body, headers=headers, **kwargs)


@pytest.fixture
async def api(sessions, load_org):
    tokens, krs = await seed(sessions, load_org)
    ticks = Ticks()
    holder: list[datetime] = [NOW]
    app = build_web_app(sessions=sessions, clock=lambda: holder[0])
    app[API_LIMITS] = RateLimits(ticks)
    async with TestClient(TestServer(app)) as client:
        yield Api(client, tokens, krs, ticks, sessions, holder)
