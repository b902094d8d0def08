"""Anna checks in with an Adaptive Card: per key result a value, a confidence 1-10 and two texts; the card turns
into what was recorded, or comes back with the messages and what she typed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from models import CheckIn, Objective, SlotStatus, SurveyAnswer
from tests.absences import last_days
from tests.bot.teams import wire

CHAT = wire.CHAT[wire.ANNA]


@pytest.fixture
async def org(load_org):
    await load_org(wire.org_yaml())


def elements(card: dict) -> list[dict]:
    """Every element and action of a card, nested ones too (containers, shown cards)."""
    found = []
    for item in [*card.get("body", []), *card.get("actions", [])]:
        found.append(item)
        found += elements({"body": item.get("items", [])})
        if "card" in item:
            found += elements(item["card"])
    return found


def inputs(card: dict) -> dict[str, dict]:
    return {e["id"]: e for e in elements(card) if e["type"].startswith("Input.")}


def action(card: dict, title: str) -> dict:
    return next(e for e in elements(card) if e["type"].startswith("Action.") and e["title"] == title)


def submitted(card: dict, title: str, typed: dict[str, str]) -> dict:
    """What Teams sends for an Action.Submit: the action's data with the inputs merged in."""
    return {**action(card, title)["data"], **typed}


def kr_ids(card: dict) -> list[str]:
    return list(dict.fromkeys(key.split(":")[1] for key in inputs(card) if key.startswith("kr:")))


def texts(card: dict) -> str:
    return " ".join(str(e.get("text", "")) for e in elements(card))


async def open_checkin(teams, connector) -> tuple[dict, str]:
    await teams.send(wire.message, wire.ANNA, "checkin")
    return connector.cards(CHAT)[-1], connector.last_id(CHAT)


async def checkins(sessions) -> int:
    async with sessions() as session:
        return (await session.execute(select(func.count(CheckIn.id)))).scalar_one()


async def test_the_checkin_card_asks_value_confidence_and_two_texts_per_key_result(teams, connector, org):
    card, _ = await open_checkin(teams, connector)

    assert card["version"] == "1.5"
    nps, kb = kr_ids(card)
    fields = inputs(card)
    assert fields[f"kr:{nps}:value"]["type"] == "Input.Number"
    assert fields[f"kr:{kb}:value"]["type"] == "Input.ChoiceSet"  # a milestone: done or not yet
    confidence = fields[f"kr:{nps}:confidence"]
    assert confidence["type"] == "Input.ChoiceSet"
    assert [c["value"] for c in confidence["choices"]] == [str(n) for n in range(1, 11)]
    assert fields[f"kr:{nps}:up"]["label"] == "Wat zou je vertrouwen een punt hoger maken?"
    assert fields[f"kr:{nps}:blockers"]["type"] == "Input.Text"
    assert fields["away_until"]["type"] == "Input.Date"
    send = action(card, "Versturen")
    assert send["data"]["okrbot"]["context"] == {"kind": "checkin", "slot": "2026-10-05", "period": "1"}
    assert action(card, "Over 2 uur")["associatedInputs"] == "none"


async def test_submitting_records_the_answers_and_replaces_the_card(teams, connector, sessions, org):
    card, card_id = await open_checkin(teams, connector)
    nps, kb = kr_ids(card)
    typed = {f"kr:{nps}:value": "31", f"kr:{nps}:confidence": "7", f"kr:{nps}:up": "Twee extra collega's",
             f"kr:{nps}:blockers": "", f"kr:{kb}:value": "yes", f"kr:{kb}:confidence": "9"}

    await teams.send(wire.card_submit, wire.ANNA, submitted(card, "Versturen", typed), card_id)

    assert await checkins(sessions) == 2
    [update] = connector.delivered(CHAT, method="PUT")
    assert update["id"] == card_id and update["type"] == "message"
    [recorded] = connector.cards(CHAT, method="PUT")
    assert "NPS stijgt van 25 naar 45: 31 NPS, vertrouwen 7/10" in texts(recorded)
    assert not inputs(recorded) and "actions" not in recorded  # nothing left to press


async def test_invalid_answers_come_back_with_messages_and_what_was_typed(teams, connector, sessions, org):
    card, card_id = await open_checkin(teams, connector)
    nps, kb = kr_ids(card)
    typed = {f"kr:{nps}:value": "abc", f"kr:{nps}:confidence": "11", f"kr:{nps}:up": "Meer mensen",
             f"kr:{kb}:value": "yes", f"kr:{kb}:confidence": "8"}

    await teams.send(wire.card_submit, wire.ANNA, submitted(card, "Versturen", typed), card_id)

    assert await checkins(sessions) == 0  # nothing half-saved, not even the valid milestone answer
    [again] = connector.cards(CHAT, method="PUT")
    fields = inputs(again)
    assert fields[f"kr:{nps}:value"]["value"] == "abc"  # not a number, so shown in a text field, as typed
    assert fields[f"kr:{nps}:confidence"]["value"] == "11"
    assert fields[f"kr:{nps}:up"]["value"] == "Meer mensen"
    assert fields[f"kr:{kb}:value"]["value"] == "yes"
    shown = texts(again)
    assert '„abc” is geen getal' in shown
    assert "Vertrouwen is een heel getal van 1 tot en met 10. Je vulde in: 11" in shown
    assert "Versturen" in [a.get("title") for a in again["actions"]]  # she can correct and send again


async def test_a_submit_delivered_twice_is_recorded_once(teams, connector, sessions, org):
    card, card_id = await open_checkin(teams, connector)
    nps, _ = kr_ids(card)
    activity = wire.card_submit(teams.service_url, wire.ANNA,
                                submitted(card, "Versturen", {f"kr:{nps}:value": "30", f"kr:{nps}:confidence": "6"}),
                                card_id)
    assert await teams.post(activity) in (200, 201)
    assert await teams.post(activity) in (200, 201)

    assert await checkins(sessions) == 1
    assert len(connector.delivered(CHAT, method="PUT")) == 1


