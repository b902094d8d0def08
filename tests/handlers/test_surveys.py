"""Answering surveys: what a person sees, what is kept when some answers are wrong, and changing answers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.messages import FreeText, ScaleQuestion
from handlers.survey_catalog import builtin_keys
from tests.survey_orgs import (
    LEAD_CLOSED,
    MOOD_DEV_AMSTERDAM,
    MOOD_LEAD_AMSTERDAM,
    PREMORTEM_AMSTERDAM,
    REFLECTION_AMSTERDAM,
    SURVEY_ORG,
    command,
    reply,
    run_tick,
    survey_to,
    text_of,
)

LATER = timedelta(hours=2)


@pytest.fixture
async def org(load_org):
    await load_org(SURVEY_ORG)


async def mood_check(sessions, messenger, user="U_CARLA"):
    await run_tick(sessions, messenger, MOOD_DEV_AMSTERDAM)
    return survey_to(messenger, user, "survey_mood_dev")


async def test_a_mood_check_asks_each_statement_on_a_1_to_7_agreement_scale_with_an_optional_why(
        sessions, messenger, org):
    form = await mood_check(sessions, messenger)
    scales = [q for q in form.questions if isinstance(q, ScaleQuestion)]
    assert [q.id for q in scales] == list(builtin_keys("mood_development"))
    assert {(q.low, q.high, q.low_label, q.high_label) for q in scales} == {(1, 7, "strongly disagree",
                                                                              "strongly agree")}
    assert [q.id for q in form.questions if isinstance(q, FreeText)] == [f"{q.id}:why" for q in scales]
    assert "I see an attractive career path for myself here." in text_of(form)
    assert form.context == {"kind": "survey", "period": "1", "slot": "mood_development:2026-10-12"}


async def test_every_survey_says_who_will_see_the_answers(sessions, messenger, org):
    await run_tick(sessions, messenger, PREMORTEM_AMSTERDAM)
    await run_tick(sessions, messenger, MOOD_DEV_AMSTERDAM)
    await run_tick(sessions, messenger, MOOD_LEAD_AMSTERDAM)
    await run_tick(sessions, messenger, REFLECTION_AMSTERDAM)
    notices = {kind: text_of(survey_to(messenger, "U_CARLA", kind)) for kind in
               ("survey_premortem", "survey_mood_dev", "survey_mood_lead", "survey_reflection")}
    assert "Who sees this: you and your manager, Bram Bakker. Nobody else." in notices["survey_mood_dev"]
    assert "Bram Bakker never sees your name or your own answers" in notices["survey_mood_lead"]
    assert "at least 3 of the people who report to Bram Bakker answered" in notices["survey_mood_lead"]
    assert "without names in shuffled order" in notices["survey_mood_lead"]
    assert "the people working on this objective, your team and your manager" in notices["survey_premortem"]
    assert "not a grade" in notices["survey_reflection"]
    anna = text_of(survey_to(messenger, "U_ANNA", "survey_mood_lead"))
    assert "Bram Bakker ziet nooit je naam of je eigen antwoorden" in anna


async def test_an_out_of_range_score_and_an_over_long_why_are_refused_and_the_rest_is_saved(sessions, messenger, org):
    form = await mood_check(sessions, messenger)
    fields = {"speed": "8", "feedback": "5", "feedback:why": "Weekly 1:1s help", "career": "6",
              "career:why": "x" * 3001, "strengths": "seven"}
    answer = await reply(sessions, "U_CARLA", form.context, fields, MOOD_DEV_AMSTERDAM + LATER)
    assert answer.errors == {
        "speed": "Answer with a whole number from 1 to 7.",
        "career:why": "Keep this under 3000 characters (it has 3001).",
        "strengths": "Answer with a whole number from 1 to 7.",
    }
    assert "I saved what was valid" in text_of(answer)
    assert answer.values["career:why"] == "x" * 3001, "what was typed comes back to be fixed"
    reopened = await command(sessions, "U_CARLA", "survey", MOOD_DEV_AMSTERDAM + LATER)
    assert reopened.values == {"feedback": "5", "feedback:why": "Weekly 1:1s help", "career": "6"}


async def test_nothing_valid_saves_nothing_and_says_so(sessions, messenger, org):
    form = await mood_check(sessions, messenger)
    answer = await reply(sessions, "U_CARLA", form.context, {"speed": "0"}, MOOD_DEV_AMSTERDAM + LATER)
    assert answer.errors == {"speed": "Answer with a whole number from 1 to 7."}
    assert "nothing was saved" in text_of(answer)
    empty = await reply(sessions, "U_CARLA", form.context, {"speed": " "}, MOOD_DEV_AMSTERDAM + LATER)
    assert "You didn't answer anything yet" in text_of(empty)
    assert (await command(sessions, "U_CARLA", "survey", MOOD_DEV_AMSTERDAM + LATER)).values == {}


async def test_a_person_can_change_an_answer_while_the_survey_is_open(sessions, messenger, org):
    form = await mood_check(sessions, messenger)
    await reply(sessions, "U_CARLA", form.context, {"speed": "3", "speed:why": "Reviews take a week"},
                MOOD_DEV_AMSTERDAM + LATER)
    changed = await reply(sessions, "U_CARLA", form.context, {"speed": "6"}, MOOD_DEV_AMSTERDAM + timedelta(days=3))
    assert not changed.errors
    assert "My work moves fast, even when it needs feedback from others.: 6" in text_of(changed)
    assert "Reviews take a week" in text_of(changed), "the why given before stays"
    assert "You can change your answers until Sun 25 Oct" in text_of(changed)


async def test_a_closed_survey_takes_no_more_answers_and_keeps_the_old_ones(sessions, messenger, org):
    form = await mood_check(sessions, messenger)
    await reply(sessions, "U_CARLA", form.context, {"speed": "3"}, MOOD_DEV_AMSTERDAM + LATER)
    closed = MOOD_DEV_AMSTERDAM + timedelta(days=14, hours=3)  # noon UTC after Sunday 25 Oct: past it everywhere
    too_late = await reply(sessions, "U_CARLA", form.context, {"speed": "7"}, closed)
    assert text_of(too_late) == "This survey closed on Sun 25 Oct; your answers stay as they were."
    results = await command(sessions, "U_CARLA", "results", closed)
    assert "My work moves fast, even when it needs feedback from others.: 3/7" in text_of(results)


async def test_nobody_answers_a_survey_that_was_not_sent_to_them_or_a_forged_one(sessions, messenger, org):
    form = await mood_check(sessions, messenger)
    maya = await reply(sessions, "U_MAYA", form.context, {"speed": "7"}, MOOD_DEV_AMSTERDAM + LATER)
    assert text_of(maya) == "That survey wasn't sent to you, so you can't answer it."
    for forged in ({"kind": "survey", "period": "1", "slot": "mood_leadership:2026-10-13"},
                   {"kind": "survey", "period": "99", "slot": "mood_development:2026-10-12"},
                   {"kind": "survey", "period": "1", "slot": "premortem:2026-10-12"},
                   {"kind": "survey", "period": "1", "slot": "payroll:o1"},
                   {"kind": "survey", "period": "99999999999", "slot": "premortem:o1"}):
        answer = await reply(sessions, "U_CARLA", forged, {"speed": "7"}, MOOD_DEV_AMSTERDAM + LATER)
        assert text_of(answer) == "I can't find that survey. Type \"survey\" to see the ones open for you."
    not_owner = await reply(sessions, "U_DAAN", {"kind": "survey", "period": "1", "slot": "premortem:o1"},
                            {"failure": "x"}, MOOD_DEV_AMSTERDAM)
    assert text_of(not_owner) == "Die vragenlijst is niet naar jou gestuurd, dus je kunt hem niet invullen."


async def test_survey_lists_the_open_surveys_and_opens_one_by_number(sessions, messenger, org):
    await run_tick(sessions, messenger, MOOD_LEAD_AMSTERDAM)
    now = MOOD_LEAD_AMSTERDAM + LATER
    only = await command(sessions, "U_CARLA", "survey", now)
    assert only.kind == "survey_mood_lead"
    await command(sessions, "U_CARLA", "premortem", now)
    premortem = await command(sessions, "U_CARLA", "premortem", now)
    await reply(sessions, "U_CARLA", premortem.context, {"minimum": "The knowledge base is live"}, now)
    listing = await command(sessions, "U_CARLA", "survey", now)
    assert text_of(listing).splitlines() == [
        'Your open surveys (type "survey NUMBER" to open one):',
        "1. Mood check: leadership, open until Sun 22 Nov",
        "2. Pre-mortem — Onze klanten zijn fan van onze dienstverlening, open until Thu 31 Dec",
    ]
    assert (await command(sessions, "U_CARLA", "survey 2", now)).values == {"minimum": "The knowledge base is live"}
    assert "There is no survey 3" in text_of(await command(sessions, "U_CARLA", "survey 3", now))
    assert text_of(await command(sessions, "U_CARLA", "survey", LEAD_CLOSED + timedelta(days=40))) == \
        "You have no open surveys right now."


async def test_the_reflection_asks_how_close_on_1_to_10_and_refuses_eleven(sessions, messenger, org):
    await run_tick(sessions, messenger, REFLECTION_AMSTERDAM)
    form = survey_to(messenger, "U_ANNA", "survey_reflection")
    [closeness] = [q for q in form.questions if isinstance(q, ScaleQuestion)]
    assert (closeness.id, closeness.low, closeness.high) == ("closeness", 1, 10)
    answer = await reply(sessions, "U_ANNA", form.context,
                         {"achieved": "NPS 41", "learned": "Snelle antwoorden tellen", "closeness": "11"},
                         REFLECTION_AMSTERDAM + LATER)
    assert answer.errors == {"closeness": "Antwoord met een heel getal van 1 tot 10."}
    fixed = await reply(sessions, "U_ANNA", form.context, {"closeness": "8", "one_up": "Eerder beginnen"},
                        REFLECTION_AMSTERDAM + LATER)
    assert not fixed.errors
    assert "Wat hebben we bereikt?: NPS 41" in text_of(fixed) and "Hoe dichtbij ben je gekomen? (1-10): 8" in \
        text_of(fixed)


async def test_a_leadership_check_needs_a_lead(sessions, messenger, org):
    await run_tick(sessions, messenger, MOOD_LEAD_AMSTERDAM)
    form = survey_to(messenger, "U_DAAN", "survey_mood_lead")
    bram = await reply(sessions, "U_BRAM", form.context, {"satisfied": "7"}, MOOD_LEAD_AMSTERDAM + LATER)
    assert "niet naar jou gestuurd" in text_of(bram)
