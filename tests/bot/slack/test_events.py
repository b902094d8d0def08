"""Events: someone writes to the bot, opens the App Home, or sets a Vacationing / Out sick status."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from models import Person
from scheduler.tick import tick
from tests.absences import set_absence, spans
from tests.bot.slack.conftest import NOW
from tests.orgs import SMALL_ORG


def typed(user: str, text: str, channel: str = "D_X") -> dict:
    return {"type": "message", "channel_type": "im", "channel": channel, "user": user, "text": text,
            "ts": "1760000020.000100"}


def status_change(user: str, emoji: str, text: str, expiration: int = 0, tz: str = "Europe/Amsterdam") -> dict:
    return {"type": "user_change", "user": {
        "id": user, "name": user.lower(), "real_name": "Anna de Vries", "tz": tz, "deleted": False,
        "profile": {"real_name": "Anna de Vries", "status_emoji": emoji, "status_text": text,
                    "status_expiration": expiration}}}


async def _person(sessions, user: str) -> Person:
    async with sessions() as session:
        return (await session.execute(select(Person).where(Person.platform_user_id == user))).scalar_one()


async def test_someone_unknown_who_writes_gets_a_friendly_explanation(slack_server, load_org):
    await load_org(SMALL_ORG)
    await slack_server.event(typed("U_STRANGER", "hallo?", "D_STRANGER"), event_id="Ev1")
    await slack_server.drain()
    reply = slack_server.fake.of("chat.postMessage")[-1].args
    assert reply["channel"] == "D_STRANGER"
    assert "I don't know you yet" in json.dumps(reply["blocks"])


async def test_a_command_typed_in_the_dm_is_answered_there(slack_server, load_org):
    await load_org(SMALL_ORG)
    await slack_server.event(typed("U_BEN", "mine", "D_BEN"), event_id="Ev2")
    await slack_server.event(typed("U_BEN", "checkin", "D_BEN"), event_id="Ev3")
    await slack_server.event({**typed("U_BEN", "a bot says hi", "D_BEN"), "bot_id": "B9"}, event_id="Ev4")
    await slack_server.drain()
    mine, checkin = (c.args for c in slack_server.fake.of("chat.postMessage"))
    assert "Your OKRs in 2026-Q4" in json.dumps(mine["blocks"])
    assert "Renewal rate from 70% to 85%" in json.dumps(mine["blocks"])
    # "checkin" brings the check-in itself, with its buttons.
    assert [b["block_id"] for b in checkin["blocks"] if b.get("block_id", "").startswith("confidence:")]


async def test_new_typed_in_the_dm_offers_the_form_behind_a_button(slack_server, load_org):
    await load_org(SMALL_ORG)
    await slack_server.event(typed("U_BEN", "new", "D_BEN"), event_id="Ev11")
    await slack_server.drain()
    blocks = slack_server.fake.of("chat.postMessage")[-1].args["blocks"]
    (button,) = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert button["action_id"] == "open_form:okr_new"
    await slack_server.click("U_BEN", button["action_id"], button["value"], channel="D_BEN")
    await slack_server.drain()
    assert slack_server.fake.of("views.open")[-1].args["view"]["callback_id"] == "okr_new"


async def test_the_app_home_shows_my_objectives_with_progress_and_buttons(slack_server, load_org, sessions):
    await load_org(SMALL_ORG)
    await slack_server.event({"type": "app_home_opened", "user": "U_ANNA", "channel": "D_ANNA", "tab": "home"},
                             event_id="Ev5")
    await slack_server.drain()
    home = slack_server.fake.of("views.publish")[-1].args
    assert home["user_id"] == "U_ANNA" and home["view"]["type"] == "home"
    shown = json.dumps(home["view"]["blocks"], ensure_ascii=False)
    assert "Jouw OKR's in 2026-Q4" in shown and "NPS stijgt van 25 naar 45" in shown and "░" in shown
    buttons = [e["action_id"] for b in home["view"]["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["home_checkin", "home_new"]

    await slack_server.click("U_ANNA", "home_checkin", "home")
    await slack_server.drain()
    modal = slack_server.fake.of("views.open")[-1].args["view"]
    assert modal["callback_id"] == "checkin" and json.loads(modal["private_metadata"])["origin"] == "home"


async def test_a_vacationing_status_makes_a_person_away_until_it_expires(slack_server, sessions, load_org, clock):
    await load_org(SMALL_ORG)
    # Until Friday 16 October, 00:00 in Amsterdam: back that day, so away up to and including the 15th.
    expires = int(datetime(2026, 10, 15, 22, 0, tzinfo=UTC).timestamp())
    await slack_server.event(status_change("U_ANNA", ":palm_tree:", "Vacationing", expires), event_id="Ev6")
    await slack_server.drain()
    assert await spans(sessions, "U_ANNA") == [(date(2026, 10, 5), date(2026, 10, 15), "status")]

    report = await tick(sessions=sessions, messenger=slack_server.built.slack.messenger, now=NOW)
    assert [c.args["channel"] for c in slack_server.fake.of("chat.postMessage")] == ["U_CARLA"]
    assert report.sent["checkin"] == 1

    clock.now = NOW + timedelta(days=3)  # back early on Thursday: the days away stay, the rest is dropped
    await slack_server.event(status_change("U_ANNA", "", ""), event_id="Ev7")
    await slack_server.drain()
    assert await spans(sessions, "U_ANNA") == [(date(2026, 10, 5), date(2026, 10, 7), "status")]


async def test_out_sick_without_an_end_and_a_typed_absence_that_outlasts_it(slack_server, sessions, load_org, clock):
    await load_org(SMALL_ORG)
    await slack_server.event(status_change("U_ANNA", ":face_with_thermometer:", "Out sick"), event_id="Ev8")
    await slack_server.drain()
    assert await spans(sessions, "U_ANNA") == [(date(2026, 10, 5), None, "status")]  # until the status clears

    await set_absence(sessions, "U_ANNA", date(2026, 10, 5), date(2026, 11, 1))  # Anna typed "away 2026-11-01"
    clock.now = NOW + timedelta(days=1)
    await slack_server.event(status_change("U_ANNA", "", ""), event_id="Ev9")
    await slack_server.drain()
    assert await spans(sessions, "U_ANNA") == [(date(2026, 10, 5), date(2026, 10, 5), "status"),
                                               (date(2026, 10, 5), date(2026, 11, 1), "typed")]


async def test_a_status_set_in_the_morning_and_cleared_the_same_day_leaves_nothing(slack_server, sessions, load_org):
    await load_org(SMALL_ORG)
    await slack_server.event(status_change("U_ANNA", ":palm_tree:", "Vacationing"), event_id="Ev11")
    await slack_server.event(status_change("U_ANNA", "", ""), event_id="Ev12")
    await slack_server.drain()
    assert await spans(sessions, "U_ANNA") == []


async def test_a_profile_change_brings_the_new_time_zone(slack_server, sessions, load_org):
    await load_org(SMALL_ORG)
    await slack_server.event(status_change("U_ANNA", ":coffee:", "Lunch", tz="Europe/Lisbon"), event_id="Ev10")
    await slack_server.drain()
    assert (await _person(sessions, "U_ANNA")).tz == "Europe/Lisbon"
    assert await spans(sessions, "U_ANNA") == []
