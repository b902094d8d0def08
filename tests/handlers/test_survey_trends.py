"""Trends for digests: per statement, the average of each closed round, only where enough people answered."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from handlers.survey_trends import leadership_trends, team_development_trends
from tests.survey_orgs import SURVEY_ORG, person, reply, run_tick

# Every week a mood check, leadership first: leadership in the weeks of 5 and 19 Oct, development on 12 and 26 Oct.
WEEKLY = SURVEY_ORG.replace("okrs:", "surveys:\n  schedule: {mood: {every_weeks: 1, start_week: 0, "
                                     "first: leadership}}\nokrs:", 1)
LATER = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.fixture
async def org(load_org):
    await load_org(WEEKLY)


async def answer_round(sessions, messenger, at: datetime, kind: str, scores: dict[str, str], key: str):
    await run_tick(sessions, messenger, at)
    for user, score in scores.items():
        form = [m for m in messenger.to(user) if m.kind == kind][-1]
        assert not (await reply(sessions, user, form.context, {key: score}, at + timedelta(hours=1))).errors


async def test_a_managers_leadership_trend_has_a_point_per_closed_round(sessions, messenger, org):
    first, second = datetime(2026, 10, 5, 9, tzinfo=UTC), datetime(2026, 10, 19, 9, tzinfo=UTC)
    await answer_round(sessions, messenger, first, "survey_mood_lead",
                       {"U_ANNA": "4", "U_CARLA": "5", "U_DAAN": "6"}, "satisfied")
    await answer_round(sessions, messenger, second, "survey_mood_lead",
                       {"U_ANNA": "6", "U_CARLA": "6", "U_DAAN": "6"}, "satisfied")
    bram, maya = await person(sessions, "U_BRAM"), await person(sessions, "U_MAYA")
    async with sessions() as session:
        [trend] = await leadership_trends(session, manager=bram, now=LATER, min_respondents=3, locale="en")
        assert (trend.key, trend.tag, trend.text) == ("satisfied", "#JobSatisfaction",
                                                      "I am truly satisfied with my manager.")
        assert [(p.week.isoformat(), p.average, p.answered) for p in trend.points] == [
            ("2026-10-05", 5.0, 3), ("2026-10-19", 6.0, 3)]
        between = await leadership_trends(session, manager=bram, now=second + timedelta(days=1), min_respondents=3)
        assert [p.week.isoformat() for p in between[0].points] == ["2026-10-05"], "the open round is not in it"
        assert await leadership_trends(session, manager=maya, now=LATER, min_respondents=3) == []


async def test_a_teams_development_trend_is_averages_only(sessions, messenger, org):
    await answer_round(sessions, messenger, datetime(2026, 10, 12, 9, tzinfo=UTC), "survey_mood_dev",
                       {"U_BRAM": "5", "U_ANNA": "3", "U_CARLA": "4", "U_DAAN": "7"}, "career")
    async with sessions() as session:
        [trend] = await team_development_trends(session, team_id=1, now=LATER, min_respondents=3)
        assert (trend.key, [(p.average, p.answered) for p in trend.points]) == ("career", [(4.75, 4)])
        assert await team_development_trends(session, team_id=2, now=LATER, min_respondents=3) == []
