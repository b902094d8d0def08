"""Bram prepares his 1:1s: per report, what changed since the last 1:1 and what to talk about, in the crafted
quarter of tests/digest_quarter.py (Bram meets Anna on Thursday 26 November at 14:00, the last time on the 19th).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event, select

from bot.console_render import render
from bot.messages import Text
from handlers.digest_data import load
from handlers.prep_digest import FRUSTRATION, build_prep
from handlers.prep_message import prep_message, short
from handlers.prep_outbox import prep_facts, prep_messages, prep_slot, preview_preps
from models import OneOnOne, Period, Person
from models.db import transaction
from models.deliveries import Claimed
from tests.digest_quarter import BLOCKER, ONE_LEVEL_UP, PREP_AT, SECRETS, play_quarter

MEETING = datetime(2026, 11, 26, 13, tzinfo=UTC)  # Thu 26 Nov 14:00 in Amsterdam
SINCE = datetime(2026, 11, 19, 13, tzinfo=UTC)
MEETING_DAY = date(2026, 11, 26)
PREMORTEM_NL = "Stel dat de periode voorbij is en „NPS van 25 naar 45” niet gehaald is."
HOW_CLOSE_NL = "Op een schaal van 1 tot 10: hoe dicht zit je bij „Knowledge base live”?"
DAY_EASIER_NL = "Wat zou je dag makkelijker maken?"
AIM_HIGHER_EN = "is ahead of the calendar. Is there room to aim a little higher?"
AIM_HIGHER_NL = "loopt voor op de kalender. Is er ruimte om wat hoger te mikken?"


class FakeAi:
    """A model that always answers ``narrative`` (None: no answer), and keeps what it was given."""

    def __init__(self, narrative: str | None):
        self.narrative, self.data = narrative, []

    async def ask_json(self, *, instructions, data, answer):
        self.data.append(data)
        return None if self.narrative is None else answer(narrative=self.narrative)


@pytest.fixture
async def quarter(sessions, load_org) -> dict[str, Person]:
    """The quarter with Bram also meeting Carla and Daan on Thursdays; people by chat id."""
    await play_quarter(sessions, load_org)
    async with transaction(sessions) as session:
        people = {p.platform_user_id: p for p in (await session.execute(select(Person))).scalars()}
        for user, at in (("U_CARLA", "15:00"), ("U_DAAN", "16:00")):
            session.add(OneOnOne(manager_id=people["U_BRAM"].id, report_id=people[user].id, weekday=3, local_time=at,
                                 anchor=date(2026, 10, 1)))
    return people


async def snapshot_of(sessions):
    async with sessions() as session:
        return await load(session, period=(await session.execute(select(Period))).scalar_one())


def prep(snapshot, people, report, manager="U_BRAM", meeting_at=MEETING, since=SINCE):
    return build_prep(snapshot, manager_id=people[manager].id, report_id=people[report].id, meeting_at=meeting_at,
                      since=since)


def texts(message) -> list[str]:
    return [b.text for b in message.blocks if isinstance(b, Text)]


async def test_bram_sees_what_changed_for_anna_since_their_last_1on1(sessions, quarter):
    digest = prep(await snapshot_of(sessions), quarter, "U_ANNA")
    shown = render(prep_message(digest, locale="nl"))
    assert shown.splitlines()[0] == "Je 1-op-1 met Anna de Vries op do 26 nov om 14:00"
    assert "sinds jullie vorige 1-op-1 op do 19 nov" in shown
    assert "voortgang 33% (▲ van 32%) · vertrouwen 6,5 → 5 (▼)" in shown, "the NPS drop pulls the team goal down"
    assert "• NPS van 25 naar 45: vertrouwen ging van 8 naar 5" in shown
    assert "• Eerste reactie van 8 naar 2 uur: 3 check-ins geen beweging" in shown
    assert "• API-tickets zonder escalatie van 40% naar 70%: veel vertrouwen (8/10) terwijl de waarde niet bewoog" \
        in shown
    assert f"• Obstakel bij „NPS van 25 naar 45” (ma 23 nov): „{BLOCKER}”" in shown
    assert f"• Een stap verder bij „NPS van 25 naar 45” (ma 23 nov): „{ONE_LEVEL_UP}”" in shown
    assert "De enquêtetool komt te laat" in shown and "Te weinig mensen in december" not in shown
    assert "• 5 → 3  Ik zie hier een aantrekkelijk loopbaanpad voor mezelf." in shown
    assert "„Ik zie geen volgende stap”" in shown
    assert "Check-ins deze periode: alle 8 beantwoord." in shown
    for secret in SECRETS:
        assert secret not in shown and secret not in json.dumps(asdict(digest), default=str)


def agenda_of(message) -> list[str]:
    return [line for line in render(message).split("Voorgestelde agenda")[1].splitlines()
            if line[:2].rstrip(".").isdigit()]


async def test_agenda_at_most_seven_questions_most_pressing_first(sessions, quarter):
    anna = prep(await snapshot_of(sessions), quarter, "U_ANNA")
    assert len(anna.situations) > 7, "Anna's quarter gives plenty to talk about"
    assert agenda_of(prep_message(anna, locale="nl")) == [
        "1. Je vertrouwen in „NPS van 25 naar 45” is gedaald. Wat is er veranderd?",
        "2. „Eerste reactie van 8 naar 2 uur” staat al een tijdje stil. Wat is de kleinste stap die het weer in "
        "beweging brengt?",
        "3. Het klinkt alsof iets rond „NPS van 25 naar 45” je dwarszit. Zullen we daar beginnen?",
        "4. Het obstakel dat je bij „NPS van 25 naar 45” noemde: is het er nog, en wie kan helpen het weg te nemen?",
        "5. Het risico dat je in de pre-mortem noemde, „De enquêtetool komt te laat”, staat nog open. Komt het "
        "dichterbij of juist verder weg?",
        "6. Hoe kijk je op dit moment aan tegen de richting waarin je je ontwikkelt?",
        "7. Je hebt veel vertrouwen in „API-tickets zonder escalatie van 40% naar 70%”, al bewoog het de laatste tijd "
        "niet. Waar komt dat vertrouwen vandaan?",
    ]
    shown = render(prep_message(anna, locale="nl"))
    assert "Hoe gaat het echt met je?" not in shown, "open questions only fill up a short agenda"
    assert "Suggested agenda" in render(prep_message(anna, locale="en"))
    assert len([q for q in render(prep_message(anna, locale="en")).split("Suggested agenda")[1].splitlines()
                if q[:2].rstrip(".").isdigit()]) == 7


async def test_agenda_names_the_key_result(sessions, quarter):
    carla = prep(await snapshot_of(sessions), quarter, "U_CARLA")
    shown = render(prep_message(carla, locale="nl"))
    assert HOW_CLOSE_NL in shown and "dat key result" not in shown
    assert "how close are you to “Knowledge base live”?" in render(prep_message(carla, locale="en"))
    assert PREMORTEM_NL not in shown and DAY_EASIER_NL not in shown
    assert "Stemmingschecks van" not in shown, "Carla gave no development answers"


async def test_aim_higher_only_ahead_of_pace(sessions, quarter):
    """Leo's "time to first report" is at 79% when 62% of the quarter is behind us: room to aim higher. Anna's
    key results are not clearly ahead, and a month later the calendar has caught up with Leo's."""
    snapshot = await snapshot_of(sessions)
    late_november = datetime(2026, 11, 26, 20, tzinfo=UTC)
    leo = prep(snapshot, quarter, "U_LEO", manager="U_MAYA", meeting_at=late_november, since=SINCE)
    assert leo.phase.name == "running" and 0.61 < leo.phase.pace < 0.62
    english, dutch = render(prep_message(leo, locale="en")), render(prep_message(leo, locale="nl"))
    assert f"“Time to first report from 72 to 4 hours” {AIM_HIGHER_EN}" in english
    assert f"„Time to first report from 72 to 4 hours” {AIM_HIGHER_NL}" in dutch
    assert "Activation from 35% to 60%” is ahead" not in english, "44% is behind the calendar"
    anna = render(prep_message(prep(snapshot, quarter, "U_ANNA"), locale="nl"))
    assert AIM_HIGHER_NL not in anna
    december = datetime(2026, 12, 29, 14, tzinfo=UTC)
    later = prep(snapshot, quarter, "U_LEO", manager="U_MAYA", meeting_at=december, since=SINCE)
    assert later.phase.name == "last_week" and later.phase.pace > 0.95
    assert AIM_HIGHER_EN not in render(prep_message(later, locale="en"))
    assert AIM_HIGHER_NL not in render(prep_message(later, locale="nl"))
    assert "The last week of 2026-Q4: 2 days to go." in render(prep_message(later, locale="en"))


