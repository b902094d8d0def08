"""The pre-mortem: on demand or in the period's first week; the risks it names come back in later check-ins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.messages import SelectQuestion
from handlers.survey_risks import split_risks
from models.risk_store import risks
from tests.survey_orgs import PREMORTEM_AMSTERDAM, PREMORTEM_NEW_YORK, SURVEY_ORG, command, reply, run_tick, text_of

FIRST_CHECKIN = datetime(2026, 10, 5, 7, tzinfo=UTC)  # Monday 09:00 in Amsterdam
FEARS = "- Te weinig mensen in december\n- De enquêtetool valt uit"


@pytest.fixture
async def org(load_org):
    await load_org(SURVEY_ORG)


async def premortem(sessions, messenger, fears: str = FEARS):
    await run_tick(sessions, messenger, PREMORTEM_AMSTERDAM)
    [form] = [m for m in messenger.to("U_ANNA") if m.kind == "survey_premortem"]
    return await reply(sessions, "U_ANNA", form.context,
                       {"failure": fears, "minimum": "NPS 35", "story": "We vierden het", "gain": "Rust"},
                       PREMORTEM_AMSTERDAM + timedelta(hours=1))


def risk_questions(message) -> list[SelectQuestion]:
    return [q for q in message.questions if q.id.startswith("risk:")]


def test_what_happened_is_split_into_risks_one_per_line_or_semicolon():
    assert split_risks(FEARS) == ["Te weinig mensen in december", "De enquêtetool valt uit"]
    assert split_risks("late hires; a vendor outage;") == ["late hires", "a vendor outage"]
    assert split_risks("1. Budget cut\n2) Key person leaves\n\n") == ["Budget cut", "Key person leaves"]
    assert split_risks("One long worry, kept whole.") == ["One long worry, kept whole."]


async def test_the_pre_mortem_asks_four_questions_about_the_objective(sessions, messenger, org):
    await run_tick(sessions, messenger, PREMORTEM_AMSTERDAM)
    [form] = [m for m in messenger.to("U_ANNA") if m.kind == "survey_premortem"]
    assert form.blocks[0].text == 'Hoi Anna, 2026-Q4 begint vandaag. Voordat het werk je opslokt: een pre-mortem ' \
                                  'over „Onze klanten zijn fan van onze dienstverlening”.'
    assert [q.id for q in form.questions] == ["failure", "minimum", "story", "gain"]
    recorded = await premortem(sessions, messenger)
    assert "Risico's waar ik in je check-ins naar vraag: 2." in text_of(recorded)


async def test_the_feared_risks_come_back_in_the_next_check_in_as_yes_no_questions(sessions, messenger, org):
    await premortem(sessions, messenger)
    await run_tick(sessions, messenger, FIRST_CHECKIN)
    [checkin] = [m for m in messenger.to("U_ANNA") if m.kind == "checkin"]
    questions = risk_questions(checkin)
    assert [q.prompt for q in questions] == [
        'In de pre-mortem vreesde je: „Te weinig mensen in december”. Is dat nog steeds een risico?',
        'In de pre-mortem vreesde je: „De enquêtetool valt uit”. Is dat nog steeds een risico?',
    ]
    assert [o.id for o in questions[0].options] == ["yes", "no"]
    assert checkin.blocks[-1].id == "actions", "the risks come before the snooze and skip buttons"
    assert all(not q.id.startswith("risk:") for q in
               [q for m in messenger.to("U_CARLA") if m.kind == "checkin" for q in m.questions])


async def test_answering_no_closes_a_risk_and_yes_keeps_asking(sessions, messenger, org):
    await premortem(sessions, messenger)
    await run_tick(sessions, messenger, FIRST_CHECKIN)
    [checkin] = [m for m in messenger.to("U_ANNA") if m.kind == "checkin"]
    first, second = (q.id for q in risk_questions(checkin))
    recorded = await reply(sessions, "U_ANNA", checkin.context,
                           {"kr:1:confidence": "7", first: "no", second: "yes"}, FIRST_CHECKIN + timedelta(hours=1))
    assert "Risico's uit de pre-mortem: 1 nog steeds een risico, 1 niet meer." in text_of(recorded)
    await run_tick(sessions, messenger, FIRST_CHECKIN + timedelta(weeks=1))
    next_week = [m for m in messenger.to("U_ANNA") if m.kind == "checkin"][-1]
    assert [q.id for q in risk_questions(next_week)] == [second]
    async with sessions() as session:
        still = await risks(session, period_id=1)
        everything = await risks(session, period_id=1, only_open=False)
    assert [(r.person_name, r.objective_title, r.text, r.last_answer) for r in still] == [
        ("Anna de Vries", "Onze klanten zijn fan van onze dienstverlening", "De enquêtetool valt uit", "yes")]
    assert {(r.text, r.status) for r in everything} == {("Te weinig mensen in december", "gone"),
                                                        ("De enquêtetool valt uit", "open")}


async def test_a_check_in_with_a_mistake_comes_back_with_the_risks_and_records_nothing(sessions, messenger, org):
    await premortem(sessions, messenger)
    await run_tick(sessions, messenger, FIRST_CHECKIN)
    [checkin] = [m for m in messenger.to("U_ANNA") if m.kind == "checkin"]
    first = risk_questions(checkin)[0].id
    again = await reply(sessions, "U_ANNA", checkin.context, {"kr:1:confidence": "11", first: "no"}, FIRST_CHECKIN)
    assert "kr:1:confidence" in again.errors
    assert again.values[first] == "no" and first in [q.id for q in risk_questions(again)]
    async with sessions() as session:
        assert len(await risks(session, period_id=1)) == 2, "nothing recorded"


async def test_checkin_typed_by_the_person_also_asks_about_the_risks(sessions, messenger, org):
    await premortem(sessions, messenger)
    opened = await command(sessions, "U_ANNA", "checkin", FIRST_CHECKIN)
    assert len(risk_questions(opened)) == 2


async def test_changing_the_pre_mortem_keeps_what_was_said_about_an_unchanged_risk(sessions, messenger, org):
    await premortem(sessions, messenger)
    await run_tick(sessions, messenger, FIRST_CHECKIN)
    [checkin] = [m for m in messenger.to("U_ANNA") if m.kind == "checkin"]
    first = risk_questions(checkin)[0].id
    await reply(sessions, "U_ANNA", checkin.context, {"kr:1:confidence": "7", first: "no"}, FIRST_CHECKIN)
    form = await command(sessions, "U_ANNA", "premortem", FIRST_CHECKIN + timedelta(days=1))
    assert form.values["failure"] == FEARS
    await reply(sessions, "U_ANNA", form.context, {"failure": FEARS + "\n- Budget gaat naar iets anders"},
                FIRST_CHECKIN + timedelta(days=1))
    async with sessions() as session:
        found = {r.text: r.status for r in await risks(session, period_id=1, only_open=False)}
    assert found == {"Te weinig mensen in december": "gone", "De enquêtetool valt uit": "open",
                     "Budget gaat naar iets anders": "open"}


async def test_a_pre_mortem_on_demand_is_not_asked_again_by_the_schedule(sessions, messenger, org):
    early = PREMORTEM_NEW_YORK - timedelta(hours=2)  # 09:00 in New York, before the scheduled 11:00
    form = await command(sessions, "U_LEO", "premortem", early)
    assert form.kind == "survey_premortem"
    await reply(sessions, "U_LEO", form.context, {"failure": "Data team busy"}, early)
    await run_tick(sessions, messenger, PREMORTEM_NEW_YORK)
    assert [m.kind for m in messenger.to("U_LEO")] == []
    assert [m.kind for m in messenger.to("U_PRIYA")] == ["survey_premortem"]


async def test_premortem_without_an_objective_of_your_own_says_so(sessions, org):
    assert text_of(await command(sessions, "U_MAYA", "premortem", PREMORTEM_NEW_YORK)) == \
        "You own no objectives in 2026-Q4, so there is nothing for a pre-mortem."


async def test_premortem_mid_quarter_speaks_of_the_running_quarter(sessions, org):
    fourth_of_december = datetime(2026, 12, 4, 9, tzinfo=UTC)
    anna = text_of(await command(sessions, "U_ANNA", "premortem", fourth_of_december))
    assert anna.startswith('Hoi Anna, we zijn 2 maanden onderweg in 2026-Q4, nog 27 dagen te gaan. Een pre-mortem '
                           'over „Onze klanten zijn fan van onze dienstverlening”: wat kan het nog tegenhouden?')
    assert "begint" not in anna and "drie maanden" not in anna
    assert "aan het eind van de periode je team over je succes vertelt" in anna
    leo = text_of(await command(sessions, "U_LEO", "premortem", fourth_of_december))
    assert leo.startswith("Hi Leo, we're 2 months into 2026-Q4, with 27 days to go.")
    assert "is starting" not in leo and "three months" not in leo

