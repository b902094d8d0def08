"""Going away and coming back, typed: intervals of the person's own days, kept as history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.messages import AwayUntil, Message, Text
from handlers.commands import handle_command, handle_reply
from models.db import transaction
from models.people_queries import person_by_platform_id
from tests.absences import ended, set_absence, spans
from tests.orgs import SMALL_ORG

MONDAY = datetime(2026, 10, 5, 7, tzinfo=UTC)  # 09:00 in Amsterdam, 03:00 in New York


@pytest.fixture
async def org(load_org):
    await load_org(SMALL_ORG)


async def typed(sessions, user_id: str, text: str, now: datetime = MONDAY) -> list[str]:
    async with transaction(sessions) as session:
        someone = await person_by_platform_id(session, platform_user_id=user_id)
        reply = await handle_command(session, person=someone, text=text, now=now)
    return texts(reply)


def texts(message: Message) -> list[str]:
    return [b.text for b in message.blocks if isinstance(b, Text)]


async def test_going_away_until_a_day_pauses_from_today_through_that_day(sessions, org):
    assert await typed(sessions, "U_ANNA", "away 2026-10-16") == [
        "Je bent afwezig tot en met 16 oktober; tot dan pauzeren je check-ins."]
    assert await spans(sessions, "U_ANNA") == [(date(2026, 10, 5), date(2026, 10, 16), "typed")]


async def test_a_future_interval_says_when_check_ins_pause(sessions, org):
    assert await typed(sessions, "U_BEN", "away 2026-12-21 2026-12-24") == [
        "You're away from 21 December through 24 December; check-ins pause then."]
    assert await typed(sessions, "U_ANNA", "away 2026-12-21 2027-01-04") == [
        "Je bent afwezig van 21 december tot en met 4 januari 2027; dan pauzeren je check-ins."]
    assert await spans(sessions, "U_BEN") == [(date(2026, 12, 21), date(2026, 12, 24), "typed")]


async def test_a_first_day_gone_by_counts_from_today_so_the_past_stays_as_it_was(sessions, org):
    assert await typed(sessions, "U_BEN", "away 2026-09-28 2026-10-09") == [
        "You're away through 9 October; check-ins pause until then."]
    assert await spans(sessions, "U_BEN") == [(date(2026, 10, 5), date(2026, 10, 9), "typed")]


@pytest.mark.parametrize(
    ("text", "explanation"),
    [
        ("away 2026-10-02", "2 oktober is al voorbij. Geef een dag vanaf vandaag, zoals 19 oktober."),
        ("away volgende-week", "„volgende-week” kan ik niet als dag lezen. Schrijf het zoals 19 oktober, 24-12-2026 of "
         "2026-12-24."),
        ("away 2026-13-01", "„2026-13-01” kan ik niet als dag lezen. Schrijf het zoals 19 oktober, 24-12-2026 of "
         "2026-12-24."),
        ("away 31 februari", "„31 februari” kan ik niet als dag lezen. Schrijf het zoals 19 oktober, 24-12-2026 of "
         "2026-12-24."),
        ("away 2027-10-07", "Dat is meer dan een jaar vooruit. Geef een dag binnen een jaar."),
        ("away 2026-12-24 2026-12-21",
         "21 december valt vóór 24 december. Geef eerst de eerste dag en dan de laatste, zoals: "
         "away 24 december tot 31 december"),
        ("away volgende week dinsdag", "Gebruik: away DAG (van vandaag tot en met die dag, bijvoorbeeld away 24 "
         "december of away vrijdag), away EERSTE LAATSTE (bijvoorbeeld away 20 december tot 3 januari), away (wat er "
         "gepland staat) of away uit (je bent terug)."),
    ],
)
async def test_an_impossible_away_is_refused_and_changes_nothing(sessions, org, text, explanation):
    assert await typed(sessions, "U_ANNA", text) == [explanation]
    assert await spans(sessions, "U_ANNA") == []


async def test_away_may_start_today_and_last_up_to_a_year(sessions, org):
    await typed(sessions, "U_ANNA", "away 2026-10-05")
    await typed(sessions, "U_CARLA", "away 2027-10-06")
    assert await spans(sessions, "U_ANNA") == [(date(2026, 10, 5), date(2026, 10, 5), "typed")]
    assert await spans(sessions, "U_CARLA") == [(date(2026, 10, 5), date(2027, 10, 6), "typed")]


async def test_today_is_todays_date_where_the_person_is(sessions, org):
    """Sunday 23:30 in London is already Monday in Amsterdam: Sunday has passed for Anna."""
    sunday_night = datetime(2026, 10, 4, 22, 30, tzinfo=UTC)
    assert (await typed(sessions, "U_ANNA", "away 2026-10-04", sunday_night))[0].startswith("4 oktober is al voorbij.")


async def test_overlapping_typed_intervals_become_one_and_the_reply_says_so(sessions, org):
    await typed(sessions, "U_BEN", "away 2026-12-21 2026-12-24")
    assert await typed(sessions, "U_BEN", "away 2026-12-23 2026-12-31") == [
        "You're away from 21 December through 31 December; check-ins pause then. "
        "That includes the time off you had already set."]
    await typed(sessions, "U_BEN", "away 2026-11-02 2026-11-06")
    await typed(sessions, "U_BEN", "away 2026-11-09 2026-11-13")  # not touching: kept apart
    await typed(sessions, "U_BEN", "away 2026-11-14 2026-11-15")  # the next day: one absence
    assert await spans(sessions, "U_BEN") == [(date(2026, 11, 2), date(2026, 11, 6), "typed"),
                                              (date(2026, 11, 9), date(2026, 11, 15), "typed"),
                                              (date(2026, 12, 21), date(2026, 12, 31), "typed")]


async def test_a_shorter_away_inside_a_longer_one_does_not_shorten_it(sessions, org):
    await typed(sessions, "U_ANNA", "away 2026-10-16")
    assert (await typed(sessions, "U_ANNA", "away 2026-10-07"))[0].startswith("Je bent afwezig tot en met 16 oktober")
    assert await spans(sessions, "U_ANNA") == [(date(2026, 10, 5), date(2026, 10, 16), "typed")]


async def test_back_ends_the_absence_yesterday_and_keeps_its_days(sessions, org):
    await typed(sessions, "U_ANNA", "away 2026-10-16")
    wednesday = MONDAY + timedelta(days=2)
    assert await typed(sessions, "U_ANNA", "terug", wednesday) == [
        "Welkom terug! Je check-ins gaan verder vanaf de volgende."]
    assert await spans(sessions, "U_ANNA") == [(date(2026, 10, 5), date(2026, 10, 6), "typed")]
    assert await ended(sessions, "U_ANNA") == [True]


@pytest.mark.parametrize("text", ["back", "away off", "away uit", "terug", "Away OFF"])
async def test_every_way_of_saying_back_ends_it(sessions, org, text):
    await set_absence(sessions, "U_BEN", date(2026, 9, 28), date(2026, 10, 16))
    assert await typed(sessions, "U_BEN", text) == ["Welcome back! Check-ins resume from your next one."]
    assert await spans(sessions, "U_BEN") == [(date(2026, 9, 28), date(2026, 10, 4), "typed")]


async def test_back_on_the_first_day_away_leaves_no_absence(sessions, org):
    await typed(sessions, "U_ANNA", "away 2026-10-16")
    await typed(sessions, "U_ANNA", "back", MONDAY + timedelta(hours=3))
    assert await spans(sessions, "U_ANNA") == []


async def test_back_before_a_planned_absence_cancels_it_and_names_what_is_still_planned(sessions, org):
    await typed(sessions, "U_BEN", "away 2026-11-02 2026-11-06")
    await typed(sessions, "U_BEN", "away 2026-12-21 2026-12-24")
    assert await typed(sessions, "U_BEN", "away off") == [
        "Cancelled your time off: 2 November through 6 November. Still planned: 21 December through 24 December."]
    assert await spans(sessions, "U_BEN") == [(date(2026, 12, 21), date(2026, 12, 24), "typed")]
    await typed(sessions, "U_BEN", "back")
    assert await typed(sessions, "U_BEN", "back") == ["You're not away, and no time off is planned."]


async def test_away_alone_lists_what_holds_now_and_what_is_planned(sessions, org):
    assert await typed(sessions, "U_BEN", "away") == [
        "You're not away, and no time off is planned. Plan some with: away 19 October"]
    await set_absence(sessions, "U_BEN", date(2026, 9, 1), date(2026, 9, 4))  # over: not listed
    await set_absence(sessions, "U_BEN", date(2026, 10, 1), None, source="status")
    await typed(sessions, "U_BEN", "away 2026-12-21 2026-12-24")
    assert await typed(sessions, "U_BEN", "away") == [
        "Your time off:\n- now, until further notice (your chat status)\n- 21 December through 24 December\n"
        "No check-ins on these days. Back early? Type: away off"]


async def test_the_time_off_button_goes_through_the_same_use_case(sessions, org):
    async with transaction(sessions) as session:
        reply = await handle_reply(session, reply=AwayUntil("U_ANNA", date(2026, 10, 16)), platform="slack",
                                   now=MONDAY)
        refused = await handle_reply(session, reply=AwayUntil("U_ANNA", date(2026, 10, 1)), platform="slack",
                                     now=MONDAY)
    assert (reply.kind, texts(reply)) == ("away", ["Je bent afwezig tot en met 16 oktober; tot dan pauzeren je "
                                                   "check-ins."])
    assert refused.kind == "notice"
    assert await spans(sessions, "U_ANNA") == [(date(2026, 10, 5), date(2026, 10, 16), "typed")]
