"""``results``: what the survey answers let a person see, as one neutral message.

For a manager: the latest closed leadership mood check of the people who report to them (averages, spreads and
"why" texts without names, only over the threshold; otherwise a line that nothing is shown), the trend per
statement, and each direct report's own latest development answers (shared with their manager only). For
everyone: their own latest development answers. All of it comes through handlers/survey_privacy.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message, Text
from handlers.survey_privacy import (
    LeadershipRound,
    PersonalRound,
    StatementResult,
    development_answers,
    leadership_rounds,
    threshold,
)
from handlers.survey_trends import trends_of
from models import Person
from models.coach_queries import direct_reports
from prompts import t
from prompts.formatting import human_date, number

SPARKS = "▁▂▃▄▅▆▇█"


def spread(counts: tuple[int, ...]) -> str:
    """How answers spread over 1..7 as a small bar per score: ``1 ▁▁▄▁█▁▄ 7``."""
    top = max(counts) or 1
    bars = "".join(SPARKS[0] if n == 0 else SPARKS[max(1, round(n / top * (len(SPARKS) - 1)))] for n in counts)
    return f"1 {bars} {len(counts)}"


async def results_message(session: AsyncSession, *, person: Person, now: datetime, min_respondents: int = 3
                          ) -> Message:
    locale = person.locale
    blocks: list = [Text(t(locale, "surveys.results.heading", name=person.name), "heading")]
    rounds = await leadership_rounds(session, viewer=person, now=now, min_respondents=min_respondents)
    blocks += leadership_blocks(rounds, locale, threshold(min_respondents))
    reports = await direct_reports(session, manager_id=person.id)
    if reports:
        blocks.append(Text(t(locale, "surveys.results.reports_heading"), "heading"))
    for report in reports:
        answered = await development_answers(session, viewer=person, person_id=report.id)
        blocks += personal_blocks(report.name, answered[0] if answered else None, locale)
    own = await development_answers(session, viewer=person, person_id=person.id)
    if own:
        blocks += personal_blocks(person.name, own[0], locale)
    if len(blocks) == 1:
        blocks.append(Text(t(locale, "surveys.results.nothing")))
    return Message("survey_results", locale, tuple(blocks))


def leadership_blocks(rounds: list[LeadershipRound], locale: str, minimum: int) -> list:
    """The latest closed round in full, the earlier ones only in the trend line."""
    if not rounds:
        return []
    latest = rounds[-1]
    week = human_date(locale, latest.week)
    if latest.result is None:
        blocks: list = [Text(t(locale, "surveys.results.too_few", week=week, minimum=minimum))]
    else:
        blocks = [Text(t(locale, "surveys.results.leadership_heading", week=week,
                         respondents=max(s.answered for s in latest.result.statements)), "heading")]
        for statement in latest.result.statements:
            blocks += _statement_blocks(statement, locale)
    trends = [tr for tr in trends_of([r.result for r in rounds if r.result]) if len(tr.points) > 1]
    if trends:
        path = "; ".join(f"{tr.key} " + "→".join(number(locale, p.average) for p in tr.points)
                         for tr in trends)
        blocks.append(Text(t(locale, "surveys.results.trend") + path, "muted"))
    return blocks


def _statement_blocks(statement: StatementResult, locale: str) -> list:
    line = t(locale, "surveys.results.leadership_line", statement=statement.text,
             average=number(locale, statement.average),
             spread=spread(statement.spread) if statement.spread else "")
    blocks: list = [Text(line)]
    if statement.reasons:
        blocks.append(Text(t(locale, "surveys.results.reasons"), "muted"))
        blocks += [Text(t(locale, "surveys.results.reason", text=reason), "note") for reason in statement.reasons]
    return blocks


def personal_blocks(name: str, answered: PersonalRound | None, locale: str) -> list:
    if answered is None:
        return [Text(t(locale, "surveys.results.report_none", name=name), "muted")]
    blocks: list = [Text(t(locale, "surveys.results.report_line", name=name, week=human_date(locale, answered.week)))]
    for statement, score, why in answered.answers:
        blocks.append(Text(t(locale, "surveys.results.report_answer", statement=statement.text,
                             score="–" if score is None else score, why=f" — {why}" if why else "")))
    return blocks
