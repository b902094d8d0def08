"""A local Slack: a fake Web API that records every call, and the project's server with the Slack edge on loopback.

Requests reach the bot exactly as Slack sends them: signed with the v0 HMAC over ``v0:timestamp:body``, events as
JSON, interactivity as a form field ``payload=``, slash commands as form fields. Every Block Kit payload the bot
sends to the fake is checked against slack-sdk's models and Slack's block limits when the test ends.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp import web
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.server import build_web_app, serve
from bot.settings import Settings

SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
TEAM = "T0OKR"
NOW = datetime(2026, 10, 5, 7, 0, tzinfo=UTC)  # Monday 09:00 in Amsterdam: Anna's check-in is due


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str
    at: float


@dataclass
class Scripted:
    status: int
    body: dict
    headers: dict = field(default_factory=dict)


class FakeSlack:
    """Slack's Web API on loopback: answers like Slack, records every call, can be told to fail a method."""

    def __init__(self, stamp=time.monotonic):
        self.calls: list[Call] = []
        self.responses: list[dict] = []  # what the bot sent to response_url
        self.script: dict[str, list[Scripted]] = {}
        self.users: list[dict] = []
        self.stamp = stamp
        self.url = ""
        self.base = ""
        self.socket_url = ""
        self.gates: dict[str, asyncio.Event] = {}  # a method answers only once its gate is opened
        self.ws: web.WebSocketResponse | None = None
        self.acks: list[dict] = []
        self.uploads: dict[str, bytes] = {}  # file id -> the bytes POSTed to its upload URL
        self.upload_status = 200
        self.history: dict[str, list[dict]] = {}  # channel id -> the messages posted there, newest last
        self._ts = itertools.count(1)
        self._files = itertools.count(1)
        self._changed = asyncio.Condition()

    def fail(self, method: str, *responses: Scripted) -> None:
        self.script.setdefault(method, []).extend(responses)

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 5) -> list[Call]:
        """Until ``count`` calls of ``method`` arrived (an event to wait on, not a clock)."""
        async def arrived():
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.of(method)) >= count)

        await asyncio.wait_for(arrived(), timeout)
        return self.of(method)

    async def api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            args.update(await request.json())
        elif request.can_read_body:
            args.update(await request.post())
        token = request.headers.get("Authorization", "").removeprefix("Bearer ") or str(args.get("token", ""))
        self.calls.append(Call(method, args, token, self.stamp()))
        async with self._changed:
            self._changed.notify_all()
        if method in self.gates:
            await self.gates[method].wait()
        scripted = self.script.get(method)
        if scripted:
            reply = scripted.pop(0)
            return web.json_response(reply.body, status=reply.status, headers=reply.headers)
        return web.json_response(self.answer(method, args))

    def answer(self, method: str, args: dict) -> dict:
        if method == "auth.test":
            return {"ok": True, "team_id": TEAM, "team": "Acme", "user_id": "UBOT", "bot_id": "BBOT"}
        if method in ("chat.postMessage", "chat.update"):
            channel = dm_of(str(args.get("channel", "")))
            ts = args.get("ts") or f"{1760000000 + next(self._ts)}.000100"
            if method == "chat.postMessage":
                self.history.setdefault(channel, []).append(
                    {"type": "message", "ts": ts, "text": args.get("text", ""), "metadata": args.get("metadata")})
            return {"ok": True, "channel": channel, "ts": ts, "message": {"blocks": args.get("blocks")}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": dm_of(str(args.get("users", "")))}}
        if method == "conversations.history":
            with_metadata = str(args.get("include_all_metadata")).lower() in ("1", "true")
            newest = self.history.get(str(args.get("channel")), [])[::-1][: int(args.get("limit") or 100)]
            return {"ok": True, "has_more": False, "messages": [
                {k: v for k, v in m.items() if with_metadata or k != "metadata"} for m in newest]}
        if method.startswith("views."):
            return {"ok": True, "view": {"id": "V0001", **(args.get("view") or {})}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._files):04d}"
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.base}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            files = json.loads(args.get("files", "[]"))
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title", "")} for f in files]}
        if method == "users.list":
            return self._users_page(args)
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_url}
        if method == "oauth.v2.access":
            return {"ok": True, "app_id": "A0OKR", "access_token": "xoxb-installed-token", "token_type": "bot",
                    "scope": "chat:write,commands,files:write,im:history,users:read", "bot_user_id": "UBOT2",
                    "team": {"id": "T0NEW", "name": "New Co"}, "authed_user": {"id": "U_ANNA"}}
        return {"ok": True}

    def _users_page(self, args: dict) -> dict:
        start, limit = int(args.get("cursor") or 0), int(args.get("limit") or 100)
        page = self.users[start : start + limit]
        cursor = str(start + limit) if start + limit < len(self.users) else ""
        return {"ok": True, "members": page, "response_metadata": {"next_cursor": cursor}}

    async def upload(self, request: web.Request) -> web.Response:
        """The upload URL files.getUploadURLExternal hands out (files.slack.com): the file's raw bytes."""
        self.uploads[request.match_info["file_id"]] = await request.read()
        return web.Response(text=f"OK - {len(self.uploads[request.match_info['file_id']])}",
                            status=self.upload_status)

    async def respond(self, request: web.Request) -> web.Response:
        self.responses.append(await request.json())
        async with self._changed:
            self._changed.notify_all()
        return web.Response(text="ok")

    async def wait_for_responses(self, count: int = 1, timeout: float = 5) -> list[dict]:
        async def arrived():
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.responses) >= count)

        await asyncio.wait_for(arrived(), timeout)
        return self.responses

    async def socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode's WebSocket: says hello, then records what the bot acknowledges."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.ws = ws
        await ws.send_json({"type": "hello", "num_connections": 1, "debug_info": {"host": "fake"}})
        async with self._changed:
            self._changed.notify_all()
        async for message in ws:
            if message.type == aiohttp.WSMsgType.TEXT:
                self.acks.append(json.loads(message.data))
                async with self._changed:
                    self._changed.notify_all()
        return ws

    async def wait_until(self, condition, timeout: float = 5) -> None:
        async def holds():
            async with self._changed:
                await self._changed.wait_for(condition)

        await asyncio.wait_for(holds(), timeout)

    def payloads(self) -> list[tuple[str, dict]]:
        """Every Block Kit payload the bot sent: messages (chat.*, response_url) and views."""
        found = [(c.method, c.args) for c in self.calls if c.method.startswith(("chat.", "views."))]
        return found + [("response_url", r) for r in self.responses]


