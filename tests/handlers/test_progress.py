"""How far a key result is, how an objective adds its key results up, and what grade the period ends with."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.console_render import render
from handlers.checkin import open_checkin, submit_checkin
from handlers.checkin_form import field_id
from handlers.commands import handle_command
from handlers.digest_data import load
from handlers.progress import grade, kr_progress, objective_progress
from handlers.recap import build_recap
from handlers.summary_message import summary_message
from handlers.team_summary import build_summary
from models import Team
from models.db import transaction
from models.org_queries import key_results_by_ref
from models.people_queries import period_by_name, person_by_platform_id
from tests.orgs import SMALL_ORG


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


# --- one rule in every message -------------------------------------------------------------------------------

BEN_MONDAY = datetime(2026, 10, 5, 13, tzinfo=UTC)  # 09:00 in New York, the Sales team's first check-in


async def ben_says(sessions, slot: str, churn: str, now: datetime) -> None:
    async with transaction(sessions) as session:
        ben = await person_by_platform_id(session, platform_user_id="U_BEN")
        krs = await key_results_by_ref(session, refs=["churn", "renewals"])
        opened = await open_checkin(session, person=ben, now=now)
        fields = {field_id(krs["churn"].id, "value"): churn, field_id(krs["churn"].id, "confidence"): "8",
                  field_id(krs["renewals"].id, "value"): "76", field_id(krs["renewals"].id, "confidence"): "6"}
        await submit_checkin(session, person=ben, context={**opened.context, "slot": slot}, fields=fields, now=now)


async def bens_view(sessions, text: str, now: datetime) -> str:
    """What Ben sees in his chat for ``checkin`` or ``team``."""
    async with sessions() as session:
        ben = await person_by_platform_id(session, platform_user_id="U_BEN")
        if text == "checkin":
            return render(await open_checkin(session, person=ben, now=now))
        return render(await handle_command(session, person=ben, text=text, now=now))


async def test_threshold_that_holds_is_100_percent(sessions, load_org):
    """Ben's "Monthly churn stays below 3%": held at 2.5, not held at 3.4, held again at 2.8. Every message says
    100% while it holds and 0% while it doesn't, and before his first answer none claims a value."""
    await load_org(SMALL_ORG)
    churn = "Monthly churn stays below 3%"
    before = await bens_view(sessions, "checkin", BEN_MONDAY)
    assert f"{churn}   no value yet (should stay below 3%)  ░░░░░░░░░░ 0%" in before  # not "3% ✓ 0%": nothing reported

    await ben_says(sessions, "2026-10-05", "2,5", BEN_MONDAY)
    held = f"{churn}   2.5% (stays below 3% ✓)  ▓▓▓▓▓▓▓▓▓▓ 100%"
    assert held in await bens_view(sessions, "checkin", BEN_MONDAY + timedelta(weeks=1))
    assert held in await bens_view(sessions, "team", BEN_MONDAY + timedelta(days=1))
    async with sessions() as session:
        sales = (await session.execute(select(Team).where(Team.name == "Sales"))).scalar_one()
        period = await period_by_name(session, name="2026-Q4")
        snapshot = await load(session, period=period)
    summary = build_summary(snapshot, team_id=sales.id, slot="2026-10-05")
    assert held in render(summary_message(summary, locale="en"))

    await ben_says(sessions, "2026-10-12", "3,4", BEN_MONDAY + timedelta(weeks=1))
    missed = f"{churn}   3.4% (should stay below 3% ✗)  ░░░░░░░░░░ 0%"
    assert missed in await bens_view(sessions, "team", BEN_MONDAY + timedelta(days=8))
    await ben_says(sessions, "2026-10-19", "2,8", BEN_MONDAY + timedelta(weeks=2))
    async with sessions() as session:
        snapshot = await load(session, period=period)
    [objective] = build_recap(snapshot, team_id=sales.id).objectives
    path = next(kr for kr in objective.key_results if kr.title == churn)
    assert path.kind == "stay_below" and [point.progress for point in path.points] == [1.0, 0.0, 1.0]
    assert path.progress == 1.0
    renewals = kr_progress("increase", 70, 85, 76)
    assert objective.progress == pytest.approx((renewals + 1.0) / 2)
    held_again = f"{churn}   2.8% (stays below 3% ✓)  ▓▓▓▓▓▓▓▓▓▓ 100%"
    assert held_again in await bens_view(sessions, "team", BEN_MONDAY + timedelta(days=15))
