"""Who may see which survey answers. Every read of other people's answers is here (trends, ``results`` and digests
read through it), and each takes the viewer or returns aggregates only; handlers/surveys.py shows a person only
their own answers, and models/risk_store.py the pre-mortem risks, which are shared like the pre-mortem.

The rules:

* **Leadership quality** answers reach a manager only as aggregates of ONE fixed partition: per (manager of
  record, closed round). Per statement: the average, the spread over 1-7 and the "why" texts without names, in an
  order shuffled by a seed of the round and statement (never by person or time), and only when at least
  ``threshold(min_respondents)`` people answered that statement in that cell. There is no other grouping, filter
  or team view of these answers, so no two overlapping groups exist to compare. A round is shown only once it has
  CLOSED: its answers can't change any more, and the manager and team of record are snapshots taken when each
  answer was given, so a closed cell never changes (no "before and after one more answer" to compare). A cell
  below the threshold at closing never shows anything, later neither.
* **Personal development** answers belong to the person: they see their own; their manager sees them only if
  they were that person's manager when the answer was given AND still are. Teams see only averages and spreads
  (never texts) of closed rounds, per statement, over at least the threshold, and only when no manager of
  respondents in the team could single out fewer than the threshold of the others (a manager knows their own
  reports' answers and their own, so the team's average minus those must cover none or enough people).
* **Pre-mortem and reflection** answers are about the work: the objective's owners, the members of the team that
  owns it and the owners' managers may read them, with names.

Nothing here ranks or scores people, and no survey answer feeds a check-in grade.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.survey_catalog import AGREE, Added, Statement, SurveyRef, closes_at, statements
from models import Person, SurveyRound
from models.survey_queries import (
    added_statements,
    answers_of_person,
    leadership_weeks_asked,
    manager_cell,
    managers_of,
    objective_answers,
    objective_audience,
    period_answers,
    rounds_with_manager,
    rounds_with_team,
    team_cell,
    team_objective_answers,
)

FLOOR = 3  # with two respondents, each could work out the other's answer from an average
# The spread over 1-7 shows only with two respondents more than the threshold: at the threshold itself, counts of
# identical scores ("all three answered 2") would show every answer.
SPREAD_MARGIN = 2


def threshold(min_respondents: int) -> int:
    """The smallest group an aggregate is shown for: OKRBOT_MIN_RESPONDENTS, never below 3."""
    return max(FLOOR, int(min_respondents))


@dataclass(frozen=True)
class StatementResult:
    key: str
    text: str
    tag: str
    answered: int
    average: float
    spread: tuple[int, ...] | None  # how many answered 1, 2, ... 7; None below threshold + SPREAD_MARGIN
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoundResult:
    """One closed round's aggregate for one group; ``statements`` holds those that reached the threshold."""

    round_id: int
    survey: str
    week: date
    closed_at: datetime
    statements: tuple[StatementResult, ...]


@dataclass(frozen=True)
class LeadershipRound:
    """A closed leadership round as its manager may know it: ``result`` is None when too few answered."""

    round_id: int
    week: date
    closes_at: datetime
    state: str  # "too_few" | "shown"
    result: RoundResult | None = None


async def _catalog(session: AsyncSession, survey: str, locale: str) -> list[Statement]:
    added = [Added(s.catalog, s.key, s.text_en, s.text_nl, s.tag) for s in await added_statements(session)]
    return statements(survey, locale, added)


def _shuffled(texts: Sequence[str], round_id: int, key: str) -> tuple[str, ...]:
    ordered = sorted(texts)  # the store's order could follow who answered first; sorting forgets it
    random.Random(f"{round_id}:{key}").shuffle(ordered)
    return tuple(ordered)


def _result(key: str, known: dict[str, Statement], scores: list[int], texts: list[str], round_id: int,
            with_reasons: bool, minimum: int) -> StatementResult:
    counts = Counter(scores)
    statement = known.get(key, Statement(key, key))
    spread = tuple(counts.get(score, 0) for score in range(AGREE[0], AGREE[1] + 1))
    return StatementResult(
        key, statement.text, statement.tag, len(scores), sum(scores) / len(scores),
        spread if len(scores) >= minimum + SPREAD_MARGIN else None,
        _shuffled(texts, round_id, key) if with_reasons else (),
    )