def dm_of(channel: str) -> str:
    """The id of the app's DM with a user (what chat.postMessage to ``U…`` answers), or the channel itself."""
    return "D" + channel[1:] if channel.startswith("U") else channel


def check_blocks(blocks: list, limit: int) -> None:
    """slack-sdk's models (to_dict validates every nested element) and Slack's count limit."""
    assert 0 < len(blocks) <= limit, f"{len(blocks)} blocks, limit {limit}"
    for block in blocks:
        Block.parse(block).to_dict()
        check_options(block)


def check_options(node) -> None:
    """What slack-sdk's models leave out: at most 100 options, each text within 75 characters."""
    if isinstance(node, dict):
        if "options" in node:
            assert len(node["options"]) <= 100
            for option in node["options"]:
                assert len(option["text"]["text"]) <= 75 and len(option["value"]) <= 150, option
        for value in node.values():
            check_options(value)
    elif isinstance(node, list):
        for value in node:
            check_options(value)


def check_view(view: dict) -> None:
    View(**view).to_dict()
    check_blocks(view["blocks"], 100)


def check_payload(method: str, args: dict) -> None:
    if method.startswith("views."):
        view = args["view"]
        check_view(json.loads(view) if isinstance(view, str) else view)
    elif args.get("blocks"):
        blocks = args["blocks"]
        check_blocks(json.loads(blocks) if isinstance(blocks, str) else blocks, 50)


async def _start(app: web.Application) -> tuple[web.AppRunner, int]:
    runner = await serve(app, "127.0.0.1", 0)
    return runner, runner.addresses[0][1]


@pytest.fixture
def clock():
    """The bot's wall clock (``now``) and a monotonic clock whose sleeps only move it forward."""
    return VirtualTime()


