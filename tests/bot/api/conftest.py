"""The REST API served by the real aiohttp app over HTTP, on a store with team, organisation and personal
objectives, check-ins holding private words, and a token of each scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.api.limits import RateLimits
from bot.server import build_web_app
from handlers.api_tokens import issue_token
from models import KeyResult
from models.checkin_store import record_checkins
from models.db import transaction
from tests.orgs import SMALL_ORG

NOW = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)
BLOCKER = "Anna's private worry about the Zendesk migration"
ONE_UP = "Bram should talk to finance about it"

API_ORG = SMALL_ORG + """
  - id: company
    objective: Be the support team people recommend
    level: org
    owner: U_BRAM
    period: 2026-Q4
    key_results:
      - {id: company-nps, title: Company NPS from 20 to 40, kind: increase, baseline: 20, target: 40, owner: U_BRAM}
  - id: anna-growth
    objective: Anna grows into a team lead
    level: person
    owner: U_ANNA
    period: 2026-Q4
    parent: support-fans
    key_results:
      - {id: anna-talks, title: Give 3 internal talks, kind: increase, baseline: 0, target: 3, owner: U_ANNA}
"""
API_ORG = API_ORG.replace("    type: aspirational\n", "    type: aspirational\n    parent: company\n", 1)

TOKENS = {  # name: (scope, team)
    "reader": ("read", None), "pusher": ("values", None), "boss": ("admin", None),
    "support-reader": ("read", "Support"), "support-pusher": ("values", "Support"),
    "support-admin": ("admin", "Support"), "sales-admin": ("admin", "Sales"),
}


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


async def seed(sessions, load_org, *, per_minute: int = 120) -> tuple[dict[str, str], dict[str, int]]:
    await load_org(API_ORG)
    async with transaction(sessions) as session:
        krs = {kr.ref.split("/")[-1]: kr.id for kr in (await session.execute(select(KeyResult))).scalars()}
        tokens = {name: await issue_token(session, name=name, scope=scope, team=team, per_minute=per_minute,
                                          now=NOW) for name, (scope, team) in TOKENS.items()}
    for slot, at, nps, confidence in (("2026-10-05", datetime(2026, 10, 5, 10, tzinfo=UTC), 28, 6),
                                      ("2026-10-12", datetime(2026, 10, 12, 10, tzinfo=UTC), 31, 8)):
        async with transaction(sessions) as session:
            answers = [{"key_result_id": krs[ref], "value": value, "confidence": confidence, "blockers": BLOCKER,
                        "one_level_up": ONE_UP} for ref, value in (("nps", nps), ("anna-talks", 1))]
            await record_checkins(session, person_id=1, period_id=1, slot=slot, answers=answers, now=at)
    return tokens, krs


@pytest.fixture
async def api(sessions, load_org):
    tokens, krs = await seed(sessions, load_org)
    ticks = Ticks()
    holder: list[datetime] = [NOW]
    app = build_web_app(sessions=sessions, clock=lambda: holder[0])
    app["api_limits"] = RateLimits(ticks)
    async with TestClient(TestServer(app)) as client:
        yield Api(client, tokens, krs, ticks, sessions, holder)
