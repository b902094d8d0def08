"""The quarterly recaps in words: a team's in its channel, the organisation's in the configured one."""

from __future__ import annotations

import re

from bot.messages import Chart, Message, Text
from handlers.recap import ObjectiveRecap, OrgRecap, TeamRecap
from prompts import t
from prompts.formatting import bar, number, percent


def recap_message(recap: TeamRecap, *, locale: str, chart: bytes | None, narrative: str | None = None) -> Message:
    """Per objective its end, the grade read against its type, the confidence path and the learnings; then the
    invitation to plan the next period, and the chart when there is one."""
    blocks: list = [Text(t(locale, "recap.heading", team=recap.team, period=recap.period), "heading")]
    if narrative:
        blocks.append(Text(narrative))
    if not recap.objectives:
        blocks.append(Text(t(locale, "recap.no_objectives", period=recap.period), "muted"))
    for objective in recap.objectives:
        blocks.extend(_objective_blocks(objective, locale))
        if objective.learnings:
            blocks.append(Text(t(locale, "recap.learnings"), "muted"))
            blocks.extend(Text(t(locale, "recap.learning", text=r.text, name=r.name)) for r in objective.learnings)
    blocks.append(Text(t(locale, "recap.next_period")))
    if chart:
        blocks.append(Chart(f"recap-{_slug(recap.team)}-{_slug(recap.period)}.png",
                            t(locale, "recap.chart_title", team=recap.team, period=recap.period), chart))
    return Message("recap", locale, tuple(blocks), {"kind": "recap", "scope": f"team:{recap.team_id}"})


def org_recap_message(recap: OrgRecap, *, locale: str, chart: bytes | None, narrative: str | None = None) -> Message:
    """The organisation's objectives like a team's, then one line per team: no names, no survey answers."""
    blocks: list = [Text(t(locale, "recap.org_heading", period=recap.period), "heading")]
    if narrative:
        blocks.append(Text(narrative))
    for objective in recap.objectives:
        blocks.extend(_objective_blocks(objective, locale))
    if recap.teams:
        blocks.append(Text(t(locale, "recap.teams_heading"), "heading"))
        blocks.extend(Text(t(locale, "recap.team_line", team=line.team, objectives=line.objectives,
                             reached=line.reached, percent=percent(line.average_progress))) for line in recap.teams)
    blocks.append(Text(t(locale, "recap.next_period")))
    if chart:
        blocks.append(Chart(f"recap-{_slug(recap.period)}.png",
                            t(locale, "recap.org_chart_title", period=recap.period), chart))
    return Message("org_recap", locale, tuple(blocks), {"kind": "org_recap", "scope": "org"})


def _objective_blocks(objective: ObjectiveRecap, locale: str) -> list[Text]:
    blocks = [
        Text(t(locale, "recap.objective", title=objective.title, bar=bar(objective.progress),
               percent=percent(objective.progress))),
        Text(grade_text(objective, locale), "note"),
    ]
    if objective.confidence_path:
        path = " → ".join(number(locale, value) for _, value in objective.confidence_path)
        blocks.append(Text(t(locale, "recap.confidence_path", path=path), "note"))
    return blocks


def grade_text(objective: ObjectiveRecap, locale: str) -> str:
    """The grade in words, with what the objective's type asked for (committed 100%, aspirational about 70%)."""
    return t(locale, f"recap.grade.{objective.grade.verdict}", percent=percent(objective.grade.score))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "recap"
