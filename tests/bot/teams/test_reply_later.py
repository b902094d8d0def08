"""Teams gets its HTTP answer at once; a reply that must be retried (the serviceUrl throttles or has a gateway
error) goes out after, paced and in order, instead of holding the request past Teams' 15 seconds."""

from __future__ import annotations

import asyncio
import time

import aiohttp

import bot.teams
from bot.server import build_web_app, serve
from bot.settings import Settings
from tests.bot.teams import wire
from tests.bot.teams.conftest import Clock, TeamsBot


class HeldSleep:
    """The bot's backoff sleeps until the test lets go: "later" is a moment the test chooses, not a clock."""

    def __init__(self) -> None:
        self.asked: list[float] = []
        self.released = asyncio.Event()

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        await self.released.wait()


async def test_a_reply_the_service_refuses_at_first_arrives_later_and_in_order(sessions, connector, load_org):
    await load_org(wire.org_yaml())
    sleep = HeldSleep()
    edge = bot.teams.edge(Settings(teams_local=True), sessions, Clock(), sleep=sleep, jitter=lambda: 0.5)
    runner = await serve(build_web_app(sessions=sessions, routes=edge.routes), "127.0.0.1", 0)
    host, port = runner.addresses[0][:2]
    chat = wire.CHAT[wire.ANNA]
    try:
        async with aiohttp.ClientSession() as http:
            teams = TeamsBot(f"http://{host}:{port}", edge, Clock(), connector.url, http)
            await teams.send(wire.personal_install, wire.ANNA)
            connector.answer(chat, (429, {"Retry-After": "3"}), 502)
            started = time.monotonic()
            first = await teams.answered(wire.message(connector.url, wire.ANNA, "help"))
            second = await teams.answered(wire.message(connector.url, wire.ANNA, "mine"))
            answered_in = time.monotonic() - started
            assert {first, second} <= {200, 201}
            assert answered_in < 2 and connector.delivered(chat) == []  # answered; the replies are still waiting
            sleep.released.set()
            await teams.drain()
    finally:
        await edge.stop()
        await runner.cleanup()
    assert connector.tries(chat) == [429, 502, 201, 201]
    assert sleep.asked[0] == 3.0  # Retry-After was honoured
    help_reply, mine_reply = connector.delivered(chat)
    assert help_reply["summary"] == "Dit kan ik voor je doen:"  # the first asked, first answered
    assert mine_reply["summary"] == "Jouw OKR's in 2026-Q4"
    assert help_reply["replyToId"] and help_reply["recipient"]["id"] == wire.ANNA  # a reply to her message
