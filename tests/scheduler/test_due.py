"""After downtime the tick sends what is still useful: in working hours, not days late, one catch-up per person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from handlers.checkin import snooze, submit_checkin
from models.db import transaction
from models.people_queries import person_by_platform_id
from scheduler.tick import tick
from tests.fakes import Crash, RecordingMessenger
from tests.orgs import SMALL_ORG

MONDAY_0900 = datetime(2026, 10, 5, 7, tzinfo=UTC)  # Anna and Carla (Amsterdam, UTC+2) are asked at 09:00
TUESDAY_0745 = datetime(2026, 10, 6, 5, 45, tzinfo=UTC)


@pytest.fixture
async def org(load_org):
    await load_org(SMALL_ORG)


async def ticks(sessions, messenger, *instants: datetime) -> None:
    for now in instants:
        await tick(sessions=sessions, messenger=messenger, now=now)


async def test_no_old_checkin_before_working_hours(sessions, messenger, org):
    """The bot was down on Monday: at 07:45 on Tuesday it keeps quiet, at 09:00 Monday's check-in comes."""
    await ticks(sessions, messenger, TUESDAY_0745)
    assert messenger.sent == []

    await ticks(sessions, messenger, TUESDAY_0745 + timedelta(minutes=75))
    assert [m.context["slot"] for m in messenger.to("U_ANNA")] == ["2026-10-05"]
    assert messenger.to("U_BEN") == [], "03:00 in New York"


async def test_a_check_in_two_days_old_is_not_sent_the_next_morning(sessions, messenger, org):
    wednesday_0745 = TUESDAY_0745 + timedelta(days=1)
    await ticks(sessions, messenger, wednesday_0745, wednesday_0745 + timedelta(minutes=75))
    assert messenger.to("U_ANNA") == []


async def test_tick_after_downtime_sends_one_useful_catch_up(sessions, messenger, org):
    """Down for two Mondays: on Tuesday the 13th Anna gets one check-in, for the 12th, and no reminder for the 5th;
    the reminder comes a day after the check-in really went out."""
    back = datetime(2026, 10, 13, 8, tzinfo=UTC)  # Tuesday 10:00 in Amsterdam
    await ticks(sessions, messenger, back, back + timedelta(hours=1), back + timedelta(hours=23))
    checkins = [(m.kind, m.context["slot"]) for m in messenger.to("U_ANNA") if m.kind != "survey_mood_dev"]
    assert checkins == [("checkin", "2026-10-12")]

    await ticks(sessions, messenger, back + timedelta(hours=24))
    assert [kind for kind in messenger.kinds_to("U_ANNA") if kind != "survey_mood_dev"] == ["checkin", "reminder"]


async def test_the_team_time_is_kept_even_before_working_hours(sessions, messenger, load_org):
    """A team that chose 08:00 gets its check-in at 08:00; only a late catch-up waits for working hours."""
    await load_org(SMALL_ORG.replace('checkin: {day: monday, time: "09:00"', 'checkin: {day: monday, time: "08:00"', 1))
    at_eight = MONDAY_0900 - timedelta(hours=1)
    await ticks(sessions, messenger, at_eight + timedelta(minutes=2))
    assert messenger.kinds_to("U_ANNA") == ["checkin"]


async def snooze_anna(sessions, messenger, choice: str, now: datetime, answers: dict[str, str] | None = None):
    async with transaction(sessions) as session:
        anna = await person_by_platform_id(session, platform_user_id="U_ANNA")
        context = messenger.to("U_ANNA")[0].context
        if answers:
            await submit_checkin(session, person=anna, context=context, fields=answers, now=now)
        await snooze(session, person=anna, context=context, choice=choice, now=now)


async def test_snooze_returns_in_working_hours(sessions, messenger, org):
    await ticks(sessions, messenger, MONDAY_0900)
    half_past_four = MONDAY_0900.replace(hour=14, minute=30)
    await snooze_anna(sessions, messenger, "2h", half_past_four)

    await ticks(sessions, messenger, *(half_past_four + timedelta(hours=h) for h in (2, 3, 6, 9)))
    tuesday_0900 = MONDAY_0900 + timedelta(days=1)
    await ticks(sessions, messenger, tuesday_0900 - timedelta(minutes=1))
    assert messenger.kinds_to("U_ANNA") == ["checkin"]

    await ticks(sessions, messenger, tuesday_0900)
    assert messenger.kinds_to("U_ANNA") == ["checkin", "snoozed"]