def _ordered(results: list[StatementResult], known: list[Statement]) -> tuple[StatementResult, ...]:
    order = {s.key: i for i, s in enumerate(known)}
    return tuple(sorted(results, key=lambda r: (order.get(r.key, len(order)), r.key)))


async def _leadership_result(session: AsyncSession, round_: SurveyRound, manager_id: int, minimum: int,
                             known: list[Statement]) -> RoundResult | None:
    people, rows = await manager_cell(session, round_id=round_.id, manager_id=manager_id)
    if people < minimum:
        return None
    scores: dict[str, list[int]] = defaultdict(list)
    texts: dict[str, list[str]] = defaultdict(list)
    for question, score, text in rows:
        if score is not None:
            scores[question].append(score)
        if text:
            texts[question].append(text)
    by_key = {s.key: s for s in known}
    shown = [_result(key, by_key, scores[key], texts[key], round_.id, True, minimum) for key in scores
             if len(scores[key]) >= minimum]
    if not shown:
        return None
    return RoundResult(round_.id, round_.survey, date.fromisoformat(round_.key), round_.closes_at,
                       _ordered(shown, known))


async def leadership_rounds(
    session: AsyncSession, *, viewer: Person, now: datetime, min_respondents: int, locale: str | None = None
) -> list[LeadershipRound]:
    """Every closed leadership round asked of or answered by people who reported to ``viewer``, oldest first, each
    with its aggregate when enough of them answered. A round nobody answered reads exactly like one too few
    answered, so the line tells nothing about whether anyone did. Only ever about the viewer's own cell; open
    rounds are left out."""
    minimum = threshold(min_respondents)
    known = await _catalog(session, "mood_leadership", locale or viewer.locale)
    found = []
    answered = await rounds_with_manager(session, manager_id=viewer.id, survey="mood_leadership")
    for round_ in answered:
        if round_.closes_at > now:
            continue  # not even that someone answered is told before it closes
        week = date.fromisoformat(round_.key)
        result = await _leadership_result(session, round_, viewer.id, minimum, known)
        found.append(LeadershipRound(round_.id, week, round_.closes_at, "shown" if result else "too_few", result))
    seen = {(r.period_id, r.key) for r in answered}
    for period_id, week in await leadership_weeks_asked(session, manager_id=viewer.id, kind="survey_mood_lead"):
        closes = closes_at(SurveyRef("mood_leadership", period_id, week), date.min)
        if (period_id, week) not in seen and closes <= now:
            found.append(LeadershipRound(0, date.fromisoformat(week), closes, "too_few"))
    return sorted(found, key=lambda r: (r.closes_at, r.week))


async def leadership_result(
    session: AsyncSession, *, viewer: Person, round_id: int, now: datetime, min_respondents: int
) -> RoundResult | None:
    """The aggregate of one round for the viewer as manager; None unless closed and over the threshold."""
    for item in await leadership_rounds(session, viewer=viewer, now=now, min_respondents=min_respondents):
        if item.round_id == round_id:
            return item.result
    return None


@dataclass(frozen=True)
class PersonalRound:
    """One person's own answers to one development mood check: (statement, score, why)."""

    round_id: int
    week: date
    answers: tuple[tuple[Statement, int | None, str], ...]


async def development_answers(
    session: AsyncSession, *, viewer: Person, person_id: int, locale: str | None = None
) -> list[PersonalRound] | None:
    """A person's development mood checks, newest first, for that person or their manager (see the module);
    None for anyone else."""
    if viewer.id == person_id:
        rows = await answers_of_person(session, person_id=person_id, survey="mood_development")
    elif (await managers_of(session, ids=[person_id])).get(person_id) == viewer.id:
        rows = await answers_of_person(session, person_id=person_id, survey="mood_development", manager_id=viewer.id)
    else:
        return None
    known = {s.key: s for s in await _catalog(session, "mood_development", locale or viewer.locale)}
    grouped: dict[int, tuple[SurveyRound, list]] = {}
    for round_, question, score, text in rows:
        grouped.setdefault(round_.id, (round_, []))[1].append((known.get(question, Statement(question, question)),
                                                                score, text))
    return [PersonalRound(r.id, date.fromisoformat(r.key), tuple(answers)) for r, answers in grouped.values()]


