"""A fan-out stays within Teams' limits (about 7 a second per conversation, 30 a second per app and tenant), and
throttling is retried a bounded number of times. Time is a fake clock: the measured pacing costs no real waiting."""

from __future__ import annotations

import pytest

from bot.messages import Message, Text
from bot.teams.reliability import Backoff, Pacer, TeamsHttpError
from models import Person
from models.db import transaction
from models.teams_store import UserAddress, save_user
from tests.bot.teams import wire
from tests.bot.teams.conftest import MONDAY_0900_AMSTERDAM, FakeTime

NOTE = Message("note", "en", (Text("Your team's summary is ready."),))


def spans(times: list[float], count: int) -> list[float]:
    """How long each run of ``count`` consecutive sends took."""
    return [times[i + count - 1] - times[i] for i in range(len(times) - count + 1)]


async def people_in_one_tenant(sessions, url: str, how_many: int) -> list[int]:
    ids = []
    async with transaction(sessions) as session:
        for n in range(how_many):
            person = Person(platform="teams", platform_user_id=f"29:1person-{n}", name=f"Person {n}")
            session.add(person)
            await session.flush()
            ids.append(person.id)
            address = UserAddress(user_id=f"29:1person-{n}", service_url=url, bot_id=wire.BOT, tenant_id=wire.TENANT,
                                  conversation_id=f"a:1chat-{n}")
            await save_user(session, address=address, now=MONDAY_0900_AMSTERDAM, revive=True)
    return ids


async def test_a_fan_out_stays_under_thirty_a_second_per_tenant(teams, connector, sessions, fake_time):
    people = await people_in_one_tenant(sessions, connector.url, 75)

    for person_id in people:
        assert await teams.edge.messenger.send_to(person_id, NOTE)

    times = [c.at for c in connector.calls]
    assert len(times) == 75
    assert min(spans(times, 31)) >= 1.0  # never 31 within a second
    assert fake_time.now - 1000.0 < 3.0  # and not slower than needed: 75 messages in a little over 2 seconds


async def test_one_conversation_gets_at_most_seven_a_second(teams, connector, sessions, fake_time):
    [person_id] = await people_in_one_tenant(sessions, connector.url, 1)

    for _ in range(20):
        await teams.edge.messenger.send_to(person_id, NOTE)

    times = [c.at for c in connector.calls]
    assert len(times) == 20
    assert min(spans(times, 8)) >= 1.0 and min(spans(times, 9)) >= 2.0


async def test_the_pacer_waits_only_as_long_as_the_window_needs():
    time = FakeTime()
    pacer = Pacer(time.monotonic, time.sleep)
    for n in range(30):
        await pacer.wait(conversation=f"c{n}", tenant="t")
    assert time.sleeps == []
    await pacer.wait(conversation="c30", tenant="t")
    assert time.sleeps == [1.0]
    await pacer.wait(conversation="x", tenant="another tenant")
    assert time.sleeps == [1.0]


async def test_backoff_doubles_with_jitter_and_gives_up_on_long_retry_after():
    time = FakeTime()
    backoff = Backoff(time.sleep, lambda: 0.5, attempts=4, base=1.0, cap=20.0)
    tries = []

    async def throttled():
        tries.append(1)
        raise TeamsHttpError(504)

    with pytest.raises(TeamsHttpError):
        await backoff.run(throttled)
    assert len(tries) == 4 and time.sleeps == [0.5, 1.0, 2.0]

    async def come_back_tomorrow():
        raise TeamsHttpError(429, retry_after=86400)

    with pytest.raises(TeamsHttpError):
        await backoff.run(come_back_tomorrow)
    assert time.sleeps == [0.5, 1.0, 2.0]  # a delivery doesn't wait a day; the tick tries again later


async def test_errors_that_retrying_cannot_fix_are_not_retried():
    time = FakeTime()
    tries = []

    async def forbidden():
        tries.append(1)
        raise TeamsHttpError(403)

    with pytest.raises(TeamsHttpError):
        await Backoff(time.sleep, lambda: 0.5).run(forbidden)
    assert tries == [1] and time.sleeps == []


async def test_a_busy_conversation_waits_alone_and_never_delays_a_reply_elsewhere():
    """Seven messages to one chat this second: the eighth waits for the window, and meanwhile a reply to someone
    else in the same tenant goes out at once (the old pacer slept holding one lock for everyone)."""
    import asyncio

    held = asyncio.Event()
    clock = FakeTime()

    async def sleep(seconds: float) -> None:
        clock.sleeps.append(seconds)
        await held.wait()  # the busy chat's wait lasts until the test lets it go
        clock.now += seconds

    pacer = Pacer(clock.monotonic, sleep)
    for _ in range(7):
        await pacer.wait(conversation="busy", tenant="t")
    waiting = asyncio.create_task(pacer.wait(conversation="busy", tenant="t"))
    await asyncio.sleep(0)
    assert clock.sleeps == [1.0] and not waiting.done()

    await asyncio.wait_for(pacer.wait(conversation="quiet", tenant="t"), timeout=1)
    held.set()
    await waiting
