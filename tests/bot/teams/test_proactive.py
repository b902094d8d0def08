"""Monday 09:00 in Amsterdam: the tick sends check-ins into Teams chats the bot has seen, opens chats with team
members who never wrote, skips who it can't reach, retries throttling and stops at a blocked app."""

from __future__ import annotations

import pytest

from bot.messages import Message, Text
from handlers.ports import DeliveryFailed
from scheduler.tick import tick
from tests.bot.teams import wire
from tests.bot.teams.conftest import MONDAY_0900_AMSTERDAM, accounts

ANNA_CHAT = wire.CHAT[wire.ANNA]


@pytest.fixture
async def installed(load_org, teams, connector):
    """Anna installed okrbot herself; the Support team added it, so Ben and Carla are known from its members."""
    await load_org(wire.org_yaml())
    connector.members = {wire.BEN: wire.member(wire.BEN, "ben.miller@example.com"),
                         wire.CARLA: wire.member(wire.CARLA, "carla@example.com")}
    await teams.send(wire.personal_install, wire.ANNA)
    await teams.send(wire.team_install, wire.ANNA)
    connector.calls.clear()
    return teams


async def run_tick(teams, sessions):
    return await tick(sessions=sessions, messenger=teams.edge.messenger, now=MONDAY_0900_AMSTERDAM)


async def test_the_tick_sends_checkin_cards_proactively(installed, connector, sessions):
    report = await run_tick(installed, sessions)

    [anna] = connector.cards(ANNA_CHAT)
    assert anna["body"][0]["text"] == "Hoi Anna, tijd voor je check-in voor de week van ma 5 okt."
    opened = {c.body["members"][0]["id"]: c.body for c in connector.calls if c.path == "/v3/conversations"}
    assert set(opened) == {wire.BEN, wire.CARLA}  # known from the team, never wrote: a 1:1 chat is opened
    assert opened[wire.BEN]["channelData"] == {"tenant": {"id": wire.TENANT}} and opened[wire.BEN]["isGroup"] is False
    [ben] = connector.cards(wire.CHAT[wire.BEN])
    assert "First reply within 2 hours" in str(ben)
    assert connector.cards(wire.CHAT[wire.CARLA])  # matched by her Azure AD id
    assert (await accounts(sessions))[wire.BEN].conversation_id == wire.CHAT[wire.BEN]  # opened once, kept
    assert report.failed == 0  # Dirk never used Teams: skipped, not failed (okrbot doctor names him)
    assert [c for c in connector.calls if "dirk" in str(c.body)] == []


async def test_throttling_is_retried_with_backoff(installed, connector, sessions, fake_time):
    connector.answer(ANNA_CHAT, (429, {"Retry-After": "3"}), 502)

    report = await run_tick(installed, sessions)

    assert connector.tries(ANNA_CHAT) == [429, 502, 201]
    assert 3.0 in fake_time.sleeps  # Retry-After honoured
    assert 1.0 in fake_time.sleeps  # then 2 s of backoff with the jitter at one half
    assert report.failed == 0 and len(connector.cards(ANNA_CHAT)) == 1


async def test_persistent_throttling_fails_the_delivery_for_a_later_tick(installed, connector, sessions, fake_time):
    connector.answer(ANNA_CHAT, 429, 429, 429, 429, 429)

    report = await run_tick(installed, sessions)

    assert connector.tries(ANNA_CHAT) == [429, 429, 429, 429]  # bounded: four tries, then the lease decides
    assert report.failed == 1
    assert sum(fake_time.sleeps) < 30


async def test_a_blocked_app_marks_the_chat_dead_and_stops_deliveries(installed, connector, sessions):
    connector.refusing.add(ANNA_CHAT)

    report = await run_tick(installed, sessions)

    assert report.failed == 0  # not retried: it can only fail again
    assert connector.tries(ANNA_CHAT) == [403]
    assert (await accounts(sessions))[wire.ANNA].dead
    later = Message("digest", "nl", (Text("Het team staat op koers."),))
    assert not await installed.edge.messenger.send_to(await person_id(sessions, wire.ANNA), later)
    assert connector.tries(ANNA_CHAT) == [403]  # nothing more was attempted

    connector.refusing.clear()
    await installed.send(wire.message, wire.ANNA, "help")  # she unblocked okrbot and wrote again
    assert not (await accounts(sessions))[wire.ANNA].dead


async def person_id(sessions, user_id: str) -> int:
    from models.people_queries import person_by_platform_id

    async with sessions() as session:
        return (await person_by_platform_id(session, platform_user_id=user_id)).id


async def test_team_channel_posts_go_through_the_same_edge(installed, connector, sessions):
    summary = Message("summary", "nl", (Text("Support: deze week", "heading"), Text("Alles op koers.")))
    await installed.edge.messenger.post(wire.TEAM, summary)
    with pytest.raises(DeliveryFailed):  # the app is not in that team: nothing posted, the post stays due
        await installed.edge.messenger.post("19:unknown@thread.tacv2", summary)

    [post] = connector.delivered(wire.TEAM)
    assert post["conversation"]["id"] == wire.TEAM and "replyToId" not in post  # a new post, not a reply
    assert connector.calls[-1].path == f"/v3/conversations/{wire.TEAM}/activities"
    assert "Alles op koers." in str(post)
    assert connector.tries("19:unknown@thread.tacv2") == []

    connector.refusing.add(wire.TEAM)
    await installed.edge.messenger.post(wire.TEAM, summary)
    with pytest.raises(DeliveryFailed):
        await installed.edge.messenger.post(wire.TEAM, summary)
    assert connector.tries(wire.TEAM)[-2:] == [201, 403]  # after the 403, no more tries
