"""A person adds an OKR in chat: clear field errors, friendly linter feedback, never blocked by it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handlers.okr_authoring import open_new_okr, submit_new_okr
from models.db import transaction
from models.people_queries import person_by_platform_id
from models.report_queries import key_results_of, objectives_of_period
from tests.orgs import SMALL_ORG

NOW = datetime(2026, 10, 7, 10, tzinfo=UTC)
GOOD = {
    "objective": "Nieuwe klanten voelen zich welkom", "level": "person", "type": "aspirational",
    "kr1:title": "Onboarding-NPS van 30 naar 50", "kr1:kind": "increase", "kr1:baseline": "30", "kr1:target": "50",
    "kr1:unit": "NPS",
    "kr2:title": "Klantonderzoek uitvoeren", "kr2:kind": "milestone",
}


@pytest.fixture
async def org(load_org):
    await load_org(SMALL_ORG)


async def submit(sessions, fields: dict, who: str = "U_ANNA"):
    async with transaction(sessions) as session:
        person = await person_by_platform_id(session, platform_user_id=who)
        form = await open_new_okr(session, person=person, now=NOW)
        return form, await submit_new_okr(session, person=person, context=form.context, fields=fields)


async def stored(sessions):
    async with sessions() as session:
        objectives = sorted(await objectives_of_period(session, period_id=1), key=lambda o: o.id)
        krs = await key_results_of(session, objective_ids=[o.id for o in objectives])
    return objectives, krs


async def test_the_form_offers_the_periods_objectives_to_align_to(sessions, org):
    form, _ = await submit(sessions, GOOD)
    parent = next(q for q in form.questions if q.id == "parent")
    assert [o.label for o in parent.options] == ["Onze klanten zijn fan van onze dienstverlening",
                                                  "Customers choose us again"]
    assert form.locale == "nl"


async def test_a_valid_okr_is_saved_and_an_activity_gets_friendly_feedback(sessions, org):
    _, answer = await submit(sessions, {**GOOD, "parent": "1"})
    assert answer.kind == "okr_created"
    texts = [b.text for b in answer.blocks]
    assert texts[0] == "„Nieuwe klanten voelen zich welkom” is opgeslagen met 2 key results voor 2026-Q4."
    assert any("Klantonderzoek uitvoeren" in text for text in texts[2:]), "the activity is pointed out"
    objectives, krs = await stored(sessions)
    mine = objectives[-1]
    assert (mine.title, mine.level, mine.type, mine.parent_id, mine.owner_person_id) == (
        "Nieuwe klanten voelen zich welkom", "person", "aspirational", 1, 1)
    assert [(k.title, k.kind, k.baseline, k.target, k.owner_id) for k in krs if k.objective_id == mine.id] == [
        ("Onboarding-NPS van 30 naar 50", "increase", 30.0, 50.0, 1), ("Klantonderzoek uitvoeren", "milestone", 0.0,
                                                                       1.0, 1)]


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"objective": ""}, "objective", "Vul dit in."),
    ({"level": "galaxy"}, "level", "Kies een van de opties."),
    ({"kr1:target": "twintig"}, "kr1:target", "„twintig” is geen getal."),
    ({"kr1:target": "20"}, "kr1:target", "Bij stijgen moet het doel boven de startwaarde liggen."),
    ({"kr1:baseline": ""}, "kr1:baseline", "Geef een startwaarde: waar je begint."),
    ({"kr1:title": "", "kr1:kind": "", "kr1:baseline": "", "kr1:target": "", "kr1:unit": "", "kr2:title": "",
      "kr2:kind": ""}, "kr1:title", "Geef minstens één key result."),
    ({"objective": "x" * 10_000}, "objective", "Houd dit onder de 500 tekens (het zijn er 10000)."),
    ({"parent": "999"}, "parent", "Kies een van de opties."),
])
async def test_invalid_fields_come_back_with_a_message_and_nothing_is_saved(sessions, org, change, field, message):
    before, _ = await stored(sessions)
    _, answer = await submit(sessions, {**GOOD, **change})
    assert answer.kind == "okr_new"
    assert answer.errors[field] == message
    assert answer.values == {**GOOD, **change}, "what was typed comes back"
    after, _ = await stored(sessions)
    assert len(after) == len(before)


async def test_a_team_objective_belongs_to_the_authors_team(sessions, org):
    _, answer = await submit(sessions, {**GOOD, "level": "team"}, who="U_BEN")
    objectives, _ = await stored(sessions)
    assert answer.kind == "okr_created"
    assert (objectives[-1].owner_team_id, objectives[-1].owner_person_id) == (2, None)


async def test_a_sixth_objective_is_saved_with_a_warning(sessions, org):
    for n in range(5):
        await submit(sessions, {**GOOD, "objective": f"Doel {n}", "kr2:title": "Churn onder 3%",
                                "kr2:kind": "stay_below", "kr2:target": "3"})
    _, answer = await submit(sessions, {**GOOD, "objective": "Nog een doel"})
    assert answer.kind == "okr_created"
    assert any("is objective nummer 6 voor Anna de Vries in 2026-Q4" in b.text for b in answer.blocks[2:])
