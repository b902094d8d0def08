"""The Teams side of the tests: the bot served by the project's aiohttp app on a loopback port (TEAMS_LOCAL, no
tokens), and a fake Bot Connector service at the activities' serviceUrl that records what the bot sends, answers as
Teams does, and can throttle or refuse. A fake clock drives the bot's pacing and backoff, so nothing waits."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from jsonschema import Draft6Validator

import bot.teams
from bot.server import build_web_app, serve
from bot.settings import Settings
from models.teams_store import TeamsChannel, TeamsUser
from tests.bot.teams import wire

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"  # tests/schemas, see its README
CARD_TYPE = "application/vnd.microsoft.card.adaptive"
MONDAY_0900_AMSTERDAM = datetime(2026, 10, 5, 7, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def card_schema() -> Draft6Validator:
    schema = json.loads((SCHEMAS / "adaptive-cards" / "adaptive-card-1.5.json").read_text(encoding="utf-8"))
    return Draft6Validator(schema)


def card_problems(validator: Draft6Validator, card: dict) -> list[str]:
    """What is wrong with a card; the schema nests everything in anyOf, so each problem names its deepest cause."""
    return [_deepest(error) for error in validator.iter_errors(card)]


def _deepest(error) -> str:
    while error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    return f"{'/'.join(map(str, error.absolute_path))}: {error.message[:200]}"


@dataclass
class FakeTime:
    """Monotonic seconds that pass only when the bot sleeps."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@dataclass
class Call:
    method: str
    path: str
    conversation: str
    body: Any
    status: int
    at: float
    answer_id: str = ""


@dataclass
class Clock:
    """The bot's wall clock, moved by the test."""

    now: datetime = MONDAY_0900_AMSTERDAM

    def __call__(self) -> datetime:
        return self.now


class FakeConnector:
    """The Bot Connector REST API (v3) as far as the bot uses it, on 127.0.0.1."""

    def __init__(self, time: FakeTime, validator: Draft6Validator) -> None:
        self.time = time
        self.validator = validator
        self.calls: list[Call] = []
        self.members: dict[str, dict] = {}
        self.scripted: dict[str, list[tuple[int, dict]]] = {}  # conversation -> answers to give before succeeding
        self.refusing: set[str] = set()  # conversations that answer 403 (the app was blocked)
        self.invalid_cards: list[str] = []
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v3/conversations", self._create)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._activity)
        app.router.add_post("/v3/conversations/{conversation}/activities/{activity}", self._activity)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._activity)
        app.router.add_get("/v3/conversations/{conversation}/members/{member}", self._member)
        app.router.add_get("/v3/conversations/{conversation}/pagedmembers", self._paged_members)
        self._runner = await serve(app, "127.0.0.1", 0)
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}/"

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    def answer(self, conversation: str, *answers: int | tuple[int, dict]) -> None:
        """The next calls for ``conversation`` get these statuses (with headers), then success again."""
        self.scripted[conversation] = [a if isinstance(a, tuple) else (a, {}) for a in answers]

    def delivered(self, conversation: str | None = None, method: str = "POST") -> list[dict]:
        """Activities the connector accepted (in order), in one conversation or all."""
        return [c.body for c in self.calls if c.status < 300 and c.method == method and "/activities" in c.path
                and (conversation is None or c.conversation == conversation)]

    def last_id(self, conversation: str) -> str:
        """The id Teams gave the last activity the bot posted in ``conversation`` (a card to submit later)."""
        return [c.answer_id for c in self.calls if c.conversation == conversation and c.method == "POST"
                and c.status < 300 and "/activities" in c.path][-1]

    def tries(self, conversation: str) -> list[int]:
        return [c.status for c in self.calls if c.conversation == conversation and "/activities" in c.path]

    def cards(self, conversation: str | None = None, method: str = "POST") -> list[dict]:
        return [card for activity in self.delivered(conversation, method) for card in adaptive_cards(activity)]

    async def _activity(self, request: web.Request) -> web.Response:
        conversation = request.match_info["conversation"]
        body = await request.json()
        for card in adaptive_cards(body):
            self.invalid_cards += card_problems(self.validator, card)
        status, headers = self._next_answer(conversation)
        status = 201 if status == 200 and request.method == "POST" else status
        activity_id = request.match_info["activity"] if request.method == "PUT" else wire.next_id()
        self.calls.append(Call(request.method, request.path, conversation, body, status, self.time.now, activity_id))
        if status >= 300:
            return web.json_response({"error": {"code": "Failure", "message": f"status {status}"}}, status=status,
                                     headers=headers)
        return web.json_response({"id": activity_id}, status=status)

    async def _create(self, request: web.Request) -> web.Response:
        body = await request.json()
        user = body["members"][0]["id"]
        status, headers = self._next_answer(f"new:{user}")
        self.calls.append(Call("POST", request.path, f"new:{user}", body, status, self.time.now))
        if status >= 300:
            return web.json_response({"error": {"code": "Failure"}}, status=status, headers=headers)
        return web.json_response({"id": wire.CHAT.get(user, f"a:1new-{user[-8:]}")}, status=201)

    async def _member(self, request: web.Request) -> web.Response:
        self.calls.append(Call("GET", request.path, request.match_info["conversation"], None, 200, self.time.now))
        found = self.members.get(request.match_info["member"])
        if found is None:
            return web.json_response({"error": {"code": "MemberNotFoundInConversation"}}, status=404)
        return web.json_response(found)

    async def _paged_members(self, request: web.Request) -> web.Response:
        self.calls.append(Call("GET", request.path, request.match_info["conversation"], None, 200, self.time.now))
        members = list(self.members.values())
        start = int(request.query.get("continuationToken") or 0)
        size = int(request.query.get("pageSize") or 500)
        page = {"members": members[start : start + 2]}  # two per page, so paging is exercised
        if start + 2 < len(members):
            page["continuationToken"] = str(start + 2)
        assert size >= 2
        return web.json_response(page)

    def _next_answer(self, conversation: str) -> tuple[int, dict]:
        if conversation in self.refusing:
            return 403, {}
        script = self.scripted.get(conversation)
        return script.pop(0) if script else (200, {})


