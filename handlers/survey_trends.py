"""Mood-check trends as plain data for digests: per statement, the average per survey round.

Built only from what handlers/survey_privacy.py lets out, so a round appears only when it has closed and the
threshold holds for that statement:

* ``leadership_trends``: the leadership statements for ONE manager (their own cell of each round). There is no
  team-wide leadership trend: a team can have several managers, and a team average next to a manager's average
  would give away the others' answers by subtraction.
* ``team_development_trends``: the development statements for a team (averages only).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.survey_privacy import RoundResult, leadership_rounds, team_development_results
from models import Person


@dataclass(frozen=True)
class TrendPoint:
    round_id: int
    week: date
    average: float
    answered: int


@dataclass(frozen=True)
class StatementTrend:
    survey: str
    key: str
    text: str
    tag: str
    points: tuple[TrendPoint, ...]


def trends_of(results: Sequence[RoundResult]) -> list[StatementTrend]:
    """Round results (oldest first) as one trend per statement, in the catalog's order."""
    order: dict[str, tuple[str, str, str]] = {}
    points: dict[str, list[TrendPoint]] = {}
    for result in results:
        for s in result.statements:
            order.setdefault(s.key, (result.survey, s.text, s.tag))
            points.setdefault(s.key, []).append(TrendPoint(result.round_id, result.week, s.average, s.answered))
    return [StatementTrend(survey, key, text, tag, tuple(points[key])) for key, (survey, text, tag) in order.items()]


async def leadership_trends(
    session: AsyncSession, *, manager: Person, now: datetime, min_respondents: int, locale: str | None = None
) -> list[StatementTrend]:
    """How the people who report to ``manager`` rated their leadership, round by round (for that manager)."""
    rounds = await leadership_rounds(session, viewer=manager, now=now, min_respondents=min_respondents, locale=locale)
    return trends_of([r.result for r in rounds if r.result is not None])


async def team_development_trends(
    session: AsyncSession, *, team_id: int, now: datetime, min_respondents: int, locale: str = "en"
) -> list[StatementTrend]:
    """The team's development statements, round by round."""
    return trends_of(await team_development_results(session, team_id=team_id, now=now,
                                                    min_respondents=min_respondents, locale=locale))
