"""The quarterly recaps in words: a team's in its channel, the organisation's in the configured one.

A final recap (the period is over) looks back in the past tense; a recap of a running period says "so far", in the
present tense, with the days left, and gives no verdict yet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.messages import Chart, Message, Text
from handlers.adjust_story import change_lines, ending_line
from handlers.kpi_words import health_blocks
from handlers.phase import phase_params, status_line
from handlers.recap import ObjectiveRecap, OrgRecap, TeamRecap
from prompts import t
from prompts.formatting import bar, number, percent

PATH_POINTS = 6  # a confidence path in words; more weeks read as a row of numbers, and the chart shows them all


def recap_message(recap: TeamRecap, *, locale: str, chart: bytes | None, narrative: str | None = None) -> Message:
    """Per objective where it ended (or stands so far), the grade read against its type, the confidence path and
    the learnings; then the invitation to plan the next period (or to use the days left), and the chart."""
    words = _words(recap, locale)
    blocks: list = [Text(t(locale, _key(words, "heading"), team=recap.team, period=recap.period),
                         "heading"), *_status(recap, locale)]
    if narrative:
        blocks.append(Text(narrative))
    if not recap.objectives:
        blocks.append(Text(t(locale, "recap.no_objectives", period=recap.period), "muted"))
    for objective in recap.objectives:
        blocks.extend(_objective_blocks(objective, locale, words))
        if objective.learnings:
            blocks.append(Text(t(locale, "recap.learnings"), "muted"))
            blocks.extend(Text(t(locale, "recap.learning", text=r.text, name=r.name)) for r in objective.learnings)
    blocks.extend(health_blocks(recap.kpis, locale))
    blocks.append(Text(t(locale, _key(words, "next_period"), **words)))
    title = t(locale, "recap.chart_title", team=recap.team, period=recap.period)
    blocks.extend(_chart(recap, locale, chart and Chart(f"recap-{_slug(recap.team)}-{_slug(recap.period)}.png",
                                                        title, chart)))
    return Message("recap", locale, tuple(blocks), {"kind": "recap", "scope": f"team:{recap.team_id}"})


def org_recap_message(recap: OrgRecap, *, locale: str, chart: bytes | None, narrative: str | None = None) -> Message:
    """The organisation's objectives like a team's, then one line per team: no names, no survey answers."""
    words = _words(recap, locale)
    blocks: list = [Text(t(locale, _key(words, "org_heading"), period=recap.period), "heading"),
                    *_status(recap, locale)]
    if narrative:
        blocks.append(Text(narrative))
    for objective in recap.objectives:
        blocks.extend(_objective_blocks(objective, locale, words))
    if recap.teams:
        blocks.append(Text(t(locale, "recap.teams_heading"), "heading"))
        blocks.extend(Text(t(locale, _key(words, "team_line"), team=line.team, objectives=line.objectives,
                             reached=line.reached, percent=percent(line.average_progress))) for line in recap.teams)
    blocks.extend(health_blocks(recap.kpis, locale))
    blocks.append(Text(t(locale, _key(words, "next_period"), **words)))
    title = t(locale, "recap.org_chart_title", period=recap.period)
    blocks.extend(_chart(recap, locale, chart and Chart(f"recap-{_slug(recap.period)}.png", title, chart)))
    return Message("org_recap", locale, tuple(blocks), {"kind": "org_recap", "scope": "org"})


def _chart(recap: TeamRecap | OrgRecap, locale: str, chart: Chart | None) -> list[Chart | Text]:
    """The chart; when no key result has a check-in yet, a sentence saying so instead of an empty frame (and no
    image: handlers/recap_chart.py draws none)."""
    if recap.objectives and not any(kr.points for objective in recap.objectives for kr in objective.key_results):
        return [Text(t(locale, "charts.no_data", period=recap.period), "muted")]
    return [chart] if chart else []


def _words(recap: TeamRecap | OrgRecap, locale: str) -> dict[str, str]:
    """``tense`` (final | so_far) and the phase's placeholders (days left...) for the recap's texts."""
    if recap.final or recap.phase is None:
        return {"tense": "final", "period": recap.period}
    return {"tense": "so_far", "period": recap.period, **phase_params(recap.phase, locale)}


def _key(words: dict[str, str], name: str) -> str:
    """A final recap's text is ``recap.<name>``, a running period's ``recap.so_far.<name>``."""
    return f"recap.{name}" if words["tense"] == "final" else f"recap.so_far.{name}"


def _status(recap: TeamRecap | OrgRecap, locale: str) -> list[Text]:
    return [] if recap.final or recap.phase is None else [Text(status_line(recap.phase, locale, recap.period), "muted")]


def _objective_blocks(objective: ObjectiveRecap, locale: str, words: dict[str, str]) -> list[Text]:
    blocks = [
        Text(t(locale, "recap.objective", title=objective.title, bar=bar(objective.progress),
               percent=percent(objective.progress))),
        Text(ending_line(objective.status, objective.changes, locale) or grade_text(objective, locale, words), "note"),
    ]
    if objective.changes:  # dropping is not failing: the day and the reason stand in place of a verdict
        blocks.append(Text(t(locale, "adjust.recap_changes"), "muted"))
        blocks.extend(Text(f"• {line}", "note") for line in change_lines(objective.changes, locale))
    if objective.confidence_path:
        path = " → ".join(number(locale, value) for _, value in sampled(objective.confidence_path))
        blocks.append(Text(t(locale, _key(words, "confidence_path"), path=path), "note"))
    return blocks


def sampled(points: Sequence, most: int = PATH_POINTS) -> list:
    """At most ``most`` of ``points``, evenly spread, always with the first and the last: a path a reader can take in
    at a glance (the chart has every week)."""
    if len(points) <= most:
        return list(points)
    last = len(points) - 1
    return [points[round(i * last / (most - 1))] for i in range(most)]


def grade_text(objective: ObjectiveRecap, locale: str, words: dict[str, str] | None = None) -> str:
    """The grade in words, with what the objective's type asks for (committed 100%, aspirational about 70%): a
    verdict once the period is over, where it stands so far while it runs."""
    words = words or {"tense": "final"}
    return t(locale, _key(words, f"grade.{objective.grade.verdict}"),
             **{**words, "percent": percent(objective.grade.score)})


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "recap"
