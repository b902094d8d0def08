"""How far a key result is, how an objective adds its key results up, and what grade the period ends with."""

from __future__ import annotations

import pytest

from handlers.progress import grade, kr_progress, objective_progress


@pytest.mark.parametrize(("current", "progress"), [(25, 0.0), (35, 0.5), (45, 1.0)])
def test_an_increase_runs_from_baseline_to_target(current, progress):
    """NPS from 25 to 45: halfway at 35."""
    assert kr_progress("increase", 25, 45, current) == pytest.approx(progress)


@pytest.mark.parametrize(("current", "progress"), [(8, 0.0), (5, 0.5), (2, 1.0)])
def test_a_decrease_runs_down_from_baseline_to_target(current, progress):
    """First reply from 8 hours to 2: halfway at 5 hours."""
    assert kr_progress("decrease", 8, 2, current) == pytest.approx(progress)


@pytest.mark.parametrize(
    ("kind", "baseline", "target", "current", "progress"),
    [
        ("increase", 25, 45, 60, 1.0),  # overshooting the target is still 100%
        ("increase", 25, 45, 10, 0.0),  # falling below where we started is not negative
        ("decrease", 8, 2, 1, 1.0),
        ("decrease", 8, 2, 12, 0.0),
    ],
)
def test_progress_is_clamped_between_zero_and_one(kind, baseline, target, current, progress):
    assert kr_progress(kind, baseline, target, current) == progress


@pytest.mark.parametrize(("current", "progress"), [(85, 1.0), (80, 1.0), (79.9, 0.0)])
def test_stay_above_holds_while_the_value_is_at_or_above_the_threshold(current, progress):
    assert kr_progress("stay_above", 80, 80, current) == progress


@pytest.mark.parametrize(("current", "progress"), [(2.5, 1.0), (3, 1.0), (3.1, 0.0)])
def test_stay_below_holds_while_churn_is_at_or_below_the_threshold(current, progress):
    assert kr_progress("stay_below", 3, 3, current) == progress


@pytest.mark.parametrize(("current", "progress"), [(None, 0.0), (0.0, 0.0), (1.0, 1.0)])
def test_a_milestone_is_done_or_not(current, progress):
    assert kr_progress("milestone", 0, 1, current) == progress


def test_without_a_check_in_the_baseline_stands():
    assert kr_progress("increase", 25, 45, None) == 0.0
    assert kr_progress("decrease", 8, 2, None) == 0.0


@pytest.mark.parametrize(("current", "progress"), [(None, 1.0), (50, 1.0), (49, 0.0)])
def test_baseline_equal_to_target_does_not_divide_by_zero(current, progress):
    assert kr_progress("increase", 50, 50, current) == progress


def test_an_unknown_kind_is_an_error_not_a_silent_zero():
    with pytest.raises(ValueError, match="unknown key result kind"):
        kr_progress("grow", 0, 1, 0.5)


def test_an_objective_weighs_its_key_results():
    """Half of a double-weight key result and a finished single-weight one: (0.5*2 + 1*1) / 3."""
    assert objective_progress([(0.5, 2.0), (1.0, 1.0)]) == pytest.approx(2 / 3)


def test_equal_weights_give_the_plain_mean():
    assert objective_progress([(0.2, 1.0), (0.4, 1.0), (0.9, 1.0)]) == pytest.approx(0.5)


def test_an_objective_without_key_results_has_no_progress():
    assert objective_progress([]) == 0.0
    assert objective_progress([(0.8, 0.0)]) == 0.0


@pytest.mark.parametrize(("score", "verdict"), [(1.0, "delivered"), (0.9, "not_delivered"), (0.0, "not_delivered")])
def test_a_committed_objective_is_delivered_only_at_full_score(score, verdict):
    result = grade("committed", score)
    assert (result.type, result.score, result.verdict) == ("committed", score, verdict)


@pytest.mark.parametrize(("score", "verdict"), [(1.0, "good"), (0.7, "good"), (0.5, "partial"), (0.2, "low")])
def test_an_aspirational_objective_is_good_at_about_seventy_percent(score, verdict):
    result = grade("aspirational", score)
    assert (result.type, result.score, result.verdict) == ("aspirational", score, verdict)


def test_a_grade_is_rounded_and_kept_within_zero_and_one():
    assert grade("aspirational", 0.6666).score == 0.67
    assert grade("committed", 1.3).score == 1.0
    assert grade("aspirational", -0.2) == grade("aspirational", 0.0)


def test_a_threshold_counts_as_held_only_once_someone_reported_a_value():
    assert kr_progress("stay_below", 3, 3, None) == 0.0
    assert kr_progress("stay_above", 7.2, 7, None) == 0.0
