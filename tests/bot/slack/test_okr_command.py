"""``/okr``: the console's commands in Slack, answered privately; ``new`` opens a modal that checks every field."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import func, select

from models import KeyResult, Objective, Person
from tests.absences import last_days
from tests.bot.slack.conftest import selected, text_input
from tests.orgs import SMALL_ORG


async def _command(slack_server, text: str, user: str = "U_BEN") -> dict:
    assert await slack_server.command(text, user=user) == 200
    await slack_server.drain()
    return slack_server.fake.responses[-1]


async def test_help_and_anything_unknown_get_the_help_privately(slack_server, load_org):
    await load_org(SMALL_ORG)
    help_reply = await _command(slack_server, "help")
    assert help_reply["response_type"] == "ephemeral"
    assert "Here is what I can do" in json.dumps(help_reply["blocks"])
    unknown = await _command(slack_server, "dance")
    assert "I didn't catch \\\"dance\\\"" in json.dumps(unknown["blocks"]) and "Here is what I can do" in json.dumps(
        unknown["blocks"])


async def test_mine_team_away_and_lang(slack_server, sessions, load_org):
    await load_org(SMALL_ORG)
    mine = json.dumps((await _command(slack_server, "mine"))["blocks"], ensure_ascii=False)
    assert "Your OKRs in 2026-Q4" in mine and "Monthly churn stays below 3%" in mine
    team = json.dumps((await _command(slack_server, "team"))["blocks"], ensure_ascii=False)
    assert "Sales — progress in 2026-Q4" in team
    away = json.dumps((await _command(slack_server, "away 2026-12-24"))["blocks"], ensure_ascii=False)
    assert "You're away through 24 December; check-ins pause until then." in away
    dutch = json.dumps((await _command(slack_server, "lang nl"))["blocks"], ensure_ascii=False)
    assert "Vanaf nu praat ik Nederlands met je." in dutch
    async with sessions() as session:
        ben = (await session.execute(select(Person).where(Person.platform_user_id == "U_BEN"))).scalar_one()
    assert ben.locale == "nl"
    assert await last_days(sessions, "U_BEN") == [(date(2026, 12, 24), "typed")]


async def test_checkin_opens_the_check_in_as_a_modal(slack_server, load_org):
    await load_org(SMALL_ORG)
    assert await slack_server.command("checkin", user="U_BEN", trigger_id="trig-ben") == 200
    await slack_server.drain()
    call = slack_server.fake.of("views.open")[-1]
    assert call.args["trigger_id"] == "trig-ben" and call.args["view"]["callback_id"] == "checkin"


async def test_an_unknown_person_gets_the_friendly_explanation(slack_server, load_org):
    await load_org(SMALL_ORG)
    reply = await _command(slack_server, "mine", user="U_NOBODY")
    assert "I don't know you yet" in json.dumps(reply["blocks"])


async def _new_okr_modal(slack_server) -> dict:
    assert await slack_server.command("new", user="U_BEN") == 200
    await slack_server.drain()
    return slack_server.fake.of("views.open")[-1].args["view"]


async def _objectives(sessions) -> int:
    async with sessions() as session:
        return (await session.execute(select(func.count()).select_from(Objective))).scalar_one()


async def test_new_opens_the_okr_modal_and_wrong_fields_come_back_as_field_errors(slack_server, sessions, load_org):
    await load_org(SMALL_ORG)
    view = await _new_okr_modal(slack_server)
    assert view["callback_id"] == "okr_new"
    inputs = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    assert inputs[:4] == ["objective", "level", "type", "parent"]
    assert {"kr1:title", "kr1:kind", "kr1:baseline", "kr1:target", "kr1:unit", "kr5:unit"} <= set(inputs)
    before = await _objectives(sessions)

    status, body = await slack_server.submit("U_BEN", view, {
        "objective": text_input("Customers love our onboarding"), "level": selected("person"),
        "type": selected("committed"),
        "kr1:title": text_input("Activation from 40% to 60%"), "kr1:kind": selected("increase"),
        "kr1:baseline": text_input("40"), "kr1:target": text_input("abc"),
        "kr2:title": text_input("Time to first value from 5 to 2 days"), "kr2:kind": selected("decrease"),
        "kr2:baseline": text_input("5"), "kr2:target": text_input("8"),
    })
    assert status == 200 and body["response_action"] == "errors"
    assert body["errors"] == {"kr1:target": "\"abc\" is not a number.",
                              "kr2:target": "For a decrease the target must be below the baseline."}
    assert await _objectives(sessions) == before


async def test_a_valid_new_okr_is_saved_and_confirmed_in_the_dm(slack_server, sessions, load_org):
    await load_org(SMALL_ORG)
    view = await _new_okr_modal(slack_server)
    before = await _objectives(sessions)
    status, body = await slack_server.submit("U_BEN", view, {
        "objective": text_input("Customers love our onboarding"), "level": selected("person"),
        "type": selected("aspirational"),
        "kr1:title": text_input("Activation from 40% to 60%"), "kr1:kind": selected("increase"),
        "kr1:baseline": text_input("40"), "kr1:target": text_input("60"), "kr1:unit": text_input("%"),
        "kr2:title": text_input("Time to first value from 5 to 2 days"), "kr2:kind": selected("decrease"),
        "kr2:baseline": text_input("5"), "kr2:target": text_input("2"), "kr2:unit": text_input("days"),
    })
    assert (status, body) == (200, "")
    await slack_server.drain()
    assert await _objectives(sessions) == before + 1
    async with sessions() as session:
        titles = set((await session.execute(select(KeyResult.title))).scalars())
    assert {"Activation from 40% to 60%", "Time to first value from 5 to 2 days"} <= titles
    confirmation = slack_server.fake.of("chat.postMessage")[-1].args
    assert confirmation["channel"] == "U_BEN"
    assert "Saved \\\"Customers love our onboarding\\\" with 2 key results" in json.dumps(confirmation["blocks"])


async def test_a_manager_sets_a_1on1_with_a_slack_mention(slack_server, sessions, load_org):
    from models import OneOnOne

    await load_org(SMALL_ORG)  # Bram manages Anna and Carla
    reply = json.dumps((await _command(slack_server, "1on1 <@U_ANNA|anna> weekly thu 14:00", user="U_BRAM"))["blocks"],
                       ensure_ascii=False)
    assert "Anna de Vries" in reply and "14:00" in reply
    refused = json.dumps((await _command(slack_server, "1on1 <@U_ANNA|anna> weekly thu 14:00", user="U_BEN"))[
        "blocks"], ensure_ascii=False)
    assert "Only Anna de Vries's manager can set a 1:1" in refused
    async with sessions() as session:
        rows = (await session.execute(select(OneOnOne))).scalars().all()
    assert [(r.weekday, r.local_time, r.every_weeks) for r in rows] == [(3, "14:00", 1)]
