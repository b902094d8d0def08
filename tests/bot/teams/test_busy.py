"""Under load the Teams edge, like Slack's, keeps every answer it gives: a message waits for capacity (sized to the
store's connection pool) instead of timing out in the pool. When work has waited for a slot as long as the bot
allows, a message or a card is answered "busy, try again" at once, in the person's language, and nothing of it is
done; sent again a moment later, it is."""

from __future__ import annotations

import asyncio

import pytest

from bot.background import MAX_WAIT
from models.db import capacity
from tests.bot.teams import wire
from tests.bot.teams.test_checkin_card import CHAT, checkins, kr_ids, open_checkin, submitted

BUSY_NL = "Ik heb het nu heel druk, dus ik heb dat niet opgepakt. Probeer het zo nog eens."
BUSY_EN = "I'm very busy right now, so I didn't take that. Please try again in a moment."


@pytest.fixture
async def org(load_org):
    await load_org(wire.org_yaml())


@pytest.fixture
def overload(teams, sessions, fake_time):
    """Other people's work holds every slot of the Teams edge and one more has waited ``waited`` seconds for one
    (by default the most allowed), until the returned event is set (at the latest when the test ends)."""
    releases: list[asyncio.Event] = []

    async def fill(waited: float = MAX_WAIT) -> asyncio.Event:
        background, release = teams.edge.messenger.background, asyncio.Event()
        for n in range(capacity(sessions.kw["bind"]) + 1):
            background.start(release.wait(), f"other {n}")
        releases.append(release)
        await asyncio.sleep(0)  # each has taken a slot or joined the line
        fake_time.now += waited
        return release

    yield fill
    for release in releases:
        release.set()


def _checkin_sent(teams, card: dict, card_id: str) -> dict:
    nps, _ = kr_ids(card)
    return wire.card_submit(teams.service_url, wire.ANNA,
                            submitted(card, "Versturen", {f"kr:{nps}:value": "31", f"kr:{nps}:confidence": "7"}),
                            card_id)


async def test_a_check_in_sent_while_too_much_work_waits_is_answered_try_again_and_taken_when_sent_again(
        teams, connector, sessions, org, overload):
    card, card_id = await open_checkin(teams, connector)
    activity = _checkin_sent(teams, card, card_id)
    release = await overload()
    assert teams.edge.messenger.background.busy

    status = await asyncio.wait_for(teams.answered(activity), 10)  # at once, not after a slot frees
    await asyncio.wait_for(_replied(connector, CHAT, BUSY_NL), 10)  # before any slot frees, in her language
    assert status in (200, 201)
    release.set()
    await teams.drain()
    assert await checkins(sessions) == 0  # refused, not done later
    assert connector.delivered(CHAT, method="PUT") == []  # her card still asks

    assert await teams.post(activity) in (200, 201)  # the same card sent again a moment later: taken
    assert await checkins(sessions) == 1
    assert len(connector.delivered(CHAT, method="PUT")) == 1


async def test_the_busy_answer_is_in_the_language_the_person_chose_over_their_clients(teams, connector, org,
                                                                                     overload):
    await teams.send(wire.message, wire.ANNA, "help")  # Anna's okrbot speaks Dutch
    release = await overload()
    message = wire.message(teams.service_url, wire.ANNA, "mine")
    message["locale"] = "en-US"  # her Teams client is in English
    assert await asyncio.wait_for(teams.answered(message), 10) in (200, 201)
    await asyncio.wait_for(_replied(connector, CHAT, BUSY_NL), 10)
    release.set()


async def test_a_message_from_someone_the_bot_does_not_know_hears_try_again_in_the_clients_language(
        teams, connector, org, overload):
    release = await overload()
    message = wire.message(teams.service_url, "29:1stranger", "help")
    message["locale"] = "en-US"
    assert await asyncio.wait_for(teams.answered(message), 10) in (200, 201)
    await asyncio.wait_for(_replied(connector, message["conversation"]["id"], BUSY_EN), 10)
    release.set()


async def test_a_message_waits_for_a_slot_and_is_answered_when_one_frees(teams, connector, sessions, org,
                                                                         overload):
    card, card_id = await open_checkin(teams, connector)
    release = await overload(waited=MAX_WAIT - 0.1)
    assert not teams.edge.messenger.background.busy

    answered = asyncio.create_task(teams.answered(_checkin_sent(teams, card, card_id)))
    done, _ = await asyncio.wait({answered}, timeout=0.5)
    assert not done and await checkins(sessions) == 0  # waiting for a slot, not dropped
    release.set()
    assert await asyncio.wait_for(answered, 10) in (200, 201)
    await teams.drain()
    assert await checkins(sessions) == 1
    assert "druk" not in str(connector.delivered(CHAT))


async def _replied(connector, conversation: str, text: str) -> None:
    while not any(a.get("text") == text for a in connector.delivered(conversation)):
        await asyncio.sleep(0.01)
