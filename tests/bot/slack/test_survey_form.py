"""A survey in Slack: the DM's button opens it as a modal; a refused answer comes back, the valid ones are kept."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select

from handlers.survey_catalog import mood_ref
from models.db import transaction
from models.deliveries import Claim, claim, mark_sent
from models.surveys import SurveyAnswer
from tests.bot.slack.conftest import NOW, selected, text_input
from tests.orgs import SMALL_ORG

REF = mood_ref("mood_development", 1, date(2026, 10, 5))
CONTEXT = REF.context
BEN = 4


async def _sent_to_ben(sessions) -> None:
    """The tick sent Ben this mood check (only people it was sent to may answer it)."""
    async with transaction(sessions) as session:
        won = await claim(session, claims=[Claim(REF.delivery_kind, BEN, 1, REF.key)], now=NOW,
                          lease=timedelta(minutes=5))
        await mark_sent(session, ids=[w.id for w in won], now=NOW)


async def _open(slack_server) -> dict:
    status, _ = await slack_server.click("U_BEN", "open_form:survey_mood_dev", json.dumps(CONTEXT))
    assert status == 200
    await slack_server.drain()
    return slack_server.fake.of("views.open")[-1].args["view"]


async def test_the_survey_opens_as_a_modal_with_the_agreement_scale(slack_server, sessions, load_org):
    await load_org(SMALL_ORG)
    await _sent_to_ben(sessions)
    view = await _open(slack_server)
    assert view["callback_id"] == "form"
    first = next(b for b in view["blocks"] if b["type"] == "input")
    assert [o["value"] for o in first["element"]["options"]] == [str(n) for n in range(1, 8)]


async def test_a_refused_answer_comes_back_and_the_valid_ones_are_kept(slack_server, sessions, load_org):
    await load_org(SMALL_ORG)
    await _sent_to_ben(sessions)
    view = await _open(slack_server)
    inputs = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    score, why, second_score = inputs[0], inputs[1], inputs[2]
    status, answer = await slack_server.submit("U_BEN", view, {
        score: selected("6"), why: text_input("x" * 3001), second_score: selected("5"),
    })
    assert status == 200
    assert answer["response_action"] == "errors" and why in answer["errors"]
    async with sessions() as session:
        kept = {(a.question, a.score) for a in (await session.execute(select(SurveyAnswer))).scalars()}
    assert {(score, 6), (second_score, 5)} <= kept
