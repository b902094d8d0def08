"""Under load the Slack edge keeps every answer it acknowledged: background work waits for capacity (sized to the
store's connection pool) instead of timing out in the pool, and is stored once capacity frees up."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.background import Background
from models import CheckIn
from models.db import capacity
from tests.bot.slack.test_checkin_dm import _button, _checkin_dm


async def test_at_most_capacity_works_run_at_once_and_the_rest_run_after(engine):
    background, running, peak, release = Background("test", capacity=2), [], [0], asyncio.Event()

    async def work(n: int) -> None:
        running.append(n)
        peak[0] = max(peak[0], len(running))
        await release.wait()
        running.remove(n)

    for n in range(5):
        background.start(work(n), f"work {n}")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert running == [0, 1]
    release.set()
    await background.drain()
    assert peak[0] == 2 and running == []
    assert 1 <= capacity(engine) <= 20


async def test_a_click_acknowledged_while_every_slot_is_busy_is_stored_when_one_frees(slack_server, sessions,
                                                                                      load_org):
    blocks = await _checkin_dm(slack_server, sessions, load_org)
    seven = _button(blocks, "confidence:", "7")
    background, release = slack_server.built.slack.background, asyncio.Event()
    for n in range(capacity(sessions.kw["bind"])):  # other people's work holds every slot
        background.start(release.wait(), f"busy {n}")

    status, _ = await slack_server.click("U_ANNA", seven["action_id"], seven["value"])
    assert status == 200
    async with sessions() as session:
        assert (await session.execute(select(CheckIn))).scalars().all() == []  # waiting, not dropped

    release.set()
    await slack_server.drain()
    async with sessions() as session:
        assert [a.confidence for a in (await session.execute(select(CheckIn))).scalars().all()] == [7]
    assert "vertrouwen 7/10" in str(slack_server.fake.of("chat.update")[-1].args["blocks"])
