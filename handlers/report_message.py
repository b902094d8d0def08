"""Progress reports in words: the neutral message a person or channel sees.

While the period runs, a key result's signals look ahead (a forecast, "next week"); once it has ended they look
back and forecast nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.messages import KeyResultLine, Message, Text
from handlers.phase import PeriodPhase, status_line
from handlers.progress import shown_value
from handlers.report import KeyResultReport, ObjectiveReport
from handlers.trends import unchanged_checkins
from prompts import t
from prompts.formatting import bar, percent


def progress_message(*, kind: str, heading: str, locale: str, reports: Sequence[ObjectiveReport],
                     empty: str, phase: PeriodPhase, period: str) -> Message:
    """Per objective a progress bar, per key result where it stands with its confidence path and signals, worded
    for where the period stands (``phase``)."""
    blocks: list = [Text(heading, "heading"), Text(status_line(phase, locale, period), "muted")]
    if not reports:
        blocks.append(Text(empty, "muted"))
    for objective in reports:
        blocks.append(Text(objective_line(objective, locale)))
        for kr in objective.key_results:
            blocks.append(_kr_line(kr))
            blocks.extend(Text(s, "note") for s in signals(kr, locale, phase))
    return Message(kind, locale, tuple(blocks), {"kind": kind})


def objective_line(objective: ObjectiveReport, locale: str) -> str:
    return t(locale, "report.objective_line", title=objective.title, type=t(locale, f"report.{objective.type}"),
             bar=bar(objective.progress), percent=percent(objective.progress))


def grade_text(objective: ObjectiveReport, locale: str) -> str:
    return t(locale, f"report.grade.{objective.grade.verdict}", percent=percent(objective.grade.score))


def _kr_line(kr: KeyResultReport) -> KeyResultLine:
    last = kr.points[-1].confidence if kr.points else None
    value = shown_value(kr.kind, kr.baseline, kr.current)
    return KeyResultLine(kr.id, kr.title, value, kr.target, kr.unit, kr.progress, last, kr.confidences, kr.kind)


def signals(kr: KeyResultReport, locale: str, phase: PeriodPhase) -> list[str]:
    """What is worth talking about on this key result, phrased as a question rather than a colour; after the
    period's end, a look back without forecasts."""
    found = []
    past = "" if phase.looks_ahead else "ended."
    if kr.confidence_dropped:
        before, after = kr.points[-2].confidence, kr.points[-1].confidence
        found.append(t(locale, f"report.{past}dropped", before=before, after=after))
    if kr.stalled:
        found.append(t(locale, f"report.{past}stalled", n=unchanged_checkins(kr.points)))
    elif kr.confident_but_not_moving and phase.looks_ahead:
        found.append(t(locale, "report.confident_not_moving"))
    if phase.looks_ahead and kr.forecast is not None and kr.points and kr.kind in ("increase", "decrease"):
        found.append(t(locale, "report.forecast", percent=percent(kr.forecast)))
    return found
