"""Signals read from one key result's weekly check-ins: falling confidence, a stalled value, a forecast."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from handlers.trends import (
    Point,
    confidence_dropped,
    confidence_trend,
    confident_but_not_moving,
    forecast,
    stalled,
    unchanged_checkins,
)

START, END = date(2026, 10, 1), date(2026, 12, 31)  # 91 days
FIRST_MONDAY = date(2026, 10, 5)


def weekly(*answers: tuple[float | None, int, float]) -> list[Point]:
    """Check-ins on consecutive Mondays, each (value, confidence, progress)."""
    return [Point(FIRST_MONDAY + timedelta(weeks=i), *answer) for i, answer in enumerate(answers)]


def test_the_confidence_trend_lists_each_check_in_oldest_first():
    assert confidence_trend(weekly((30, 7, 0.25), (32, 6, 0.35), (35, 8, 0.5))) == (7, 6, 8)


def test_a_drop_of_two_confidence_points_is_a_signal():
    assert confidence_dropped(weekly((30, 8, 0.25), (31, 6, 0.3)))


def test_a_drop_of_one_point_is_not():
    assert not confidence_dropped(weekly((30, 8, 0.25), (31, 7, 0.3)))


def test_only_the_latest_change_counts_for_a_drop():
    assert not confidence_dropped(weekly((30, 9, 0.25), (31, 6, 0.3), (32, 6, 0.35)))
    assert not confidence_dropped(weekly((30, 6, 0.25), (31, 9, 0.3)))


def test_one_check_in_cannot_have_dropped():
    assert not confidence_dropped(weekly((30, 2, 0.25)))
    assert not confidence_dropped([])


def test_three_equal_values_have_stalled_for_two_check_ins():
    points = weekly((30, 7, 0.25), (30, 7, 0.25), (30, 7, 0.25))
    assert unchanged_checkins(points) == 2
    assert stalled(points)


def test_two_equal_values_have_not_stalled_yet():
    points = weekly((25, 7, 0.0), (30, 7, 0.25), (30, 7, 0.25))
    assert unchanged_checkins(points) == 1
    assert not stalled(points)


def test_a_value_that_moved_last_week_is_not_stalled_whatever_came_before():
    assert not stalled(weekly((30, 7, 0.25), (30, 7, 0.25), (30, 7, 0.25), (31, 7, 0.3)))


def test_a_threshold_that_keeps_holding_has_not_stalled():
    """Churn stays below 3%: 2.5 three weeks in a row is the goal kept, not a value stuck."""
    assert not stalled(weekly((2.5, 8, 1.0), (2.5, 8, 1.0), (2.5, 8, 1.0)))
    assert stalled(weekly((3.4, 8, 0.0), (3.4, 8, 0.0), (3.4, 8, 0.0)))


def test_a_missing_value_is_not_read_as_no_movement():
    assert unchanged_checkins(weekly((None, 7, 0.0), (None, 7, 0.0))) == 0


def test_confident_but_not_moving():
    assert confident_but_not_moving(weekly((30, 8, 0.25), (30, 8, 0.25)))


@pytest.mark.parametrize(
    ("points", "why"),
    [
        (weekly((30, 6, 0.25), (30, 6, 0.25)), "not confident"),
        (weekly((30, 8, 0.25), (33, 8, 0.4)), "the value moved"),
        (weekly((45, 9, 1.0), (45, 9, 1.0)), "the target is reached"),
        (weekly((30, 9, 0.25)), "nothing to compare with yet"),
        ([], "no check-ins"),
    ],
)
def test_not_confident_but_not_moving(points, why):
    assert not confident_but_not_moving(points), why


def test_the_forecast_extends_the_line_through_the_check_ins_to_the_period_end():
    """Progress 5%, 10%, 15% a week apart: 5% more every 7 days, so 15% + 5% * (91 - 18) / 7 at day 91."""
    points = [Point(START + timedelta(days=4 + 7 * i), None, 7, 0.05 * (i + 1)) for i in range(3)]
    assert forecast(points, START, END) == pytest.approx(0.15 + 0.05 * (91 - 18) / 7)


def test_the_forecast_never_promises_more_than_done_or_less_than_nothing():
    assert forecast(weekly((40, 9, 0.5), (45, 9, 0.9)), START, END) == 1.0
    assert forecast(weekly((40, 3, 0.5), (35, 3, 0.1)), START, END) == 0.0


def test_a_single_check_in_is_extended_from_the_start_of_the_period():
    """A quarter done after 7 of 91 days: at this pace, 91/7 quarters would be more than done."""
    assert forecast([Point(START + timedelta(days=7), 30, 7, 0.25)], START, END) == 1.0
    assert forecast([Point(START + timedelta(days=70), 30, 7, 0.5)], START, END) == pytest.approx(0.65)


def test_a_single_check_in_starts_from_the_progress_the_period_began_with():
    point = Point(START + timedelta(days=91), 30, 7, 0.4)
    assert forecast([point], START, END, start_progress=0.2) == pytest.approx(0.4)
    assert forecast([Point(START + timedelta(days=45), 30, 7, 0.3)], START, END, start_progress=0.2) \
        == pytest.approx(0.2 + 0.1 * 91 / 45)


def test_a_check_in_on_the_first_day_forecasts_itself():
    assert forecast([Point(START, 30, 7, 0.25)], START, END) == 0.25


def test_no_check_ins_no_forecast():
    assert forecast([], START, END) is None
