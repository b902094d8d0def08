"""The demo's closing pages: each team's progress in its own language, then the quarter in one table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import timedelta

from bot import demo_audience
from bot.console_render import render
from handlers.phase import phase_on
from handlers.report import ObjectiveReport, objective_reports
from handlers.report_message import grade_text, progress_message
from handlers.visibility import channel_objectives, is_personal
from models import Period
from models.db import SessionFactory
from models.demo_queries import all_teams
from models.report_queries import objectives_of_period, objectives_of_team
from prompts import t
from prompts.formatting import bar, clip, percent

TITLE_WIDTH = 52
Write = Callable[[str], None]


async def print_quarter(sessions: SessionFactory, period: Period, stats: Counter, write: Write) -> None:
    ended = phase_on(period.start, period.end, period.end + timedelta(days=1))  # the quarter was played to its end
    async with sessions() as session:
        for team in await all_teams(session):
            objectives = channel_objectives(await objectives_of_team(session, team_id=team.id, period_id=period.id),
                                            team_id=team.id)
            reports = await objective_reports(session, objectives=objectives, period=period)
            message = progress_message(
                kind="team", locale=team.locale, reports=reports,
                heading=t(team.locale, "report.team_heading", team=team.name, period=period.name),
                empty=t(team.locale, "report.no_objectives", period=period.name), phase=ended, period=period.name,
            )
            write(f"\n── {team.name}: progress with the confidence path per key result, as 'team' shows it " + "─" * 8)
            write(render(message))
            write(demo_audience.on_request(team.name, team.locale))
        open_to_all = [o for o in await objectives_of_period(session, period_id=period.id) if not is_personal(o)]
        everything = await objective_reports(session, objectives=open_to_all, period=period)
    write(f"\n── {t('en', 'report.org_heading', period=period.name)} " + "─" * 30)
    write(_table(everything))
    write(_totals(stats))
    write(demo_audience.NOBODY)


def _table(reports: list[ObjectiveReport]) -> str:
    rows = [("Objective", "level", "type", "progress", "where it ended")]  # OKRs are no appraisal: no "grade"
    for o in reports:
        rows.append((clip(o.title, TITLE_WIDTH), o.level, o.type, f"{bar(o.progress)} {percent(o.progress):>4}",
                     grade_text(o, "en")))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def _totals(stats: Counter) -> str:
    return (
        f"\ncheck-ins that reached people {stats['asked']}, answered {stats['answered']} of them "
        f"({percent(stats['answered'] / max(stats['asked'], 1))}; {stats['answered partly']} partly), "
        f"skipped weeks {stats['skipped weeks']}, missed {stats['missed']}, reminders {stats['reminder']}, "
        f"snoozed {stats['snooze']} (came back {stats['snoozed']}), skipped {stats['skip']}, "
        f"vacations {stats['vacations']}\n"
        f"surveys sent {sum(n for kind, n in stats.items() if kind.startswith('survey_mood'))} mood checks, "
        f"{stats['survey_premortem']} pre-mortems, {stats['survey_reflection']} reflections; "
        f"answered {stats['survey_answered']}\n"
        f"1:1 prep digests {stats['prep'] + stats['goalsetting']}; "  # a goal-setting prep is one too
        f"posted {stats['posted summary']} team summaries (edited "
        f"{stats['summary edits']} times after late answers), {stats['posted recap']} team recaps, "
        f"{stats['posted org_recap']} organisation recap"
    )