async def team_development_results(
    session: AsyncSession, *, team_id: int, now: datetime, min_respondents: int, locale: str = "en"
) -> list[RoundResult]:
    """The team's closed development mood checks: per statement the average and spread (no texts), where the
    rules of the module hold. For team digests."""
    minimum = threshold(min_respondents)
    known = await _catalog(session, "mood_development", locale)
    by_key = {s.key: s for s in known}
    results = []
    for round_ in await rounds_with_team(session, team_id=team_id, survey="mood_development"):
        if round_.closes_at > now:
            continue
        rows = await team_cell(session, round_id=round_.id, team_id=team_id)
        per_question: dict[str, list[tuple[int, int | None, int]]] = defaultdict(list)
        for person_id, manager_id, question, score in rows:
            if score is not None:
                per_question[question].append((person_id, manager_id, score))
        shown = [
            _result(key, by_key, [score for _, _, score in answers], [], round_.id, False, minimum)
            for key, answers in per_question.items() if _safe_for_team(answers, minimum)
        ]
        if shown:
            results.append(RoundResult(round_.id, round_.survey, date.fromisoformat(round_.key), round_.closes_at,
                                       _ordered(shown, known)))
    return results


def _safe_for_team(answers: list[tuple[int, int | None, int]], minimum: int) -> bool:
    """Enough answers, and each manager of record, who knows their reports' answers (and their own), is left
    with none or at least ``minimum`` answers they don't know."""
    if len(answers) < minimum:
        return False
    people = {person for person, _, _ in answers}
    for manager in {manager for _, manager, _ in answers if manager is not None}:
        known = {person for person, m, _ in answers if m == manager} | {manager}
        unknown = len(people - known)
        if 0 < unknown < minimum:
            return False
    return True


async def objective_survey_answers(
    session: AsyncSession, *, viewer: Person, objective_id: int, survey: str
) -> list[tuple[str, str, int | None, str]] | None:
    """(name, question, score, text) of an objective's pre-mortem or reflection answers, for its audience
    (see the module); None for anyone else and for any other survey."""
    if survey not in ("premortem", "reflection"):
        return None
    if viewer.id not in await objective_audience(session, objective_id=objective_id):
        return None
    return await objective_answers(session, objective_id=objective_id, survey=survey)


async def development_for_managers(
    session: AsyncSession, *, period_id: int, people: Sequence[Person]
) -> dict[int, list[PersonalRound]]:
    """For 1:1 digests, per person: the development mood checks of the period their CURRENT manager may see (the
    rule of ``development_answers``: given while that manager was their manager), newest first, in the manager's
    language. People without a manager get nothing."""
    managed = {p.id: p.manager_id for p in people if p.manager_id is not None}
    if not managed:
        return {}
    locales = {p.id: p.locale for p in people}
    added = [Added(s.catalog, s.key, s.text_en, s.text_nl, s.tag) for s in await added_statements(session)]
    known: dict[str, dict[str, Statement]] = {}
    grouped: dict[int, dict[int, tuple[SurveyRound, list]]] = defaultdict(dict)
    rows = await period_answers(session, period_id=period_id, survey="mood_development", person_ids=sorted(managed))
    for round_, person_id, question, score, text, manager_id in rows:
        if manager_id is None or manager_id != managed.get(person_id):
            continue
        locale = locales.get(manager_id, "en")
        if locale not in known:
            known[locale] = {s.key: s for s in statements("mood_development", locale, added)}
        statement = known[locale].get(question, Statement(question, question))
        grouped[person_id].setdefault(round_.id, (round_, []))[1].append((statement, score, text))
    return {
        person_id: [PersonalRound(r.id, date.fromisoformat(r.key), tuple(answers)) for r, answers in rounds.values()]
        for person_id, rounds in grouped.items()
    }


async def team_reflections(
    session: AsyncSession, *, period_id: int, team_ids: Sequence[int]
) -> dict[int, list[tuple[str, str, str]]]:
    """For a team's recap in its channel: (name, question, text) of the reflection answers on the objectives the
    team owns (their audience includes every member); personal objectives' reflections stay with their audience."""
    if not team_ids:
        return {}
    found: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for objective_id, name, question, _, text in await team_objective_answers(
        session, period_id=period_id, team_ids=team_ids, survey="reflection"
    ):
        if text.strip():
            found[objective_id].append((name, question, text))
    return dict(found)
