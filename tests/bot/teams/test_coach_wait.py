"""A Teams message that asks the AI coach writes nothing while the model thinks: on a SQLite file, where writes
take turns, everyone else's answers are stored meanwhile instead of waiting for the model."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

import aiohttp
import pytest

import bot.teams
from bot.server import build_web_app, serve
from models.db import transaction
from models.inbound import first_sighting
from tests.bot.teams import wire
from tests.bot.teams.conftest import Clock, TeamsBot
from tests.model_server import serving_model

NOW = datetime(2026, 10, 5, 9, tzinfo=UTC)


@pytest.fixture
async def org(load_org):
    await load_org(wire.org_yaml())


async def test_others_write_while_the_coach_waits_for_the_model(sessions, connector, fake_time, org):
    async with serving_model() as model:
        model.hang(30)  # until the test ends
        settings = replace(model.settings(timeout=30), teams_local=True)
        clock = Clock()
        edge = bot.teams.edge(settings, sessions, clock, sleep=fake_time.sleep, monotonic=fake_time.monotonic,
                              jitter=lambda: 0.5)
        runner = await serve(build_web_app(sessions=sessions, routes=edge.routes), "127.0.0.1", 0)
        host, port = runner.addresses[0][:2]
        async with aiohttp.ClientSession() as http:
            teams = TeamsBot(f"http://{host}:{port}", edge, clock, connector.url, http)
            asking = asyncio.create_task(teams.post(wire.message(connector.url, wire.ANNA, "coach klanten wachten")))
            while not model.requests:  # the coach has asked the model and waits
                await asyncio.sleep(0.01)

            async def someone_elses_answer() -> None:
                async with transaction(sessions) as session:
                    await first_sighting(session, platform="test", event_id="another answer", now=NOW)

            await asyncio.wait_for(someone_elses_answer(), timeout=5)  # stored while the model still thinks
            assert not asking.done()
            model.released.set()  # the model answers; the coach's own answer is stored and sent
            assert await asking in (200, 201)
        await edge.stop()
        await runner.cleanup()
