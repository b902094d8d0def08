"""A process dies in the middle of a Slack fan-out; the one that takes its claims over sends each check-in once.

Every check-in DM carries its delivery as message metadata; before sending again a delivery whose send had started,
the take-over looks for it in the DM's recent history (conversations.history), through the real wire protocol.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.slack import build
from handlers.importer import import_org
from models import Delivery
from models.db import make_engine, make_session_factory, transaction
from scheduler.tick import LEASE, tick
from tests.bot.slack.conftest import NOW, slack_settings
from tests.fakes import Crash
from tests.orgs import SMALL_ORG

TAKE_OVER = NOW + LEASE + timedelta(minutes=1)


class Dies:
    """The Slack edge of a process that is killed during one send: ``after_post`` right after Slack took the
    post (before the process could mark it sent), else right before the post left."""

    def __init__(self, edge, *, after_post: bool) -> None:
        self.edge, self.after_post = edge, after_post

    async def send(self, recipient, message):
        if self.after_post:
            await self.edge.send(recipient, message)
        raise Crash("kill -9")

    async def post(self, channel, message):
        return await self.edge.post(channel, message)


def dms(fake) -> list[str]:
    return [c.args["channel"] for c in fake.of("chat.postMessage")]


async def statuses(sessions) -> list[tuple[str, bool]]:
    async with sessions() as session:
        rows = await session.execute(select(Delivery.status, Delivery.sending).order_by(Delivery.id))
    return [tuple(row) for row in rows]


async def test_a_check_in_that_reached_the_dm_before_the_kill_is_not_sent_again(slack_server, sessions, load_org):
    await load_org(SMALL_ORG)
    edge, fake = slack_server.built.slack.messenger, slack_server.fake
    with pytest.raises(Crash):
        await tick(sessions=sessions, messenger=Dies(edge, after_post=True), now=NOW)
    assert dms(fake) == ["U_ANNA"]
    assert (await statuses(sessions))[0] == ("claimed", True), "posted, never marked: possibly sent"

    report = await tick(sessions=sessions, messenger=edge, now=TAKE_OVER)

    assert dms(fake) == ["U_ANNA", "U_CARLA"], "Anna's DM held her check-in: only Carla's was sent"
    assert report.found == 1 and report.sent["checkin"] == 1
    assert "D_ANNA" in [c.args["channel"] for c in fake.of("conversations.history")]
    assert [s for s, _ in await statuses(sessions)] == ["sent", "sent"]
    assert fake.of("chat.postMessage")[0].args["metadata"]["event_type"] == "okrbot_delivery"


async def test_a_check_in_killed_before_it_left_is_sent_after_the_dm_was_checked(slack_server, sessions, load_org):
    await load_org(SMALL_ORG)
    edge, fake = slack_server.built.slack.messenger, slack_server.fake
    with pytest.raises(Crash):
        await tick(sessions=sessions, messenger=Dies(edge, after_post=False), now=NOW)
    assert dms(fake) == []

    await tick(sessions=sessions, messenger=edge, now=TAKE_OVER)
    await tick(sessions=sessions, messenger=edge, now=TAKE_OVER + 2 * LEASE)

    assert sorted(dms(fake)) == ["U_ANNA", "U_CARLA"]
    assert "D_ANNA" in [c.args["channel"] for c in fake.of("conversations.history")]
    assert [s for s, _ in await statuses(sessions)] == ["sent", "sent"]


async def test_two_processes_ticking_at_once_on_postgres_send_each_check_in_once_through_slack(
        postgres_url, postgres_engine, fake_slack, clock):
    async with transaction(make_session_factory(postgres_engine)) as session:
        await import_org(session, SMALL_ORG, now=NOW - timedelta(days=4))
    engines = [make_engine(postgres_url) for _ in range(2)]
    edges = [build(slack_settings(fake_slack), make_session_factory(e), clock.utc, sleep=clock.sleep,
                   monotonic=clock.monotonic) for e in engines]
    try:
        for edge in edges:
            await edge.start()
        reports = await asyncio.gather(*(
            tick(sessions=make_session_factory(e), messenger=edge.slack.messenger, now=NOW + timedelta(seconds=n))
            for n, (e, edge) in enumerate(zip(engines, edges, strict=True))))
    finally:
        for edge, engine in zip(edges, engines, strict=True):
            await edge.stop()
            await engine.dispose()
    assert sorted(dms(fake_slack)) == ["U_ANNA", "U_CARLA"]
    assert sum(r.sent["checkin"] for r in reports) == 2


class PostDies(Dies):
    """A process killed right after Slack took a team channel post, before it could mark it posted."""

    async def post(self, channel, message):
        await self.edge.post(channel, message)
        raise Crash("kill -9")


async def test_a_summary_that_reached_the_channel_before_the_kill_is_not_posted_again(slack_server, sessions,
                                                                                       load_org):
    from tests.digest_quarter import SUMMARY_AT, play_quarter

    await play_quarter(sessions, load_org)
    edge, fake = slack_server.built.slack.messenger, slack_server.fake
    with pytest.raises(Crash):
        await tick(sessions=sessions, messenger=PostDies(edge, after_post=True), now=SUMMARY_AT)
    first = [c.args["channel"] for c in fake.of("chat.postMessage")]
    assert len(first) == 1 and first[0].startswith("C_")

    report = await tick(sessions=sessions, messenger=edge, now=SUMMARY_AT + LEASE + timedelta(minutes=1))

    channels = [c.args["channel"] for c in fake.of("chat.postMessage") if c.args["channel"].startswith("C_")]
    assert channels == first == ["C_SUPPORT"], "the summary already up was not posted again"
    assert report.found == 1 and first[0] in [c.args["channel"] for c in fake.of("conversations.history")]
