"""The coach in a planning round: it helps on a draft (``coach d2``) or a new idea for the next period, with the
ending period's learnings and carry-overs as context and without anyone's name, offline and with a model."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.ai import ai_client
from handlers.commands import handle_command
from models import Objective, Person, SurveyAnswer, SurveyRound
from models.db import transaction
from models.people_queries import person_by_platform_id
from tests.model_server import serving_model
from tests.planning_chat import at, org_objective, say, words

ORG = """
periods:
  - {name: 2026-Q4, start: 2026-10-01, end: 2026-12-31}
  - {name: 2027-Q1, start: 2027-01-01, end: 2027-03-31}
people:
  - {id: U_CEO, name: Cleo Boss, tz: Europe/Amsterdam}
  - {id: U_DAN, name: Dan Dev, tz: America/New_York, manager: U_CEO}
okrs:
""" + org_objective("2026-Q4")
LEARNED = "Churn follows onboarding, as Dan Dev showed"
NAMES = ("Cleo", "Boss", "Dan", "Dev")
PLANNING = at("2026-12-21", 10)
GOOD = {"objective": "Margins that fund our growth",
        "key_results": [{"title": "Gross margin", "kind": "increase", "unit": "%", "baseline": None, "target": 40},
                        {"title": "Cost per signup", "kind": "decrease", "unit": "EUR", "baseline": None,
                         "target": 15}]}


@pytest.fixture
async def round_drafted(sessions, load_org):
    """Two weeks before the end: the reflection answered, the objective carried over, a new one drafted."""
    await load_org(ORG)
    async with transaction(sessions) as session:
        [objective] = (await session.execute(select(Objective))).scalars()
        ceo = (await session.execute(select(Person).where(Person.platform_user_id == "U_CEO"))).scalar_one()
        reflection = SurveyRound(survey="reflection", period_id=objective.period_id, key=f"o{objective.id}",
                                 objective_id=objective.id, closes_at=at("2027-01-08", 17))
        session.add(reflection)
        await session.flush()
        for question, text in (("learned", LEARNED), ("differently", "Ask Cleo less, measure churn weekly")):
            session.add(SurveyAnswer(round_id=reflection.id, person_id=ceo.id, question=question, text=text,
                                     answered_at=at("2026-12-14", 10)))
    await say(sessions, "U_CEO", "plan carry 1", PLANNING)
    await say(sessions, "U_CEO", "plan draft org Profitable growth", PLANNING)


async def coach(sessions, text: str, now, ai=None):
    async with transaction(sessions) as session:
        person = await person_by_platform_id(session, platform_user_id="U_CEO")
        return await handle_command(session, person=person, text=f"coach {text}", now=now, ai=ai)


async def test_the_coach_helps_on_a_draft_with_the_learnings_and_carry_overs_offline(sessions, round_drafted):
    helped = await coach(sessions, "d2", PLANNING)
    shown = words(helped)
    assert helped.kind == "coach_draft" and not helped.questions, "shown, not saved: the round agrees drafts"
    assert "For 2027-Q1, with what the round knows (no names):" in shown
    assert "What we learned: “Churn follows onboarding, as … showed”" in shown
    assert "What we'd do differently: “Ask … less, measure churn weekly”" in shown
    assert "Carried over: “Customers love our product”" in shown
    assert "To add a key result to the draft: propose d2 TITLE FROM -> TO UNIT" in shown
    assert not any(name in shown for name in NAMES)

    await say(sessions, "U_CEO", "lang nl", PLANNING)
    idea = words(await coach(sessions, "onze klanten wachten te lang op antwoord", PLANNING))
    assert "Voor 2027-Q1, met wat de ronde weet (zonder namen):" in idea
    assert "Wat we leerden: „Churn follows onboarding, as … showed”" in idea
    assert "Meegenomen: „Customers love our product”" in idea
    assert "Om het te plannen: plannen nieuw TITEL" in idea


async def test_the_model_gets_the_learnings_and_carry_overs_and_no_names(sessions, round_drafted):
    async with serving_model() as model:
        model.answer(GOOD)
        helped = words(await coach(sessions, "d2", PLANNING, ai=ai_client(model.settings())))
    assert "Objective: Margins that fund our growth" in helped
    assert "Carried over: “Customers love our product”" in helped
    data = model.user_data()
    assert data["text"] == "Profitable growth" and data["period"] == "2027-Q1"
    assert {"question": "learned", "text": "Churn follows onboarding, as … showed"} in data["planning"]["learnings"]
    assert data["planning"]["carried_over"] == [{"objective": "Customers love our product",
                                                 "key_results": ["NPS", "Churn"]}]
    assert data["planning"]["proposed_so_far"] == []
    sent = json.dumps(model.requests[0], ensure_ascii=False)
    assert not any(name in sent for name in NAMES)
    assert "carried_over" in model.system_prompt()


async def test_outside_the_planning_phase_the_coach_drafts_to_save_as_before(sessions, round_drafted):
    usual = await coach(sessions, "our customers wait too long", at("2026-11-10", 10))
    assert usual.questions, "the new-OKR form, to save in the running period"
    assert "with what the round knows" not in words(usual)
    assert "coach d1" in words(await coach(sessions, "d7", PLANNING)), "no such draft: which one"
