"""The goal-setting 1:1: in the last two weeks of 2026-Q4 (from Friday 18 December) the first 1:1 of each pair gets a
prep about the next period's goals instead of the usual prep, in the crafted quarter of tests/digest_quarter.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bot.console_render import render
from bot.messages import Text
from handlers.goalsetting_invite import invite_messages
from handlers.one_on_one_commands import one_on_one_command
from handlers.prep_outbox import prep_messages, prep_slot, preview_preps
from models import OneOnOne, Person
from models.db import transaction
from models.deliveries import Claim, Claimed
from scheduler.digest_due import prep_claims
from tests.digest_quarter import SECRETS, TEAM_LEARNING, play_quarter

MINIMUM_NL = "Spreek naast de ambitie een minimale uitkomst af"
MINIMUM_EN = "Agree a minimum outcome beside the ambition"


@pytest.fixture
async def quarter(sessions, load_org) -> dict[str, Person]:
    """The quarter with Bram also meeting Daan on Thursdays and Maya meeting Leo on Wednesdays; people by chat id."""
    await play_quarter(sessions, load_org)
    async with transaction(sessions) as session:
        people = {p.platform_user_id: p for p in (await session.execute(select(Person))).scalars()}
        session.add(OneOnOne(manager_id=people["U_BRAM"].id, report_id=people["U_DAAN"].id, weekday=3,
                             local_time="16:00", anchor=date(2026, 10, 1)))
        session.add(OneOnOne(manager_id=people["U_MAYA"].id, report_id=people["U_LEO"].id, weekday=2,
                             local_time="11:00", anchor=date(2026, 10, 7)))
    return people


async def built(sessions, people, *items: tuple[str, str, date]) -> list[str]:
    """The rendered message per (manager, report, meeting day) prep delivery, as the tick would send it."""
    deliveries = [Claimed(n, "prep", people[manager].id, 1, prep_slot(people[report].id, day))
                  for n, (manager, report, day) in enumerate(items, start=1)]
    async with sessions() as session:
        messages = await prep_messages(session, deliveries=deliveries, now=datetime(2026, 12, 1, tzinfo=UTC))
    return [render(messages[d.id]) for d in deliveries]


async def test_the_first_1on1_of_the_planning_phase_gets_the_goalsetting_prep_once(sessions, quarter):
    before, first, last = await built(sessions, quarter, ("U_BRAM", "U_ANNA", date(2026, 12, 17)),
                                      ("U_BRAM", "U_ANNA", date(2026, 12, 24)),
                                      ("U_BRAM", "U_ANNA", date(2026, 12, 31)))
    assert before.splitlines()[0] == "Je 1-op-1 met Anna de Vries op do 17 dec om 14:00"
    assert last.splitlines()[0] == "Je 1-op-1 met Anna de Vries op do 31 dec om 14:00", "once: the next is usual"
    assert first.splitlines()[0] == "Je 1-op-1 over doelen met Anna de Vries op do 24 dec om 14:00"
    for heading in ("Waar 2026-Q4 eindigde", "Opening", "Brainstorm over doelen", "Key results bepalen",
                    "Steun en middelen", "Afsluiting", "Tips voor dit gesprek"):
        assert heading in first.splitlines()
    assert "Ik word de expert in onze API" in first and "geëindigd op 67% · vertrouwen 7,5/10" in first
    assert "Vertrouwen door de periode heen: 6 → 6 → 6 → 7 → 7 → 7 → 7 → 6" in first
    assert "Nog open risico uit de pre-mortem: De enquêtetool komt te laat" in first
    assert f"Uit de reflectie: „{TEAM_LEARNING}”" in first
    assert "Stel dat je over drie maanden aan je team vertelt" in first and "een punt hoger" in first
    assert "Maak van frustraties doelen" in first, "Anna wrote a frustrated blocker"
    assert MINIMUM_NL not in first, "Anna ended at 50% on average: short, not well short"
    assert "Wat is jouw rol in de doelen van het team" in first and "Suggested agenda" not in first


async def test_a_minimum_outcome_only_for_someone_whose_objectives_fell_well_short(sessions, quarter):
    daan, = await built(sessions, quarter, ("U_BRAM", "U_DAAN", date(2026, 12, 24)))
    leo, = await built(sessions, quarter, ("U_MAYA", "U_LEO", date(2026, 12, 23)))
    assert "Je 1-op-1 over doelen met Daan Visser" in daan and MINIMUM_NL in daan
    assert leo.splitlines()[0] == "Your goal-setting 1:1 with Leo Martinez on Wed 23 Dec at 11:00"
    assert "ended at 62%" in leo and MINIMUM_EN not in leo and "imagine telling your team" in leo.lower()


async def test_nothing_private_crosses(sessions, quarter):
    anna, leo = await built(sessions, quarter, ("U_BRAM", "U_ANNA", date(2026, 12, 24)),
                            ("U_MAYA", "U_LEO", date(2026, 12, 23)))
    usual, = await built(sessions, quarter, ("U_BRAM", "U_ANNA", date(2026, 12, 17)))
    assert "Ik zie geen volgende stap" in usual, "the usual prep shows the development answers to the manager"
    for private in ("Ik zie geen volgende stap", "ANNA-PERSONAL-REFLECTION", *SECRETS):
        assert private not in anna and private not in leo


async def test_the_preview_shows_the_goalsetting_prep_of_the_next_1on1(sessions, quarter):
    async with sessions() as session:
        bram = await session.get(Person, quarter["U_BRAM"].id)
        shown = [next(b.text for b in m.blocks if isinstance(b, Text))
                 for m in await preview_preps(session, manager=bram, now=datetime(2026, 12, 21, 9, tzinfo=UTC))]
    assert shown == ["Je 1-op-1 over doelen met Anna de Vries op do 24 dec om 14:00",
                     "Je 1-op-1 over doelen met Daan Visser op do 24 dec om 16:00"]


async def test_the_report_is_invited_to_bring_ideas_before_the_goalsetting_1on1_only(sessions, quarter):
    anna, bram = quarter["U_ANNA"].id, quarter["U_BRAM"].id
    async with sessions() as session:
        usual = await prep_claims(session, now=datetime(2026, 10, 29, 11, 30, tzinfo=UTC))  # 12:30 in Amsterdam
        planning = await prep_claims(session, now=datetime(2026, 12, 24, 11, tzinfo=UTC))  # 12:00 in Amsterdam
    assert Claim("prep", bram, 1, prep_slot(anna, date(2026, 10, 29))) in usual
    assert [c.kind for c in usual if c.person_id == anna] == [], "far from the period's end: no invitation"
    assert Claim("goalsetting", anna, 1, prep_slot(anna, date(2026, 12, 24))) in planning
    assert Claim("prep", bram, 1, prep_slot(anna, date(2026, 12, 24))) in planning
    deliveries = [Claimed(n, "goalsetting", anna, 1, prep_slot(anna, day))
                  for n, day in enumerate((date(2026, 12, 17), date(2026, 12, 24), date(2026, 12, 31)), start=1)]
    async with sessions() as session:
        invites = await invite_messages(session, deliveries=deliveries)
    assert list(invites) == [2], "only before the planning phase's first 1:1"
    shown = render(invites[2])
    assert shown.splitlines()[0] == "Je 1-op-1 over doelen met Bram Bakker op do 24 dec om 14:00"
    assert "Neem je eigen ideeën mee en, als je wilt, een eerste versie van je OKR's" in shown


async def test_1on1_plan_gives_the_manager_of_record_the_goalsetting_prep_on_demand(sessions, quarter):
    async with transaction(sessions) as session:
        bram, maya = [await session.get(Person, quarter[u].id) for u in ("U_BRAM", "U_MAYA")]
        now = datetime(2026, 12, 1, 9, tzinfo=UTC)
        asked = await one_on_one_command(session, person=bram, argument="plan @Anna", now=now)
        dutch = await one_on_one_command(session, person=bram, argument="plannen Daan Visser", now=now)
        refused = await one_on_one_command(session, person=maya, argument="plan @U_ANNA", now=now)
    assert render(asked).splitlines()[0] == "Je 1-op-1 over doelen met Anna de Vries op do 3 dec om 14:00"
    assert "Hoe sluiten ze aan op de objectives van het team en de organisatie?" in render(asked)
    assert render(dutch).splitlines()[0] == "Je 1-op-1 over doelen met Daan Visser op do 3 dec om 16:00"
    assert render(refused) == "Only Anna de Vries's manager can set a 1:1 with Anna de Vries. Nothing changed."


async def test_the_planning_settings_decide_which_1on1_is_about_goals(sessions, load_org):
    """Support plans four weeks before the end (its own setting), Product three (the organisation's): their first
    1:1 in that phase is the goal-setting one, as the planning round counts the weeks (handlers/period_roll.py)."""
    def planned(text: str, now=None):
        text = text.replace('    checkin: {day: monday, time: "09:00"}\n',
                            '    checkin: {day: monday, time: "09:00"}\n    planning: {weeks_before: 4}\n')
        return load_org(text.replace("people:\n", "planning: {weeks_before: 3}\npeople:\n", 1), now)

    await play_quarter(sessions, planned)
    async with transaction(sessions) as session:
        people = {p.platform_user_id: p for p in (await session.execute(select(Person))).scalars()}
        session.add(OneOnOne(manager_id=people["U_MAYA"].id, report_id=people["U_LEO"].id, weekday=2,
                             local_time="11:00", anchor=date(2026, 10, 7)))
    anna = await built(sessions, people, *(("U_BRAM", "U_ANNA", date(2026, 12, d)) for d in (3, 10, 17, 24)))
    assert [shown.splitlines()[0].startswith("Je 1-op-1 over doelen") for shown in anna] == \
        [False, True, False, False], "from Friday 4 December: four weeks before the end"
    leo = await built(sessions, people, *(("U_MAYA", "U_LEO", date(2026, 12, d)) for d in (9, 16, 23)))
    assert [shown.splitlines()[0].startswith("Your goal-setting 1:1") for shown in leo] == [False, True, False]
    deliveries = [Claimed(n, "goalsetting", people["U_ANNA"].id, 1, prep_slot(people["U_ANNA"].id, date(2026, 12, d)))
                  for n, d in ((1, 10), (2, 24))]
    async with sessions() as session:
        invites = await invite_messages(session, deliveries=deliveries)
    assert list(invites) == [1], "the report's invitation follows the same weeks"
