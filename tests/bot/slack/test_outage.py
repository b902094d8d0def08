"""During a database outage nothing a person asks for vanishes: ``/okr``, a button or a form that could not be done
is answered with a message saying so, in the person's language, and asking to try again."""

from __future__ import annotations

import json

from scheduler.tick import tick
from tests.bot.slack.conftest import NOW
from tests.bot.slack.outage import outage
from tests.orgs import SMALL_ORG

SORRY_NL = "Sorry, dat lukte me nu even niet"
SORRY_EN = "Sorry, I couldn't do that just now"


async def test_okr_during_an_outage_gets_a_private_sorry_in_the_persons_language(slack_server, engine, load_org):
    await load_org(SMALL_ORG)
    assert await slack_server.command("mine", user="U_ANNA") == 200
    assert await slack_server.command("mine", user="U_BEN") == 200
    await slack_server.drain()
    async with outage(engine):
        assert await slack_server.command("mine", user="U_ANNA") == 200
        assert await slack_server.command("team", user="U_BEN") == 200
        await slack_server.drain()
        anna, ben = slack_server.fake.responses[-2:]
    assert {r["response_type"] for r in (anna, ben)} == {"ephemeral"}
    said = sorted(r["text"] for r in (anna, ben))
    assert said[0].startswith(SORRY_EN) and "Please try again" in said[0] and said[1].startswith(SORRY_NL)
    assert SORRY_EN in json.dumps([anna["blocks"], ben["blocks"]])


async def test_an_unknown_language_is_english_and_typed_dms_and_clicks_are_answered_too(slack_server, sessions,
                                                                                       engine, load_org):
    await load_org(SMALL_ORG)
    await tick(sessions=sessions, messenger=slack_server.built.slack.messenger, now=NOW)
    posts_before = len(slack_server.fake.of("chat.postMessage"))
    async with outage(engine):
        assert await slack_server.command("mine", user="U_NOBODY_SEEN") == 200
        await slack_server.event({"type": "message", "channel_type": "im", "channel": "D_ANNA", "user": "U_ANNA",
                                  "text": "mine", "ts": "1760000009.000100"}, event_id="EvOutage1")
        status, _ = await slack_server.click("U_CARLA", "choice:skip", json.dumps(
            {"kind": "checkin", "slot": "2026-10-05", "period": "2026-Q4"}), channel="D_CARLA")
        assert status == 200
        await slack_server.drain()
    assert slack_server.fake.responses[-1]["text"].startswith(SORRY_EN)
    said = {c.args["channel"]: c.args["text"] for c in slack_server.fake.of("chat.postMessage")[posts_before:]}
    assert said["D_ANNA"].startswith(SORRY_NL) and said["D_CARLA"].startswith(SORRY_NL)
