"""Stories about when people get prompted, reminded, snoozed and left alone."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from models import Absence
from scheduler.cadence import (
    WORKDAY_START,
    Cadence,
    Slot,
    current_slot,
    is_away,
    is_working_day,
    local_now,
    may_nudge,
    next_working_day,
    nominal_days,
    reminder_at,
    slot_for,
    snooze_until,
)

MONDAY = 0
FRIDAY = 4
SATURDAY = 5
SUNDAY = 6

MONDAY_0900 = Cadence(weekday=MONDAY, local_time=time(9, 0))
AMSTERDAM = "Europe/Amsterdam"
NEW_YORK = "America/New_York"
AUCKLAND = "Pacific/Auckland"
HONOLULU = "Pacific/Honolulu"

Q1_2026 = (date(2026, 1, 1), date(2026, 3, 31))
Q2_2026 = (date(2026, 4, 1), date(2026, 6, 30))
Q3_2026 = (date(2026, 7, 1), date(2026, 9, 30))
Q4_2026 = (date(2026, 10, 1), date(2026, 12, 31))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def prompt_utc(nominal: date, tz: str, cadence: Cadence = MONDAY_0900, country: str | None = None) -> datetime:
    return slot_for(nominal, cadence, tz, country).prompt_at


def slot_with_prompt_at(prompt_at: datetime, cadence: Cadence = MONDAY_0900) -> Slot:
    day = prompt_at.date()
    return Slot(key=day.isoformat(), nominal=day, local_day=day, prompt_at=prompt_at)


# --- daylight saving time -------------------------------------------------------------------------


def test_amsterdam_monday_0900_is_0800_utc_in_winter_and_0700_utc_after_the_march_dst_change():
    assert prompt_utc(date(2026, 3, 23), AMSTERDAM) == utc(2026, 3, 23, 8)
    assert prompt_utc(date(2026, 3, 30), AMSTERDAM) == utc(2026, 3, 30, 7)


def test_amsterdam_monday_0900_moves_an_hour_in_utc_after_the_october_dst_change():
    assert prompt_utc(date(2026, 10, 19), AMSTERDAM) == utc(2026, 10, 19, 7)
    assert prompt_utc(date(2026, 10, 26), AMSTERDAM) == utc(2026, 10, 26, 8)


def test_new_york_monday_0900_is_an_hour_earlier_in_utc_after_the_march_dst_change():
    assert prompt_utc(date(2026, 3, 2), NEW_YORK) == utc(2026, 3, 2, 14)
    assert prompt_utc(date(2026, 3, 9), NEW_YORK) == utc(2026, 3, 9, 13)


def test_new_york_monday_0900_is_an_hour_later_in_utc_after_the_november_dst_change():
    assert prompt_utc(date(2026, 10, 26), NEW_YORK) == utc(2026, 10, 26, 13)
    assert prompt_utc(date(2026, 11, 2), NEW_YORK) == utc(2026, 11, 2, 14)


def test_a_sunday_0230_check_in_that_falls_in_the_spring_forward_gap_uses_the_winter_offset():
    sunday_0230 = Cadence(weekday=SUNDAY, local_time=time(2, 30))
    # 02:30 does not exist on 2026-03-29 in Amsterdam; fold=0 reads it as 02:30 CET = 03:30 CEST.
    assert prompt_utc(date(2026, 3, 29), AMSTERDAM, sunday_0230) == utc(2026, 3, 29, 1, 30)


def test_a_sunday_0230_check_in_that_happens_twice_at_fall_back_uses_the_first_occurrence():
    sunday_0230 = Cadence(weekday=SUNDAY, local_time=time(2, 30))
    assert prompt_utc(date(2026, 10, 25), AMSTERDAM, sunday_0230) == utc(2026, 10, 25, 0, 30)


def test_auckland_monday_0900_is_still_sunday_in_utc():
    assert prompt_utc(date(2026, 2, 16), AUCKLAND) == utc(2026, 2, 15, 20)


def test_auckland_current_slot_at_sunday_2030_utc_is_already_mondays():
    slot = current_slot(MONDAY_0900, AUCKLAND, None, *Q1_2026, now=utc(2026, 2, 15, 20, 30))
    assert slot is not None
    assert slot.key == "2026-02-16"


def test_auckland_current_slot_at_sunday_1930_utc_is_still_last_weeks_although_it_is_monday_there():
    now = utc(2026, 2, 15, 19, 30)
    assert local_now(AUCKLAND, now).date() == date(2026, 2, 16)
    slot = current_slot(MONDAY_0900, AUCKLAND, None, *Q1_2026, now=now)
    assert slot is not None
    assert slot.key == "2026-02-09"


# --- every N weeks --------------------------------------------------------------------------------


def test_a_fortnightly_cadence_counts_weeks_from_the_period_start():
    fortnightly = Cadence(weekday=MONDAY, local_time=time(9, 0), every_weeks=2)
    days = nominal_days(fortnightly, date(2026, 1, 5), date(2026, 1, 5), date(2026, 2, 28))
    assert days == [date(2026, 1, 5), date(2026, 1, 19), date(2026, 2, 2), date(2026, 2, 16)]


def test_a_fortnightly_cadence_in_a_period_starting_midweek_begins_on_the_first_monday_after_it():
    # Q1 2026 starts on a Thursday: the first check-in is the Monday after, not a fortnight later.
    fortnightly = Cadence(weekday=MONDAY, local_time=time(9, 0), every_weeks=2)
    days = nominal_days(fortnightly, Q1_2026[0], *Q1_2026)
    assert days[:2] == [date(2026, 1, 5), date(2026, 1, 19)]
    assert days[-1] == date(2026, 3, 30)


def test_in_the_off_week_of_a_fortnightly_cadence_the_previous_weeks_slot_is_current():
    fortnightly = Cadence(weekday=MONDAY, local_time=time(9, 0), every_weeks=2)
    period = (date(2026, 1, 5), date(2026, 3, 29))
    off_week_monday_noon = utc(2026, 1, 12, 11)
    slot = current_slot(fortnightly, AMSTERDAM, "NL", *period, now=off_week_monday_noon)
    assert slot is not None
    assert slot.key == "2026-01-05"
    on_week_monday_noon = utc(2026, 1, 19, 11)
    slot = current_slot(fortnightly, AMSTERDAM, "NL", *period, now=on_week_monday_noon)
    assert slot is not None
    assert slot.key == "2026-01-19"


# --- public holidays ------------------------------------------------------------------------------


def test_kings_day_monday_is_sent_on_tuesday_but_keeps_mondays_key():
    slot = slot_for(date(2026, 4, 27), MONDAY_0900, AMSTERDAM, "NL")
    assert slot == Slot(
        key="2026-04-27",
        nominal=date(2026, 4, 27),
        local_day=date(2026, 4, 28),
        prompt_at=utc(2026, 4, 28, 7),
    )


def test_easter_monday_in_the_netherlands_is_sent_on_tuesday():
    slot = slot_for(date(2026, 4, 6), MONDAY_0900, AMSTERDAM, "NL")
    assert (slot.key, slot.local_day) == ("2026-04-06", date(2026, 4, 7))


def test_labor_day_in_the_us_is_sent_on_tuesday():
    slot = slot_for(date(2026, 9, 7), MONDAY_0900, NEW_YORK, "US")
    assert slot.local_day == date(2026, 9, 8)
    assert slot.prompt_at == utc(2026, 9, 8, 13)


def test_a_team_without_a_country_has_no_public_holidays():
    assert slot_for(date(2026, 4, 27), MONDAY_0900, AMSTERDAM, None).local_day == date(2026, 4, 27)
    assert is_working_day(date(2026, 12, 25), None)
    assert not is_working_day(date(2026, 12, 26), None)  # still a Saturday


def test_a_saturday_team_is_not_moved_by_the_weekend_only_by_a_holiday():
    saturday = Cadence(weekday=SATURDAY, local_time=time(10, 0))
    assert slot_for(date(2026, 12, 19), saturday, AMSTERDAM, "NL").local_day == date(2026, 12, 19)
    # Second Day of Christmas falls on Saturday 2026-12-26: on to Monday.
    assert slot_for(date(2026, 12, 26), saturday, AMSTERDAM, "NL").local_day == date(2026, 12, 28)


def test_on_kings_day_itself_last_weeks_slot_is_still_current():
    kings_day_noon = utc(2026, 4, 27, 10)
    slot = current_slot(MONDAY_0900, AMSTERDAM, "NL", *Q2_2026, now=kings_day_noon)
    assert slot is not None
    assert slot.key == "2026-04-20"


def test_the_holiday_slot_becomes_current_when_it_is_sent_the_next_morning():
    slot = current_slot(MONDAY_0900, AMSTERDAM, "NL", *Q2_2026, now=utc(2026, 4, 28, 7))
    assert slot is not None
    assert slot.key == "2026-04-27"


def test_next_working_day_skips_christmas_and_the_weekend():
    assert next_working_day(date(2026, 12, 24), "NL") == date(2026, 12, 24)
    assert next_working_day(date(2026, 12, 25), "NL") == date(2026, 12, 28)


def test_an_unknown_country_code_is_rejected():
    with pytest.raises(ValueError, match="unknown country code 'XX'"):
        is_working_day(date(2026, 4, 27), "XX")


# --- period bounds --------------------------------------------------------------------------------


def test_there_is_no_slot_before_the_first_cadence_day_of_the_period():
    just_before_first_monday = utc(2026, 7, 6, 6, 59)
    assert current_slot(MONDAY_0900, AMSTERDAM, "NL", *Q3_2026, now=just_before_first_monday) is None


def test_the_first_slot_of_the_period_is_current_from_its_prompt_instant():
    slot = current_slot(MONDAY_0900, AMSTERDAM, "NL", *Q3_2026, now=utc(2026, 7, 6, 7))
    assert slot is not None
    assert slot.key == "2026-07-06"


def test_after_the_period_ends_its_last_slot_stays_current():
    slot = current_slot(MONDAY_0900, AMSTERDAM, "NL", *Q3_2026, now=utc(2026, 10, 15, 12))
    assert slot is not None
    assert slot.key == "2026-09-28"


def test_a_period_that_has_not_started_has_no_slot():
    assert current_slot(MONDAY_0900, AMSTERDAM, "NL", *Q4_2026, now=utc(2026, 9, 28, 12)) is None


# --- reminders ------------------------------------------------------------------------------------


def test_a_reminder_24_hours_later_inside_working_hours_is_sent_as_is():
    tuesday_1000 = slot_with_prompt_at(utc(2026, 6, 9, 8))
    assert reminder_at(tuesday_1000, AMSTERDAM, "NL") == utc(2026, 6, 10, 8)


def test_a_reminder_for_a_friday_1600_prompt_waits_until_monday_0900():
    friday_1600 = slot_with_prompt_at(utc(2026, 6, 12, 14))
    assert reminder_at(friday_1600, AMSTERDAM, "NL") == utc(2026, 6, 15, 7)


def test_a_reminder_for_a_monday_2000_prompt_waits_for_wednesday_morning():
    monday_2000 = slot_with_prompt_at(utc(2026, 6, 8, 18))
    assert reminder_at(monday_2000, AMSTERDAM, "NL") == utc(2026, 6, 10, 7)


def test_a_reminder_that_would_land_before_office_hours_waits_until_0900_the_same_day():
    tuesday_0700 = slot_with_prompt_at(utc(2026, 6, 9, 5))
    assert reminder_at(tuesday_0700, AMSTERDAM, "NL") == utc(2026, 6, 10, 7)


def test_a_reminder_that_would_land_on_a_holiday_waits_for_the_next_working_day():
    wednesday_before_ascension = slot_with_prompt_at(utc(2026, 5, 13, 8))
    assert reminder_at(wednesday_before_ascension, AMSTERDAM, "NL") == utc(2026, 5, 15, 7)


def test_a_reminder_delay_can_be_shorter_than_a_day():
    monday_1000 = slot_with_prompt_at(utc(2026, 6, 8, 8))
    assert reminder_at(monday_1000, AMSTERDAM, "NL", after=timedelta(hours=4)) == utc(2026, 6, 8, 12)


# --- vacations ------------------------------------------------------------------------------------


def away(first_day: date, last_day: date | None) -> list[Absence]:
    return [Absence(person_id=1, first_day=first_day, last_day=last_day, source="typed", created_at=utc(2026, 1, 1))]


def test_the_last_vacation_day_in_auckland_is_away_until_local_midnight_while_utc_is_still_on_it():
    absences = away(date(2026, 2, 9), date(2026, 2, 16))
    assert is_away(absences, AUCKLAND, utc(2026, 2, 16, 10, 59))  # 23:59 Monday in Auckland
    assert not is_away(absences, AUCKLAND, utc(2026, 2, 16, 11, 0))  # 00:00 Tuesday in Auckland


def test_in_honolulu_the_last_vacation_day_lasts_into_the_next_utc_day():
    assert is_away(away(date(2026, 2, 9), date(2026, 2, 16)), HONOLULU, utc(2026, 2, 17, 9, 59))
    assert not is_away(away(date(2026, 2, 9), date(2026, 2, 16)), HONOLULU, utc(2026, 2, 17, 10, 0))


def test_an_absence_starts_at_local_midnight_of_its_first_day_and_an_open_one_has_no_end():
    absences = away(date(2026, 2, 16), None)
    assert not is_away(absences, AMSTERDAM, utc(2026, 2, 15, 22, 59))  # 23:59 Sunday in Amsterdam
    assert is_away(absences, AMSTERDAM, utc(2026, 2, 15, 23, 0))
    assert is_away(absences, AMSTERDAM, utc(2027, 2, 15))


def test_someone_without_a_vacation_is_never_away():
    assert not is_away([], AMSTERDAM, utc(2026, 2, 16))


# --- nudges ---------------------------------------------------------------------------------------

NOW = utc(2026, 6, 10, 12)


@pytest.mark.parametrize("sent", [[], [NOW - timedelta(days=1)]], ids=["no nudges", "one nudge"])
def test_fewer_than_two_recent_nudges_allows_another(sent):
    assert may_nudge(sent, NOW)


def test_two_nudges_within_seven_days_means_no_more():
    assert not may_nudge([NOW - timedelta(days=1), NOW - timedelta(days=6, hours=23)], NOW)


def test_a_nudge_from_exactly_seven_days_ago_no_longer_counts():
    assert may_nudge([NOW - timedelta(days=1), NOW - timedelta(days=7)], NOW)
    assert may_nudge([NOW - timedelta(days=1), NOW - timedelta(days=30)], NOW)


def test_the_cap_is_configurable():
    assert not may_nudge([NOW - timedelta(hours=1)], NOW, cap=1)


# --- snoozing -------------------------------------------------------------------------------------


def test_snoozing_for_2h_returns_two_hours_later():
    assert snooze_until("2h", AMSTERDAM, "NL", NOW) == NOW + timedelta(hours=2)


def test_snoozing_until_tomorrow_on_a_friday_means_monday_0900_local():
    friday_1500 = utc(2026, 6, 12, 13)
    assert snooze_until("tomorrow", AMSTERDAM, "NL", friday_1500) == utc(2026, 6, 15, 7)


def test_snoozing_until_tomorrow_late_on_friday_in_new_york_uses_the_local_friday():
    friday_2330_new_york = utc(2026, 6, 13, 3, 30)
    assert snooze_until("tomorrow", NEW_YORK, "US", friday_2330_new_york) == utc(2026, 6, 15, 13)


def test_snoozing_until_tomorrow_before_easter_monday_skips_the_holiday():
    easter_sunday_1500 = utc(2026, 4, 5, 13)
    assert snooze_until("tomorrow", AMSTERDAM, "NL", easter_sunday_1500) == utc(2026, 4, 7, 7)


def test_snooze_tomorrow_lands_at_workday_start():
    back_at = snooze_until("tomorrow", AMSTERDAM, "NL", NOW)
    assert local_now(AMSTERDAM, back_at).time() == WORKDAY_START


def test_an_unknown_snooze_choice_is_rejected():
    with pytest.raises(ValueError, match="snooze choice"):
        snooze_until("next week", AMSTERDAM, "NL", NOW)


# --- validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weekday": MONDAY, "every_weeks": 0}, "every_weeks"),
        ({"weekday": MONDAY, "every_weeks": 9}, "every_weeks"),
        ({"weekday": 7}, "weekday"),
        ({"weekday": -1}, "weekday"),
    ],
)
def test_a_cadence_outside_the_supported_range_is_rejected(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Cadence(local_time=time(9, 0), **kwargs)


def test_a_cadence_time_carries_no_zone_of_its_own():
    with pytest.raises(ValueError, match="naive"):
        Cadence(weekday=MONDAY, local_time=time(9, 0, tzinfo=UTC))


def test_a_naive_now_is_rejected():
    with pytest.raises(ValueError, match="timezone-aware"):
        current_slot(MONDAY_0900, AMSTERDAM, "NL", *Q2_2026, now=datetime(2026, 5, 4, 12))


def test_an_unknown_time_zone_is_rejected():
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus_Mons'"):
        local_now("Mars/Olympus_Mons", NOW)


# --- brute-force cross-check ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "tz", "country", "period"),
    [
        pytest.param(MONDAY_0900, AMSTERDAM, "NL", Q2_2026, id="amsterdam-q2-easter-kingsday-whitmonday"),
        pytest.param(
            Cadence(weekday=SUNDAY, local_time=time(2, 30), every_weeks=2),
            AMSTERDAM,
            "NL",
            Q1_2026,
            id="amsterdam-q1-fortnightly-sunday-in-the-dst-gap",
        ),
        pytest.param(
            Cadence(weekday=FRIDAY, local_time=time(16, 30)),
            AMSTERDAM,
            "NL",
            Q4_2026,
            id="amsterdam-q4-october-dst-and-christmas-friday",
        ),
        pytest.param(MONDAY_0900, NEW_YORK, "US", Q4_2026, id="new-york-q4-november-dst-and-columbus-day"),
        pytest.param(MONDAY_0900, AUCKLAND, None, Q2_2026, id="auckland-q2-april-dst"),
    ],
)
def test_current_slot_agrees_with_generating_every_slot_of_the_period(cadence, tz, country, period):
    period_start, period_end = period
    slots = [slot_for(day, cadence, tz, country) for day in nominal_days(cadence, period_start, *period)]
    now = datetime.combine(period_start - timedelta(days=7), time(), tzinfo=UTC)
    sweep_end = datetime.combine(period_end + timedelta(days=14), time(), tzinfo=UTC)
    while now <= sweep_end:
        due = [slot for slot in slots if slot.prompt_at <= now]
        expected = max(due, key=lambda slot: slot.nominal, default=None)
        assert current_slot(cadence, tz, country, period_start, period_end, now) == expected, now
        now += timedelta(minutes=37)