async def test_missed_checkins_are_stated_as_a_fact(sessions, quarter):
    daan = prep(await snapshot_of(sessions), quarter, "U_DAAN")
    assert (daan.checkins.delivered, daan.checkins.checked_in, daan.checkins.open) == (8, 2, 1)
    assert daan.checkins.missed[:2] == (date(2026, 10, 12), date(2026, 10, 26))
    message = prep_message(daan, locale="nl")
    [fact] = [b for b in message.blocks if isinstance(b, Text) and b.text.startswith("Check-ins deze periode")]
    assert fact.style == "muted"
    assert fact.text == ("Check-ins deze periode: 2 van 8 beantwoord. Nog open: 1. Geen antwoord op ma 12 okt, "
                         "ma 26 okt, ma 2 nov, ma 9 nov, ma 16 nov."), "Monday 23 Nov's can still be answered"
    assert "Hoe bevalt het ritme van de check-ins?" in render(message)


async def test_an_english_manager_reads_the_digest_in_english_at_their_own_time(sessions, quarter):
    new_york_meeting = datetime(2026, 11, 26, 20, tzinfo=UTC)  # 15:00 in New York
    digest = prep(await snapshot_of(sessions), quarter, "U_LEO", manager="U_MAYA", meeting_at=new_york_meeting,
                  since=datetime(2026, 11, 19, 20, tzinfo=UTC))
    shown = render(prep_message(digest, locale="en"))
    assert shown.splitlines()[0] == "Your 1:1 with Leo Martinez on Thu 26 Nov at 15:00"
    assert "New customers get value in their first week" in shown and "progress 62% (▲ from 56%)" in shown
    assert "Suggested agenda" in shown and "LEO-SECRET" not in shown


