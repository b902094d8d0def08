"""When 1:1s happen, when a manager's prep arrives, and when a team's summary and recap are due."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

from scheduler.cadence import Cadence
from scheduler.digest_calendar import (
    meetings,
    next_meeting,
    prep_at,
    previous_meeting,
    recap_at,
    summary_due,
    summary_slots,
    team_zone,
)

AMSTERDAM = "Europe/Amsterdam"
NEW_YORK = "America/New_York"
THURSDAY, FRIDAY = 3, 4
OCTOBER = (datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC))


@dataclass(frozen=True)
class Rule:
    weekday: int = THURSDAY
    local_time: str = "14:00"
    every_weeks: int = 1
    anchor: date = date(2026, 10, 1)
    prep_minutes: int = 120


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_weekly_thursday_1on1_keeps_its_amsterdam_time_across_the_clock_change():
    assert meetings(Rule(), AMSTERDAM, *OCTOBER) == [
        utc(2026, 10, 1, 12), utc(2026, 10, 8, 12), utc(2026, 10, 15, 12), utc(2026, 10, 22, 12),
        utc(2026, 10, 29, 13),  # winter time since 25 October
    ]


def test_every_two_weeks_counts_from_the_first_meeting_on_or_after_the_anchor():
    assert [m.day for m in meetings(Rule(every_weeks=2), AMSTERDAM, *OCTOBER)] == [1, 15, 29]
    assert [m.day for m in meetings(Rule(every_weeks=2, anchor=date(2026, 10, 2)), AMSTERDAM, *OCTOBER)] == [8, 22]


def test_there_is_no_1on1_before_its_anchor():
    later = Rule(anchor=date(2026, 10, 20))
    assert [m.day for m in meetings(later, AMSTERDAM, *OCTOBER)] == [22, 29]
    assert next_meeting(later, AMSTERDAM, utc(2026, 9, 1)) == utc(2026, 10, 22, 12)
    assert previous_meeting(later, AMSTERDAM, utc(2026, 10, 21)) is None


def test_a_public_holiday_does_not_move_a_1on1():
    christmas_friday = Rule(weekday=FRIDAY, local_time="10:00")
    assert next_meeting(christmas_friday, AMSTERDAM, utc(2026, 12, 24)) == utc(2026, 12, 25, 9)


def test_the_next_meeting_is_one_that_has_not_started():
    rule = Rule(every_weeks=2)
    assert next_meeting(rule, AMSTERDAM, utc(2026, 10, 15, 11, 59)) == utc(2026, 10, 15, 12)
    assert next_meeting(rule, AMSTERDAM, utc(2026, 10, 15, 12)) == utc(2026, 10, 29, 13)
    assert previous_meeting(rule, AMSTERDAM, utc(2026, 10, 15, 12)) == utc(2026, 10, 15, 12)
    assert previous_meeting(rule, AMSTERDAM, utc(2026, 10, 15, 11, 59)) == utc(2026, 10, 1, 12)


def test_a_new_york_1on1_follows_new_york_time():
    rule = Rule(weekday=0, local_time="09:30")  # Mondays; the US clocks change on 1 November
    assert next_meeting(rule, NEW_YORK, utc(2026, 10, 27)) == utc(2026, 11, 2, 14, 30)
    assert next_meeting(rule, NEW_YORK, utc(2026, 10, 20)) == utc(2026, 10, 26, 13, 30)


def test_the_prep_comes_the_chosen_time_before_the_meeting():
    assert prep_at(Rule(), utc(2026, 10, 29, 13)) == utc(2026, 10, 29, 11)
    assert prep_at(Rule(prep_minutes=90), utc(2026, 10, 29, 13)) == utc(2026, 10, 29, 11, 30)


MONDAY_0900 = Cadence(0, time(9, 0))


def test_a_summary_is_due_two_days_after_the_check_in_in_the_teams_zone():
    assert summary_due(date(2026, 10, 5), MONDAY_0900, AMSTERDAM, "NL") == utc(2026, 10, 7, 7)
    assert summary_due(date(2026, 10, 6), Cadence(1, time(10, 0)), NEW_YORK, "US") == utc(2026, 10, 8, 14)


def test_a_summary_that_would_fall_in_the_weekend_waits_for_monday_morning():
    thursday_1600 = Cadence(THURSDAY, time(16, 0))
    assert summary_due(date(2026, 10, 8), thursday_1600, AMSTERDAM, "NL") == utc(2026, 10, 12, 7)


def test_a_check_in_moved_by_christmas_moves_its_summary_too():
    friday = Cadence(FRIDAY, time(9, 0))  # 25 December 2026 is a Friday: the check-in goes out on Monday the 28th
    assert summary_due(date(2026, 12, 25), friday, AMSTERDAM, "NL") == utc(2026, 12, 30, 8)


def test_summary_slots_are_the_periods_check_in_days_anchored_on_its_start():
    every_two = Cadence(0, time(9, 0), every_weeks=2)
    slots = summary_slots(every_two, date(2026, 10, 1), date(2026, 12, 31), date(2026, 10, 1), date(2026, 10, 31))
    assert slots == [date(2026, 10, 5), date(2026, 10, 19)]
    assert summary_slots(every_two, date(2026, 10, 1), date(2026, 12, 31), date(2026, 12, 20), date(2027, 1, 10)) \
        == [date(2026, 12, 28)]


def test_the_recap_comes_at_ten_on_the_first_working_day_after_the_period():
    assert recap_at(date(2026, 12, 31), AMSTERDAM, "NL") == utc(2027, 1, 4, 9)  # New Year, then a weekend
    assert recap_at(date(2026, 12, 31), "UTC", None) == utc(2027, 1, 1, 10)  # the organisation: only weekends
    assert recap_at(date(2026, 9, 30), NEW_YORK, "US") == utc(2026, 10, 1, 14)


def test_a_team_without_a_zone_of_its_own_follows_most_of_its_members():
    assert team_zone("Europe/London", {AMSTERDAM: 5}) == "Europe/London"
    assert team_zone(None, {AMSTERDAM: 2, NEW_YORK: 3}) == NEW_YORK
    assert team_zone(None, {AMSTERDAM: 2, NEW_YORK: 2}) == NEW_YORK  # a tie: alphabetical, so it never flips
    assert team_zone(None, {}) == "UTC"


def test_meetings_over_a_long_range_step_exactly_every_n_weeks():
    found = meetings(Rule(every_weeks=3), AMSTERDAM, utc(2026, 10, 1), utc(2027, 10, 1))
    assert {b.date() - a.date() for a, b in pairwise(found)} == {timedelta(weeks=3)}
