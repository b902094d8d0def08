"""A team summary in the Support team's channel in Teams: posted as a new post, edited in place when late check-ins
arrive; a quarterly recap carries its chart as an image next to the card. Through botbuilder to the fake connector."""

from __future__ import annotations

import base64

import pytest

from bot.messages import Chart, Message, Text
from handlers.ports import DeliveryFailed
from tests.bot.pngs import TINY_PNG
from tests.bot.teams import wire

SUMMARY = Message("summary", "nl", (Text("Support: week 41", "heading"), Text("2 van 4 ingecheckt.")))
LATER = Message("summary", "nl", (Text("Support: week 41", "heading"), Text("4 van 4 ingecheckt.")))
RECAP = Message("recap", "en", (Text("Support — 2026-Q4 recap", "heading"), Text("What did we learn?"),
                                Chart("support-2026-Q4.png", "Confidence per key result", TINY_PNG)))


@pytest.fixture
async def installed(load_org, teams, connector):
    """The Support team added okrbot, so the bot knows its General channel."""
    await load_org(wire.org_yaml())
    await teams.send(wire.team_install, wire.ANNA)
    connector.calls.clear()
    return teams.edge.messenger


async def test_a_summary_post_returns_the_id_teams_gave_it_and_is_edited_in_place(installed, connector):
    handle = await installed.post(wire.TEAM, SUMMARY)

    assert handle == connector.last_id(wire.TEAM)
    await installed.update(wire.TEAM, handle, LATER)

    edit = connector.calls[-1]
    assert edit.method == "PUT" and edit.path == f"/v3/conversations/{wire.TEAM}/activities/{handle}"
    assert edit.body["id"] == handle and "replyToId" not in edit.body
    assert "4 van 4 ingecheckt." in str(connector.cards(wire.TEAM, method="PUT"))
    assert len(connector.delivered(wire.TEAM)) == 1  # one post, edited; no second post


async def test_a_recap_brings_its_chart_as_an_image_next_to_the_card(installed, connector):
    await installed.post(wire.TEAM, RECAP)

    [post] = connector.delivered(wire.TEAM)
    [card] = connector.cards(wire.TEAM)
    assert "Confidence per key result" in str(card["body"])  # the card names the chart where it stands
    [image] = [a for a in post["attachments"] if a["contentType"] == "image/png"]
    assert image["name"] == "support-2026-Q4.png"
    prefix, _, data = image["contentUrl"].partition(",")
    assert prefix == "data:image/png;base64" and base64.b64decode(data) == TINY_PNG


async def test_an_edit_that_teams_refuses_fails_like_a_post(installed, connector):
    handle = await installed.post(wire.TEAM, SUMMARY)
    connector.answer(wire.TEAM, 502, 502, 502, 502)

    with pytest.raises(DeliveryFailed):
        await installed.update(wire.TEAM, handle, LATER)
    assert connector.tries(wire.TEAM)[-4:] == [502, 502, 502, 502]


async def test_a_post_before_the_app_is_in_the_channel_fails_so_it_stays_due(load_org, teams, connector):
    await load_org(wire.org_yaml())
    with pytest.raises(DeliveryFailed):
        await teams.edge.messenger.post(wire.TEAM, SUMMARY)
    assert connector.delivered(wire.TEAM) == []

    await teams.send(wire.team_install, wire.ANNA)  # now someone adds okrbot to the team
    handle = await teams.edge.messenger.post(wire.TEAM, SUMMARY)
    assert handle == connector.last_id(wire.TEAM)