def adaptive_cards(activity: dict) -> list[dict]:
    return [a["content"] for a in activity.get("attachments") or [] if a.get("contentType") == CARD_TYPE]


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
async def connector(fake_time, card_schema):
    service = FakeConnector(fake_time, card_schema)
    await service.start()
    yield service
    await service.stop()
    assert service.invalid_cards == [], "every card the bot sent must validate against Adaptive Cards 1.5"


@dataclass
class TeamsBot:
    """The running bot: post activities to it as Teams would."""

    url: str
    edge: Any
    clock: Clock
    service_url: str
    http: aiohttp.ClientSession

    async def post(self, activity: dict) -> int:
        """Post as Teams does; returns once the bot's replies to it went out too."""
        status = await self.answered(activity)
        await self.drain()
        return status

    async def answered(self, activity: dict) -> int:
        """Post as Teams does; returns as soon as the HTTP answer came (replies may still be on their way)."""
        async with self.http.post(self.url + "/api/messages", json=activity) as response:
            return response.status

    async def drain(self) -> None:
        await self.edge.messenger.background.drain()

    async def send(self, build: Callable[..., dict], *args: Any) -> dict:
        """Build an activity at the fake connector's serviceUrl, post it, expect it accepted, return it."""
        activity = build(self.service_url, *args)
        status = await self.post(activity)
        assert status in (200, 201), f"{activity['type']} answered {status}"
        return activity


@pytest.fixture
async def teams(sessions, connector, fake_time):
    """The project's aiohttp app with the Teams edge, in TEAMS_LOCAL mode, on a free loopback port."""
    clock = Clock()
    edge = bot.teams.edge(Settings(teams_local=True), sessions, clock, sleep=fake_time.sleep,
                          monotonic=fake_time.monotonic, jitter=lambda: 0.5)
    runner = await serve(build_web_app(sessions=sessions, routes=edge.routes), "127.0.0.1", 0)
    host, port = runner.addresses[0][:2]
    async with aiohttp.ClientSession() as http:
        yield TeamsBot(f"http://{host}:{port}", edge, clock, connector.url, http)
    await edge.stop()
    await runner.cleanup()


async def accounts(sessions) -> dict[str, TeamsUser]:
    from sqlalchemy import select

    async with sessions() as session:
        return {a.user_id: a for a in (await session.execute(select(TeamsUser))).scalars()}


async def channels(sessions) -> dict[str, TeamsChannel]:
    from sqlalchemy import select

    async with sessions() as session:
        return {c.conversation_id: c for c in (await session.execute(select(TeamsChannel))).scalars()}