class VirtualTime:
    def __init__(self):
        self.now = NOW
        self.seconds = 0.0
        self.slept: list[float] = []

    def utc(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.seconds

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.seconds += seconds
        await asyncio.sleep(0)


@pytest.fixture
async def fake_slack(clock):
    fake = FakeSlack(stamp=clock.monotonic)
    app = web.Application()
    app.router.add_route("*", "/api/{method}", fake.api)
    app.router.add_post("/respond/{id}", fake.respond)
    app.router.add_post("/upload/{file_id}", fake.upload)
    app.router.add_get("/socket", fake.socket)
    runner, port = await _start(app)
    fake.url = f"http://127.0.0.1:{port}/api/"
    fake.base = f"http://127.0.0.1:{port}"
    yield fake
    await runner.cleanup()
    for method, args in fake.payloads():
        check_payload(method, args)


def slack_settings(fake: FakeSlack, **overrides) -> Settings:
    values = {"slack_bot_token": BOT_TOKEN, "slack_signing_secret": SECRET, "slack_api_url": fake.url,
              "slack_posts_per_minute": 300, **overrides}
    return Settings(**values)


@dataclass
class SlackServer:
    """The project's server with the Slack edge, and a way to talk to it as Slack does."""

    url: str
    built: Any
    http: aiohttp.ClientSession
    fake: FakeSlack

    async def drain(self) -> None:
        """Wait for the work the bot does after answering Slack."""
        await self.built.slack.background.drain()

    def signed_headers(self, body: str, *, timestamp: int | None = None, secret: str = SECRET,
                       content_type: str = "application/json") -> dict[str, str]:
        timestamp = int(time.time()) if timestamp is None else timestamp
        digest = hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
        return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}",
                "Content-Type": content_type}

    async def send(self, body: str, headers: dict[str, str]) -> int:
        """POST ``body`` to /slack/events with exactly these headers."""
        async with self.http.post(f"{self.url}/slack/events", data=body.encode(), headers=headers) as response:
            await response.read()
            return response.status

    async def event(self, event: dict, *, event_id: str = "Ev0001", retry: int | None = None,
                    team: str = TEAM) -> aiohttp.ClientResponse:
        body = json.dumps({"token": "unused", "team_id": team, "api_app_id": "A0OKR", "type": "event_callback",
                           "event_id": event_id, "event_time": 1760000000, "event": event})
        headers = self.signed_headers(body)
        if retry is not None:
            headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
        async with self.http.post(f"{self.url}/slack/events", data=body.encode(), headers=headers) as response:
            await response.read()
            return response

    async def interaction(self, payload: dict) -> tuple[int, dict | str]:
        body = urlencode({"payload": json.dumps(payload)})
        headers = self.signed_headers(body, content_type="application/x-www-form-urlencoded")
        async with self.http.post(f"{self.url}/slack/events", data=body.encode(), headers=headers) as response:
            text = await response.text()
            return response.status, (json.loads(text) if text.startswith("{") else text)

    async def command(self, text: str, *, user: str = "U_ANNA", trigger_id: str = "trig-1") -> int:
        body = urlencode({"token": "unused", "team_id": TEAM, "team_domain": "acme", "channel_id": "C_SUPPORT",
                          "channel_name": "support", "user_id": user, "user_name": user.lower(),
                          "command": "/okr", "text": text, "api_app_id": "A0OKR",
                          "response_url": f"{self.fake.base}/respond/{user}", "trigger_id": trigger_id})
        headers = self.signed_headers(body, content_type="application/x-www-form-urlencoded")
        async with self.http.post(f"{self.url}/slack/events", data=body.encode(), headers=headers) as response:
            await response.read()
            return response.status

    async def click(self, user: str, action_id: str, value: str, *, channel: str = "D_ANNA",
                    ts: str = "1760000001.000100", trigger_id: str = "trig-2") -> tuple[int, dict | str]:
        return await self.interaction({
            "type": "block_actions", "team": {"id": TEAM, "domain": "acme"},
            "user": {"id": user, "team_id": TEAM}, "api_app_id": "A0OKR", "trigger_id": trigger_id,
            "container": {"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": False},
            "channel": {"id": channel}, "message": {"ts": ts, "type": "message"},
            "actions": [{"type": "button", "action_id": action_id, "block_id": "b", "value": value,
                         "action_ts": "1760000002.000200"}],
        })

    async def submit(self, user: str, view: dict, values: dict[str, dict]) -> tuple[int, dict | str]:
        """Submit ``view`` as the person filled it: ``values`` is block id -> the element's state."""
        state = {"values": {block_id: {"value": element} for block_id, element in values.items()}}
        submitted = {**view, "id": "V0001", "team_id": TEAM, "state": state, "hash": "1760000003.abc"}
        return await self.interaction({
            "type": "view_submission", "team": {"id": TEAM, "domain": "acme"},
            "user": {"id": user, "team_id": TEAM}, "api_app_id": "A0OKR", "trigger_id": "trig-3", "view": submitted,
        })


@pytest.fixture
async def slack_server(sessions, fake_slack, clock):
    server = await start_slack_server(sessions, fake_slack, clock, slack_settings(fake_slack))
    yield server
    await stop_slack_server(server)


async def start_slack_server(sessions, fake: FakeSlack, clock: VirtualTime, settings: Settings) -> SlackServer:
    from bot.slack import build

    built = build(settings, sessions, clock.utc, sleep=clock.sleep, monotonic=clock.monotonic)
    runner, port = await _start(build_web_app(sessions=sessions, routes=built.routes))
    await built.start()
    server = SlackServer(f"http://127.0.0.1:{port}", built, aiohttp.ClientSession(), fake)
    server.runner = runner
    return server


async def stop_slack_server(server: SlackServer) -> None:
    await server.drain()
    await server.http.close()
    await server.built.stop()
    await server.runner.cleanup()


def text_input(value: str) -> dict:
    return {"type": "plain_text_input", "value": value}


def selected(value: str) -> dict:
    return {"type": "static_select", "selected_option": {"value": value, "text": {"type": "plain_text", "text": value}}}