async def test_a_1on1_before_the_first_checkin_counts_nothing_and_invents_no_meeting(sessions, quarter):
    start = datetime(2026, 9, 30, 22, tzinfo=UTC)  # 1 Oct 00:00 in Amsterdam
    digest = prep(await snapshot_of(sessions), quarter, "U_ANNA", meeting_at=datetime(2026, 10, 1, 12, tzinfo=UTC),
                  since=start)
    shown = render(prep_message(digest, locale="en"))
    assert "okrbot hasn't sent Anna de Vries a check-in in 2026-Q4 yet, so there is nothing to compare." in shown
    assert "No check-in has reached Anna de Vries this period yet, so there is nothing to count." in shown
    assert "no check-in yet" in shown and "0% (new)" in shown
    assert "There are no check-ins yet." not in shown, "nothing was asked, so nothing is missing"
    assert "since your last 1:1" not in shown


async def test_the_model_gets_okr_facts_only_and_its_narrative_goes_on_top(sessions, quarter):
    snapshot = await snapshot_of(sessions)
    digest = prep(snapshot, quarter, "U_ANNA")
    facts = json.dumps(prep_facts(digest), ensure_ascii=False)
    assert "NPS van 25 naar 45" in facts and BLOCKER in facts
    for private in ("Anna", "Vries", "Bram", "Ik zie geen volgende stap", "loopbaanpad", "De enquêtetool komt te laat",
                    ONE_LEVEL_UP, "low_mood", *SECRETS):
        assert private not in facts
    assert all(set(kr) == {"title", "progress", "confidence", "confidence_at_previous_1on1", "signals", "has_number"}
               for kr in prep_facts(digest)["key_results"]), "no mood scores travel"
    ai = FakeAi("Anna's NPS confidence fell after a frustrating wait for the survey tool; ask what would help.")
    async with sessions() as session:
        bram = await session.get(Person, quarter["U_BRAM"].id)
        with_ai = await preview_preps(session, manager=bram, now=PREP_AT, ai=ai)
        silent = await preview_preps(session, manager=bram, now=PREP_AT, ai=FakeAi(None))
        plain = await preview_preps(session, manager=bram, now=PREP_AT)
    assert ai.data[0] == prep_facts(digest)
    assert texts(with_ai[0])[1:3] == ["Samenvatting van de coach", ai.narrative]
    assert silent == plain and texts(silent[0])[1] != "Samenvatting van de coach"