async def test_a_snooze_missed_during_downtime_waits_for_the_next_working_morning(sessions, messenger, org):
    await ticks(sessions, messenger, MONDAY_0900)
    await snooze_anna(sessions, messenger, "2h", MONDAY_0900 + timedelta(hours=1))  # back at 12:00

    monday_night = MONDAY_0900 + timedelta(hours=15, minutes=33)  # 00:33, the first tick after the outage
    await ticks(sessions, messenger, monday_night, monday_night + timedelta(hours=6, minutes=39))  # and 07:12
    assert messenger.kinds_to("U_ANNA") == ["checkin"]

    await ticks(sessions, messenger, MONDAY_0900 + timedelta(days=1))
    assert messenger.kinds_to("U_ANNA") == ["checkin", "snoozed"]


async def test_a_partly_answered_snooze_comes_back_with_only_the_rest(sessions, messenger, org):
    await ticks(sessions, messenger, MONDAY_0900)
    await snooze_anna(sessions, messenger, "2h", MONDAY_0900, answers={"kr:1:value": "30", "kr:1:confidence": "7"})

    await ticks(sessions, messenger, MONDAY_0900 + timedelta(hours=2))
    snoozed = messenger.to("U_ANNA")[-1]
    assert snoozed.kind == "snoozed"
    assert [q.id for q in snoozed.questions if q.id.endswith(":confidence")] == ["kr:2:confidence"]


async def test_a_snooze_answered_in_full_meanwhile_does_not_come_back(sessions, messenger, org):
    await ticks(sessions, messenger, MONDAY_0900)
    await snooze_anna(sessions, messenger, "2h", MONDAY_0900)
    async with transaction(sessions) as session:
        anna = await person_by_platform_id(session, platform_user_id="U_ANNA")
        await submit_checkin(session, person=anna, context=messenger.to("U_ANNA")[0].context, now=MONDAY_0900,
                             fields={"kr:1:confidence": "7", "kr:2:confidence": "5"})

    await ticks(sessions, messenger, MONDAY_0900 + timedelta(hours=2), MONDAY_0900 + timedelta(hours=24))
    assert messenger.kinds_to("U_ANNA") == ["checkin"]


async def test_a_check_in_whose_sender_died_is_retried_in_working_hours_not_at_night(sessions, org):
    dying = RecordingMessenger(crash_after=0)
    with pytest.raises(Crash):
        await tick(sessions=sessions, messenger=dying, now=MONDAY_0900)

    messenger = RecordingMessenger()
    tuesday_0300 = MONDAY_0900 + timedelta(hours=18)
    await ticks(sessions, messenger, tuesday_0300)
    assert messenger.sent == []

    await ticks(sessions, messenger, MONDAY_0900 + timedelta(days=1))
    assert sorted(r.platform_user_id for r, m in messenger.sent if m.kind == "checkin") == ["U_ANNA", "U_CARLA"]


async def test_a_catch_up_check_in_asks_only_what_was_not_answered_meanwhile(sessions, messenger, org):
    """The tick was down on Monday, but Anna typed `checkin` and answered one key result; Tuesday's catch-up asks
    the other one."""
    async with transaction(sessions) as session:
        anna = await person_by_platform_id(session, platform_user_id="U_ANNA")
        context = {"kind": "checkin", "slot": "2026-10-05", "period": "1"}
        await submit_checkin(session, person=anna, context=context, now=MONDAY_0900 + timedelta(hours=1),
                             fields={"kr:1:confidence": "7"})

    await ticks(sessions, messenger, MONDAY_0900 + timedelta(days=1))
    [checkin] = messenger.to("U_ANNA")
    assert [q.id for q in checkin.questions if q.id.endswith(":confidence")] == ["kr:2:confidence"]
