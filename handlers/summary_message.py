"""The weekly team summary in words: a progress bar per objective, each key result with its confidence and what
to learn from it, how many have not checked in yet (a count), the week's blockers. No red, amber or green."""

from __future__ import annotations

from datetime import date

from bot.messages import KeyResultLine, Message, Text
from handlers.adjust_story import change_line
from handlers.kpi_words import kpi_blocks
from handlers.phase import status_line
from handlers.team_summary import KeyResultSummary, Signal, TeamSummary
from prompts import t
from prompts.formatting import bar, human_date, percent


def summary_message(summary: TeamSummary, *, locale: str, narrative: str | None = None) -> Message:
    """The summary in words: a progress bar per objective, each key result with its confidence and what to
    learn from it, how many have not checked in yet, the week's blockers; an AI ``narrative`` goes on top."""
    heading = t(locale, "summary.heading", team=summary.team, date=human_date(locale, date.fromisoformat(summary.slot)))
    blocks: list = [Text(heading, "heading")]
    if narrative:
        blocks.append(Text(narrative))
    if summary.phase is not None:
        blocks.append(Text(status_line(summary.phase, locale, summary.period), "muted"))
    if not summary.objectives:
        blocks.append(Text(t(locale, "summary.no_objectives", period=summary.period), "muted"))
    for objective in summary.objectives:
        blocks.append(Text(t(locale, "summary.objective", title=objective.title, bar=bar(objective.progress),
                             percent=percent(objective.progress))))
        for kr in objective.key_results:
            blocks.extend(_kr_blocks(kr, locale))
    blocks.append(Text(_turnout_text(summary, locale), "muted"))
    blocks.extend(kpi_blocks(summary.kpis, locale))
    if summary.changes:
        blocks.append(Text(t(locale, "adjust.summary_changes"), "heading"))
        blocks.extend(Text(t(locale, "adjust.summary_change", title=title, change=change_line(change, locale)))
                      for title, change in summary.changes)
    if summary.blockers:
        blocks.append(Text(t(locale, "summary.blockers_heading"), "heading"))
        blocks.extend(Text(t(locale, "summary.blocker", key_result=b.key_result, text=b.text))
                      for b in summary.blockers)
    last_week = summary.phase is not None and summary.phase.name == "last_week"
    blocks.append(Text(t(locale, "summary.closing_last_week" if last_week else "summary.closing")))
    return Message("summary", locale, tuple(blocks), {"kind": "summary", "slot": summary.slot})


def _kr_blocks(kr: KeyResultSummary, locale: str) -> list:
    line = KeyResultLine(kr.id, kr.title, kr.value, kr.target, kr.unit, kr.progress, kr.confidence, kr.trend, kr.kind)
    if kr.confidence is None:
        return [line, Text(t(locale, "summary.no_checkin"), "note")]
    return [line, *(Text(signal_text(s, locale), "note") for s in kr.signals)]


def signal_text(signal: Signal, locale: str) -> str:
    """A signal as a question to learn from."""
    return t(locale, f"summary.{signal.kind}", before=signal.before, after=signal.after, n=signal.checkins)


def _turnout_text(summary: TeamSummary, locale: str) -> str:
    expected = summary.answered + summary.waiting
    if not summary.waiting:
        return t(locale, "summary.all_in") if expected else t(locale, "summary.nobody_expected")
    if summary.waiting_names:
        return t(locale, "summary.turnout_named", answered=summary.answered, expected=expected,
                 names=", ".join(summary.waiting_names))
    return t(locale, "summary.turnout", answered=summary.answered, expected=expected, waiting=summary.waiting)