async def test_a_preview_shows_each_1on1_at_its_next_meeting(sessions, quarter):
    async with sessions() as session:
        bram = await session.get(Person, quarter["U_BRAM"].id)
        shown = [texts(m)[0] for m in await preview_preps(session, manager=bram, now=PREP_AT)]
    assert shown == ["Je 1-op-1 met Anna de Vries op do 26 nov om 14:00",
                     "Je 1-op-1 met Carla Jansen op do 26 nov om 15:00",
                     "Je 1-op-1 met Daan Visser op do 26 nov om 16:00"]


async def test_the_tick_builds_any_number_of_digests_with_the_same_queries(engine, sessions, quarter):
    bram = quarter["U_BRAM"].id

    def delivery(n: int, user: str, day: date = MEETING_DAY) -> Claimed:
        return Claimed(n, "prep", bram, 1, prep_slot(quarter[user].id, day))

    statements: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    counts = []
    for deliveries in ([delivery(1, "U_ANNA")], [delivery(1, "U_ANNA"), delivery(2, "U_CARLA"), delivery(3, "U_DAAN")]):
        statements[:] = []
        async with sessions() as session:
            built = await prep_messages(session, deliveries=deliveries, now=PREP_AT)
        counts.append(len(statements))
        assert sorted(built) == [d.id for d in deliveries]
    assert counts[0] == counts[1]
    assert texts(built[2])[0] == "Je 1-op-1 met Carla Jansen op do 26 nov om 15:00"


async def test_no_digest_for_a_report_who_moved_on_or_a_day_without_a_meeting(sessions, quarter):
    async with transaction(sessions) as session:
        daan = await session.get(Person, quarter["U_DAAN"].id)
        daan.manager_id = quarter["U_MAYA"].id
    bram = quarter["U_BRAM"].id
    deliveries = [Claimed(1, "prep", bram, 1, prep_slot(quarter["U_DAAN"].id, MEETING_DAY)),
                  Claimed(2, "prep", bram, 1, prep_slot(quarter["U_ANNA"].id, date(2026, 11, 25))),
                  Claimed(3, "checkin", bram, 1, "2026-11-23")]
    async with sessions() as session:
        assert await prep_messages(session, deliveries=deliveries, now=PREP_AT) == {}


@pytest.mark.parametrize("text", ["Erg frustrerend", "I'm so frustrated", "We're stuck on the vendor",
                                  "Ik loop vast op de API", "Gefrustreerd door de tool", "Annoying delays",
                                  "Blocked by legal", "Irritant traag", "Balen van de wachttijd"])
def test_frustration_is_heard_in_english_and_dutch(text):
    assert FRUSTRATION.search(text)


@pytest.mark.parametrize("text", ["Waiting for the survey tool", "Vaste klanten bellen vaker", "Geen obstakels"])
def test_plain_blockers_are_no_frustration(text):
    assert not FRUSTRATION.search(text)


def test_long_answers_are_cut_to_a_readable_line():
    cut = short("woord " * 100)
    assert len(cut) <= 300 and cut.endswith("woord…")
