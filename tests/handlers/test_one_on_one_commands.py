"""A manager sets, changes, lists and stops the 1:1s with their reports by typing ``1on1``, on any edge."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from handlers.commands import handle_command, help_message
from handlers.one_on_one_parse import OneOnOneRequest, Rhythm, Unclear, Who, parse_one_on_one
from models.db import transaction
from models.one_on_one_store import one_on_ones_of, remove_one_on_one, set_one_on_one
from models.people_queries import person_by_platform_id
from tests.orgs import SMALL_ORG

MONDAY = datetime(2026, 10, 5, 10, tzinfo=UTC)  # Amsterdam is on summer time (UTC+2) until 25 October
FRIDAY = datetime(2026, 10, 9, 10, tzinfo=UTC)
ENGLISH_BRAM = SMALL_ORG.replace("name: Bram Bakker, tz: Europe/Amsterdam, locale: nl",
                                 "name: Bram Bakker, tz: Europe/Amsterdam, locale: en")


@pytest.mark.parametrize(("typed", "who", "rhythm"), [
    ("@anna weekly thu 14:00", Who("anna"), Rhythm(3, "14:00", 1, None)),
    ("<@U123|anna> every 2 weeks tuesday 09:30 prep 90m", Who("U123", is_id=True), Rhythm(1, "09:30", 2, 90)),
    ("<@U123> biweekly do 14:00", Who("U123", is_id=True), Rhythm(3, "14:00", 2, None)),
    ("<at>Anna de Vries</at> tweewekelijks do 14.00 prep 3h", Who("Anna de Vries"), Rhythm(3, "14:00", 2, 180)),
    ("Anna de Vries elke 3 weken maandag 9:05 prep 1h30", Who("Anna de Vries"), Rhythm(0, "09:05", 3, 90)),
    ("@U01LEO wekelijks vr 16:00", Who("U01LEO"), Rhythm(4, "16:00", 1, None)),
    ("Do Nguyen zondag 10:00", Who("Do Nguyen"), Rhythm(6, "10:00", 1, None)),  # no rhythm word: weekly
    ("@anna off", Who("anna"), None),
    ("Anna de Vries uit", Who("Anna de Vries"), None),
])
def test_what_follows_1on1_is_read_in_english_and_dutch(typed, who, rhythm):
    assert parse_one_on_one(typed) == OneOnOneRequest(who, rhythm)


@pytest.mark.parametrize(("typed", "problem"), [
    ("@anna", "rhythm"),
    ("@anna weekly thursdy 14:00", "day"),
    ("@anna weekly 14:00", "day"),
    ("@anna weekly thu 25:00", "time"),
    ("@anna weekly thu", "time"),
    ("@anna every 9 weeks thu 14:00", "every"),
    ("@anna every few weeks thu 14:00", "every"),
    ("@anna weekly thu 14:00 prep 3", "prep"),
    ("@anna weekly thu 14:00 prep 49h", "prep"),
    ("@anna weekly thu 14:00 please", "rhythm"),
    ("<at></at> weekly thu 14:00", "person"),
])
def test_a_schedule_that_cannot_be_read_says_what_is_unclear(typed, problem):
    assert parse_one_on_one(typed) == Unclear(problem)


def test_a_bare_1on1_asks_for_the_list():
    assert parse_one_on_one("  ") == OneOnOneRequest(None, None)


def test_the_help_mentions_1on1():
    assert "1on1 @NAME weekly thu 14:00" in help_message("en").blocks[-1].text
    assert "1on1 @NAAM wekelijks do 14:00" in help_message("nl").blocks[-1].text


@pytest.fixture
async def org(load_org):
    await load_org(ENGLISH_BRAM)


@pytest.fixture
def typing(sessions, org):
    """``await typing("U_BRAM", "1on1 ...", now)``: the lines of the answer, as the person sees them."""

    async def type_(user_id: str, text: str, now: datetime = MONDAY) -> list[str]:
        async with transaction(sessions) as session:
            person = await person_by_platform_id(session, platform_user_id=user_id)
            message = await handle_command(session, person=person, text=text, now=now)
        return [block.text for block in message.blocks]

    return type_


async def stored(sessions, manager: str) -> list[tuple]:
    async with sessions() as session:
        person = await person_by_platform_id(session, platform_user_id=manager)
        rows = await one_on_ones_of(session, manager_id=person.id)
    return [(p.platform_user_id, o.weekday, o.local_time, o.every_weeks, o.anchor, o.prep_minutes) for o, p in rows]


async def test_a_manager_sets_a_weekly_1on1_and_hears_when_it_is_and_when_the_prep_comes(typing, sessions):
    answer = await typing("U_BRAM", "1on1 <@U_ANNA|anna> weekly thu 14:00")

    assert answer == [
        "Your 1:1 with Anna de Vries: every week on Thursday at 14:00 (Europe/Amsterdam).",
        "The next one is on Thu 8 Oct at 14:00. I'll send you a prep 2 hours before, on Thu 8 Oct at 12:00.",
    ]
    assert await stored(sessions, "U_BRAM") == [("U_ANNA", 3, "14:00", 1, date(2026, 10, 5), 120)]


async def test_a_manager_lists_their_1on1s_with_the_next_meeting_in_their_own_time(typing):
    await typing("U_BRAM", "1on1 @anna weekly thu 14:00")
    await typing("U_BRAM", "1on1 Carla Jansen every 2 weeks tuesday 09:30 prep 90m")  # the 6th, 20th, 3rd

    assert await typing("U_BRAM", "1on1", now=datetime(2026, 10, 23, tzinfo=UTC)) == [
        "Your 1:1s (times in Europe/Amsterdam)",
        "Anna de Vries: every week on Thursday at 14:00. Next on Thu 29 Oct at 14:00; your prep comes 2 hours before.",
        "Carla Jansen: every 2 weeks on Tuesday at 09:30. Next on Tue 3 Nov at 09:30; your prep comes 90 minutes "
        "before.",
    ]


async def test_changing_only_the_time_keeps_every_other_week_on_the_same_weeks(typing):
    await typing("U_BRAM", "1on1 @anna every 2 weeks thu 14:00", now=MONDAY)  # the 8th, the 22nd, ...

    answer = await typing("U_BRAM", "1on1 @anna every 2 weeks thu 15:00 prep 1h", now=FRIDAY)

    assert answer[1].startswith("The next one is on Thu 22 Oct at 15:00. I'll send you a prep an hour before")


async def test_someone_who_is_not_the_manager_cannot_set_a_1on1(typing, sessions):
    assert await typing("U_BEN", "1on1 @U_ANNA weekly thu 14:00") == [
        "Only Anna de Vries's manager can set a 1:1 with Anna de Vries. Nothing changed."
    ]
    assert (await typing("U_BEN", "1on1 Anna weekly thu 14:00"))[0].startswith(
        'None of your reports is called "Anna".')
    assert await stored(sessions, "U_BEN") == []


async def test_an_unreadable_schedule_gets_a_clear_usage_with_an_example(typing, sessions):
    answer = await typing("U_BRAM", "1on1 @anna weekly thursdy 14:00")

    assert answer[0] == "Which day? Use monday ... sunday, or mon, tue, wed, thu, fri."
    assert "1on1 @name weekly thu 14:00" in answer[1]
    assert await stored(sessions, "U_BRAM") == []


async def test_a_manager_stops_a_1on1(typing, sessions):
    await typing("U_BRAM", "1on1 @anna weekly thu 14:00")

    assert await typing("U_BRAM", "1on1 @anna off") == [
        "Your 1:1 with Anna de Vries is stopped: no more prep for it."]
    assert await typing("U_BRAM", "1on1 @anna off") == ["You had no 1:1 set with Anna de Vries."]
    assert await typing("U_BRAM", "1on1") == [
        "You have no 1:1s set. Set one with, for example: 1on1 @Anna weekly thu 14:00"]


async def test_a_dutch_manager_types_a_teams_mention_and_dutch_words(load_org, sessions):
    await load_org(SMALL_ORG)
    async with transaction(sessions) as session:
        bram = await person_by_platform_id(session, platform_user_id="U_BRAM")
        message = await handle_command(session, person=bram, text="1on1 <at>Anna de Vries</at> tweewekelijks do 14.00",
                                       now=MONDAY)

    assert [b.text for b in message.blocks] == [
        "Je 1-op-1 met Anna de Vries: elke 2 weken op donderdag om 14:00 (Europe/Amsterdam).",
        "De volgende is op do 8 okt om 14:00. Je krijgt je voorbereiding 2 uur van tevoren, op do 8 okt om 12:00.",
    ]


async def test_the_store_keeps_one_1on1_per_manager_and_report(sessions, org):
    async with transaction(sessions) as session:
        bram = await person_by_platform_id(session, platform_user_id="U_BRAM")
        anna = await person_by_platform_id(session, platform_user_id="U_ANNA")
        pair = {"manager_id": bram.id, "report_id": anna.id}
        await set_one_on_one(session, **pair, weekday=3, local_time="14:00", every_weeks=1, anchor=date(2026, 10, 1),
                             prep_minutes=120)
        await set_one_on_one(session, **pair, weekday=4, local_time="10:00", every_weeks=2, anchor=date(2026, 10, 2),
                             prep_minutes=60)
    assert await stored(sessions, "U_BRAM") == [("U_ANNA", 4, "10:00", 2, date(2026, 10, 2), 60)]

    async with transaction(sessions) as session:
        assert await remove_one_on_one(session, **pair) is True
        assert await remove_one_on_one(session, **pair) is False
    assert await stored(sessions, "U_BRAM") == []
