"""The coach without any AI model: people type ``coach`` and what bothers them, get a draft they can save, and
managers get questions for their next 1:1s. English and Dutch."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.console import ConsoleChat
from bot.messages import FormSubmitted, Text
from handlers.commands import handle_command, handle_reply
from models import Delivery
from models.checkin_store import record_checkins
from models.db import transaction
from models.people_queries import person_by_platform_id
from models.report_queries import key_results_of, objectives_of_period
from tests.orgs import SMALL_ORG

NOW = datetime(2026, 10, 7, 10, tzinfo=UTC)
AFTER_TWO_WEEKS = datetime(2026, 10, 14, 10, tzinfo=UTC)


@pytest.fixture
async def org(load_org):
    await load_org(SMALL_ORG)


async def command(sessions, who: str, text: str, now: datetime = NOW):
    async with transaction(sessions) as session:
        person = await person_by_platform_id(session, platform_user_id=who)
        return await handle_command(session, person=person, text=text, now=now)


async def reply(sessions, who: str, form, fields: dict):
    async with transaction(sessions) as session:
        return await handle_reply(session, reply=FormSubmitted(who, form.context, fields), platform=None, now=NOW)


def texts(message) -> list[str]:
    return [b.text for b in message.blocks if isinstance(b, Text)]


async def objectives_now(sessions) -> list[tuple[str, list[tuple]]]:
    async with sessions() as session:
        objectives = sorted(await objectives_of_period(session, period_id=1), key=lambda o: o.id)
        krs = await key_results_of(session, objective_ids=[o.id for o in objectives])
    return [(o.title, [(k.title, k.kind, k.baseline, k.target, k.unit) for k in krs if k.objective_id == o.id])
            for o in objectives]


# --- a draft from a frustration ------------------------------------------------------------------------------


async def test_a_frustration_becomes_a_prefilled_draft_that_asks_for_what_only_the_person_knows(sessions, org):
    draft = await command(sessions, "U_BEN", "coach our customers wait too long for an answer")
    assert draft.kind == "okr_new" and draft.context == {"kind": "coach_draft", "period": "2026-Q4"}
    shown = texts(draft)
    assert shown[:3] == ["A draft OKR from what you wrote",
                         "A first draft from a template (no AI involved). Make it your own: the measures are "
                         "suggestions.",
                         "Objective: Customers get help when they need it"]
    assert shown[3:5] == ["1. Median time to first reply",
                          "decrease to a target, in hours, for example from 8 to 2"]
    assert ("• Where does “Median time to first reply” stand today, and where should it be at the end of 2026-Q4? "
            "Those are the baseline and target of key result 1.") in shown
    assert [draft.values[f"kr{n}:title"] for n in (1, 2, 3)] == [
        "Median time to first reply", "Median time to resolve a ticket", "Open tickets older than 3 days"]
    assert (draft.values["kr2:kind"], draft.values["kr2:unit"]) == ("decrease", "hours")
    assert "kr1:baseline" not in draft.values, "a baseline the coach can't know is asked, never made up"
    assert draft.values["save"] == "yes"
    ids = [q.id for q in draft.questions]
    assert ids[-1] == "save" and "kr4:title" in ids and "kr5:title" not in ids, "room for one more key result"


async def test_losing_customers_and_hiring_get_drafts_about_just_that(sessions, org):
    losing = await command(sessions, "U_BEN", "coach honestly, way too many of our clients cancel in month one")
    assert losing.values["objective"] == "Customers stay with us because we keep being worth it"
    assert losing.values["kr1:title"] == "Share of new customers still active after 90 days"
    waiting = await command(sessions, "U_BEN", "coach our customers wait too long for an answer")
    assert waiting.values["objective"] != losing.values["objective"], "two problems, two drafts"
    hiring = await command(sessions, "U_ANNA", "coach we moeten dit jaar drie nieuwe developers werven")
    assert hiring.values["objective"] == "Goede mensen komen bij ons werken op het moment dat we ze nodig hebben"
    assert [hiring.values[f"kr{n}:title"] for n in (1, 2, 3)] == [
        "Ingevulde functies in het team", "Mediaan aantal dagen van vacature tot getekend aanbod",
        "Deel van de aanbiedingen dat wordt geaccepteerd"]


async def test_the_persons_own_words_are_never_linted_only_the_draft_is(sessions, org):
    for who, text in (("U_BEN", "we lose too many customers and nobody knows how much"),
                      ("U_ANNA", "Klantonderzoek uitvoeren"), ("U_ANNA", "te veel klachten, ik word er gek van")):
        shown = texts(await command(sessions, who, f"coach {text}"))
        assert not any(line.startswith(("About ", "Over ")) for line in shown), shown
        assert not any(text in line for line in shown[1:] if not line.startswith("Objective")), \
            "nothing quotes the person's words back as a finding"


async def test_the_coach_never_proposes_an_objective_the_person_already_sees_in_the_period(sessions, org):
    draft = await command(sessions, "U_ANNA", "coach klanten zijn ontevreden en klagen steeds vaker")
    assert draft.values["objective"] == "Klanten raden ons aan bij anderen", \
        "the team already has “Onze klanten zijn fan van onze dienstverlening”"
    assert ("Je hebt deze periode al „Onze klanten zijn fan van onze dienstverlening”, dus die stel ik niet nog "
            "eens voor: dit concept bekijkt het van een andere kant.") in texts(draft)
    numbers = {f"kr{n}:{part}": value for n, pair in ((1, ("78", "88")), (2, ("20", "35")), (3, ("12", "6")))
               for part, value in zip(("baseline", "target"), pair, strict=True)}
    assert (await reply(sessions, "U_ANNA", draft, {**draft.values, **numbers})).kind == "okr_created"
    again = await command(sessions, "U_ANNA", "coach klanten zijn ontevreden en klagen steeds vaker")
    assert again.values["objective"] == "Klanten zijn ontevreden en klagen steeds vaker", "both are taken now"
    assert any("nog in je eigen woorden" in line for line in texts(again))
    assert again.values["kr1:title"] == "Klanttevredenheid na contact", "the key results still fit the topic"


async def test_words_without_a_known_theme_stay_the_objective_with_a_hint_to_rephrase_it(sessions, org):
    draft = await command(sessions, "U_BEN", "coach i want our documentation to be much better!")
    assert draft.values["objective"] == "I want our documentation to be much better"
    assert any("still in your own words" in s for s in texts(draft))
    assert draft.values["kr1:title"] == "The main measure of success"


async def test_saving_the_draft_with_baselines_and_targets_creates_the_okr(sessions, org):
    draft = await command(sessions, "U_ANNA", "coach we leveren steeds te laat op")
    fields = {**draft.values, "kr1:baseline": "40", "kr1:target": "80", "kr2:baseline": "30", "kr2:target": "10",
              "kr3:baseline": "2", "kr3:target": "8"}
    saved = await reply(sessions, "U_ANNA", draft, fields)
    assert saved.kind == "okr_created"
    assert texts(saved)[0] == "„We leveren wat we beloven, wanneer we het beloven” is opgeslagen met 3 key " \
                              "results voor 2026-Q4."
    title, krs = (await objectives_now(sessions))[-1]
    assert title == "We leveren wat we beloven, wanneer we het beloven"
    assert krs == [("Deel van de releases op de geplande datum", "increase", 40.0, 80.0, "%"),
                   ("Mediane doorlooptijd van eerste commit tot productie", "decrease", 30.0, 10.0, "dagen"),
                   ("Uitrols naar productie per week", "increase", 2.0, 8.0, "uitrols")]


async def test_a_draft_saved_without_its_numbers_comes_back_with_the_question_and_saves_nothing(sessions, org):
    before = await objectives_now(sessions)
    draft = await command(sessions, "U_BEN", "coach our customers wait too long for an answer")
    again = await reply(sessions, "U_BEN", draft, draft.values)
    assert again.kind == "okr_new"
    assert again.errors["kr1:target"] == "Give a target."
    assert again.values["objective"] == "Customers get help when they need it", "what was typed is kept"
    assert await objectives_now(sessions) == before


async def test_saying_no_lets_the_draft_go(sessions, org):
    before = await objectives_now(sessions)
    draft = await command(sessions, "U_ANNA", "coach onze klanten wachten te lang")
    answer = await reply(sessions, "U_ANNA", draft, {**draft.values, "kr1:baseline": "20", "save": "no"})
    assert texts(answer) == ["Prima, ik laat het concept gaan; er is niets opgeslagen. Typ gerust nog eens coach "
                             "wanneer je wilt."]
    assert await objectives_now(sessions) == before


async def test_in_the_console_the_person_keeps_the_suggestions_fills_in_the_numbers_and_it_is_saved(sessions, org):
    numbers = {"1: baseline": "20", "1: target": "4", "2: baseline": "8", "2: target": "2", "3: baseline": "30",
               "3: target": "12"}
    asked, shown = [], []

    async def type_answer(prompt: str) -> str:
        asked.append(prompt)
        return next((value for key, value in numbers.items() if f"Key result {key}" in prompt), "")

    chat = ConsoleChat(sessions, "U_BEN", type_answer, shown.append, lambda: NOW)
    await chat.on_line("coach our customers wait too long for an answer")
    assert "  Objective [Customers get help when they need it]: " in asked, "Enter keeps the suggestion"
    assert asked[-1] == "  Save this draft as a new OKR [yes, save it]: "  # the choice's words, not its id
    assert shown[-1].startswith("Saved \"Customers get help when they need it\" with 3 key results for 2026-Q4.")
    _, krs = (await objectives_now(sessions))[-1]
    assert krs[1] == ("Median time to resolve a ticket", "decrease", 8.0, 2.0, "hours")


# --- guidance ------------------------------------------------------------------------------------------------


async def test_a_bare_coach_explains_itself_and_help_mentions_it(sessions, org):
    usage = await command(sessions, "U_BEN", "coach")
    assert texts(usage)[0].startswith("Tell me what bothers you or what you'd like to achieve")
    assert "coach 1:1" in texts(await command(sessions, "U_BEN", "help"))[0]
    assert "coach TEKST" in texts(await command(sessions, "U_ANNA", "help"))[0]


async def test_a_novel_is_refused_kindly(sessions, org):
    answer = await command(sessions, "U_BEN", "coach " + "we are slow " * 200)
    assert texts(answer) == ["That's a lot at once: keep it under 1000 characters (this is 2399). What bothers you "
                             "most?"]


# --- questions for a manager's 1:1s -------------------------------------------------------------------------


async def checkins(sessions, answers_by_slot: dict[str, list[dict]], who: int = 1) -> None:
    async with transaction(sessions) as session:
        for slot, answers in answers_by_slot.items():
            full = [{"value": None, "one_level_up": "", "blockers": "", **a} for a in answers]
            await record_checkins(session, person_id=who, period_id=1, slot=slot, answers=full, now=AFTER_TWO_WEEKS)


async def test_a_manager_gets_questions_from_each_reports_own_check_ins(sessions, org):
    await checkins(sessions, {
        "2026-10-05": [{"key_result_id": 1, "value": 30, "confidence": 7},
                       {"key_result_id": 2, "value": 6, "confidence": 6}],
        "2026-10-12": [{"key_result_id": 1, "value": 31, "confidence": 4},
                       {"key_result_id": 2, "value": 6, "confidence": 6,
                        "blockers": "Wachten op de nieuwe telefooncentrale"}],
    })
    prep = await command(sessions, "U_BRAM", "coach 1:1", AFTER_TWO_WEEKS)
    assert prep.kind == "coach_1on1"
    assert texts(prep)[:2] == ["Vragen voor je volgende 1-op-1's — 2026-Q4",
                               "Op basis van de eigen key results en check-ins van je teamleden. Vraag, luister en "
                               "bepaal samen wat zou helpen; niets hiervan is een beoordeling."]
    anna = texts(prep)[texts(prep).index("Anna de Vries") + 1:texts(prep).index("Carla Jansen")]
    assert anna == [
        "• Je noemde een obstakel bij „Eerste reactie binnen 2 uur”: „Wachten op de nieuwe telefooncentrale”. "
        "Speelt het nog, en wat kan ik doen om het weg te nemen?",
        "• Je vertrouwen in „NPS stijgt van 25 naar 45” ging van 7 naar 4. Wat is er veranderd, en wat zou helpen?",
        "• Wat zou je belangrijkste key result een stap verder brengen?",
    ]
    carla = texts(prep)[texts(prep).index("Carla Jansen") + 1]
    assert carla == "• okrbot heeft nog niet naar „Kennisbank live” gevraagd. Hoe gaat het, en is duidelijk wat als " \
                    "vooruitgang telt?", "no check-in ever reached Carla: nothing of hers is missing"
    assert texts(prep)[-1] == "Begin bij het obstakel van Anna de Vries bij „Eerste reactie binnen 2 uur”. Van " \
                              "alles hier is dat wat op jou wacht.", "the 1:1s end on where to start"
    async with transaction(sessions) as session:
        carla_id = (await person_by_platform_id(session, platform_user_id="U_CARLA")).id
        sent = datetime(2026, 10, 12, 7, tzinfo=UTC)
        session.add(Delivery(kind="checkin", person_id=carla_id, period_id=1, slot="2026-10-12", status="sent",
                             claimed_at=sent, lease_until=sent, sent_at=sent))
    prep = await command(sessions, "U_BRAM", "coach 1:1", AFTER_TWO_WEEKS)
    carla = texts(prep)[texts(prep).index("Carla Jansen") + 1]
    assert carla == "• Er zijn nog geen check-ins op „Kennisbank live”. Hoe gaat het, en is duidelijk wat als " \
                    "vooruitgang telt?"


async def test_a_bare_coach_from_a_manager_prepares_the_1on1s_and_someone_without_reports_hears_why_not(
        sessions, org):
    before_any_checkin = await command(sessions, "U_BRAM", "coach")
    assert before_any_checkin.kind == "coach_1on1"
    assert texts(before_any_checkin)[-1] == "Begin bij „NPS stijgt van 25 naar 45” van Anna de Vries. okrbot heeft " \
                                            "er nog niet naar gevraagd, dus deze 1-op-1 is de eerste check-in."
    alone = await command(sessions, "U_BEN", "coach 1:1")
    assert texts(alone) == ["Nobody in okrbot has you as their manager, so there's no 1:1 to prepare. For a draft "
                            "OKR, type coach followed by what bothers you."]
