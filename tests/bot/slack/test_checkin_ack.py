"""Slack gets its answer to a check-in form before anything is written: what the form alone shows is wrong comes
back next to the field at once, the rest is recorded after, and a failure to record is said in the DM."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from bench.slack_ack import run_backend
from models import CheckIn
from scheduler.tick import tick
from tests.bot.slack.conftest import NOW, text_input
from tests.bot.slack.outage import outage
from tests.orgs import SMALL_ORG


async def _anna_modal(slack_server, sessions, load_org) -> dict:
    await load_org(SMALL_ORG)
    await tick(sessions=sessions, messenger=slack_server.built.slack.messenger, now=NOW)
    dm = next(c.args for c in slack_server.fake.of("chat.postMessage") if c.args["channel"] == "U_ANNA")
    button = next(e for b in dm["blocks"] for e in b.get("elements", []) if e.get("action_id") == "checkin_open")
    await slack_server.click("U_ANNA", "checkin_open", button["value"])
    await slack_server.drain()
    return slack_server.fake.of("views.open")[-1].args["view"]


def _fields(view: dict, value: str, confidence: str) -> dict:
    kr = next(b["block_id"] for b in view["blocks"] if b.get("block_id", "").endswith(":value")).split(":")[1]
    return {f"kr:{kr}:value": text_input(value),
            f"kr:{kr}:confidence": {"type": "static_select", "selected_option": {"value": confidence}}}


async def _count(sessions) -> int:
    async with sessions() as session:
        return (await session.execute(select(func.count()).select_from(CheckIn))).scalar_one()


async def test_wrong_fields_come_back_in_her_language_even_while_the_store_is_down(slack_server, sessions, engine,
                                                                                 load_org):
    view = await _anna_modal(slack_server, sessions, load_org)
    async with outage(engine):
        status, body = await slack_server.submit("U_ANNA", view, _fields(view, "veel", "11"))
        await slack_server.drain()
    assert status == 200 and body["response_action"] == "errors"
    assert sorted(body["errors"].values()) == ["Vertrouwen is een heel getal van 1 tot en met 10.",
                                               "„veel” is geen getal. Gebruik cijfers, zoals 42 of 3,5."]
    assert await _count(sessions) == 0


async def test_a_check_in_that_cannot_be_recorded_after_the_answer_is_said_in_the_dm(slack_server, sessions, engine,
                                                                                    load_org):
    view = await _anna_modal(slack_server, sessions, load_org)
    posts = len(slack_server.fake.of("chat.postMessage"))
    async with outage(engine):
        status, body = await slack_server.submit("U_ANNA", view, _fields(view, "31", "7"))
        await slack_server.drain()
    assert (status, body) == (200, "")  # the modal closed: Slack had its answer before the store was asked
    [sorry] = [c.args for c in slack_server.fake.of("chat.postMessage")[posts:]]
    assert sorry["channel"] == "U_ANNA" and sorry["text"].startswith("Sorry, je check-in is niet opgeslagen")
    assert await _count(sessions) == 0


async def test_a_week_that_is_not_hers_is_refused_in_the_dm_after_the_answer(slack_server, sessions, load_org):
    view = await _anna_modal(slack_server, sessions, load_org)
    meta = json.loads(view["private_metadata"])
    forged = {**view, "private_metadata": json.dumps({**meta, "slot": "2026-10-07"})}  # a Wednesday
    status, body = await slack_server.submit("U_ANNA", forged, _fields(view, "31", "7"))
    await slack_server.drain()
    assert (status, body) == (200, "")
    said = slack_server.fake.of("chat.postMessage")[-1].args
    assert said["channel"] == "U_ANNA" and "niets opgeslagen" in said["text"]
    assert await _count(sessions) == 0


async def test_many_people_pressing_save_at_once_are_all_answered_and_recorded():
    result = await run_backend("sqlite", people=12, rounds=2)
    assert result["recorded"] == [12, 12] and set(result["statuses"]) == {200}
    assert len(result["times"]) == 24