async def test_snooze_and_skip_are_card_buttons(teams, connector, sessions, org):
    card, card_id = await open_checkin(teams, connector)
    await teams.send(wire.card_submit, wire.ANNA, submitted(card, "Over 2 uur", {}), card_id)
    [snoozed] = connector.cards(CHAT, method="PUT")
    assert "Uitgesteld" in texts(snoozed) and "actions" not in snoozed

    card, card_id = await open_checkin(teams, connector)
    await teams.send(wire.card_submit, wire.ANNA, submitted(card, "Deze week overslaan", {}), card_id)

    async with sessions() as session:
        [status] = (await session.execute(select(SlotStatus))).scalars()
    assert status.skipped and status.slot == "2026-10-05"


async def test_away_picks_a_date_on_the_card(teams, connector, sessions, org):
    card, card_id = await open_checkin(teams, connector)
    await teams.send(wire.card_submit, wire.ANNA,
                     submitted(card, "Pauzeer mijn check-ins", {"away_until": "2026-10-30"}), card_id)

    assert await last_days(sessions, wire.ANNA) == [(date(2026, 10, 30), "typed")]
    answer = connector.delivered(CHAT)[-1]
    assert "afwezig tot en met 30 oktober" in answer["text"]
    assert connector.delivered(CHAT, method="PUT") == []  # the check-in stays, to answer before leaving


async def test_a_new_okr_is_written_on_a_form_card_with_the_same_validation(teams, connector, sessions, org):
    await teams.send(wire.message, wire.ANNA, "new")
    [form] = connector.cards(CHAT)
    form_id = connector.last_id(CHAT)
    assert inputs(form)["objective"]["isRequired"] is True
    assert {"level", "type", "kr1:title", "kr1:kind", "kr1:baseline", "kr5:unit"} <= set(inputs(form))

    half = {"objective": "Sneller antwoord", "level": "team", "type": "committed", "kr1:title": "Reactietijd",
            "kr1:kind": "decrease", "kr1:baseline": "8", "kr1:target": "veel"}
    await teams.send(wire.card_submit, wire.ANNA, submitted(form, "Versturen", half), form_id)
    [again] = connector.cards(CHAT, method="PUT")
    assert inputs(again)["kr1:target"]["value"] == "veel" and inputs(again)["objective"]["value"] == "Sneller antwoord"

    whole = {**half, "kr1:target": "2", "kr2:title": "Tevredenheid", "kr2:kind": "increase", "kr2:baseline": "7",
             "kr2:target": "8,5"}
    await teams.send(wire.card_submit, wire.ANNA, submitted(again, "Versturen", whole), form_id)
    async with sessions() as session:
        titles = set((await session.execute(select(Objective.title))).scalars())
    assert "Sneller antwoord" in titles


async def test_the_coach_drafts_an_okr_on_a_card_that_can_be_saved(teams, connector, sessions, org):
    await teams.send(wire.message, wire.ANNA, "coach klanten wachten te lang op antwoord")
    draft = connector.cards(CHAT)[-1]
    draft_id = connector.last_id(CHAT)
    send = action(draft, "Versturen")
    assert send["data"]["okrbot"]["context"]["kind"] == "coach_draft"

    typed = {key: str(field.get("value", "")) for key, field in inputs(draft).items() if key != "away_until"}
    for n in (1, 2, 3):
        typed.update({f"kr{n}:baseline": "8", f"kr{n}:target": "2", f"kr{n}:kind": "decrease"})
    typed.update(level="person", type="committed")
    await teams.send(wire.card_submit, wire.ANNA, submitted(draft, "Versturen", typed), draft_id)

    [answer] = connector.cards(CHAT, method="PUT")
    async with sessions() as session:
        titles = set((await session.execute(select(Objective.title))).scalars())
    assert typed["objective"] in titles, texts(answer)


async def test_a_survey_is_answered_on_a_card_like_everywhere(teams, connector, sessions, org):
    await teams.send(wire.message, wire.ANNA, "premortem")
    survey = connector.cards(CHAT)[-1]
    survey_id = connector.last_id(CHAT)
    send = action(survey, "Versturen")
    assert send["data"]["okrbot"]["context"]["kind"] == "survey"

    typed = {key: field["choices"][-1]["value"] if "choices" in field else "Te weinig mensen"
             for key, field in inputs(survey).items() if key != "away_until"}
    await teams.send(wire.card_submit, wire.ANNA, submitted(survey, "Versturen", typed), survey_id)

    [answer] = connector.cards(CHAT, method="PUT")
    async with sessions() as session:
        stored = (await session.execute(select(func.count(SurveyAnswer.id)))).scalar_one()
    assert stored > 0, texts(answer)


async def test_skip_on_a_card_after_answering_says_there_is_nothing_to_skip(teams, connector, sessions, org):
    card, card_id = await open_checkin(teams, connector)
    typed = {f"kr:{kr}:confidence": "6" for kr in kr_ids(card)}
    await teams.send(wire.card_submit, wire.ANNA, submitted(card, "Versturen", typed), card_id)

    card, card_id = await open_checkin(teams, connector)
    await teams.send(wire.card_submit, wire.ANNA, submitted(card, "Deze week overslaan", {}), card_id)

    assert "dus er valt niets over te slaan" in texts(connector.cards(CHAT, method="PUT")[-1])
    async with sessions() as session:
        assert (await session.execute(select(func.count(SlotStatus.id)))).scalar_one() == 0
