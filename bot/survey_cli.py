"""``okrbot surveys show|set``: the survey schedules as admins see and change them (bot/cli.py parses arguments)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from bot.app import create_app
from bot.names import canonical
from bot.settings import Settings
from bot.terminal import TerminalMessenger
from handlers.survey_settings import ScheduleView, change_schedule, show_schedules
from models.db import transaction


async def show(settings: Settings, team: str | None, today: date) -> list[ScheduleView]:
    app = await create_app(settings, fallback=TerminalMessenger(print))
    try:
        team = None if team is None else await canonical(app.sessions, "team", team)
        async with app.sessions() as session:
            return await show_schedules(session, team=team, today=today)
    finally:
        await app.close()


async def change(settings: Settings, team: str, changes: Mapping[str, object], today: date) -> ScheduleView:
    app = await create_app(settings, fallback=TerminalMessenger(print))
    try:
        team = await canonical(app.sessions, "team", team)
        async with transaction(app.sessions) as session:
            return await change_schedule(session, team=team, changes=changes, today=today)
    finally:
        await app.close()


def render(view: ScheduleView) -> str:
    """One team's schedule as a few lines of text."""
    mood = (f"every {view.mood_every_weeks} weeks from week {view.mood_start_week}, {view.mood_first} first"
            if view.mood_every_weeks else "off")
    lines = [
        f"{view.team}{' (defaults)' if view.defaults else ''}",
        f"  asked on {view.day} at {view.time} (each person's own time zone, working hours only)",
        f"  mood checks: {mood}",
        f"  pre-mortem: {'first week of each period' if view.premortem else 'off (on demand only)'}",
        f"  reflection: {'last week of each period' if view.reflection else 'off'}",
    ]
    if view.period:
        upcoming = ", ".join(f"{survey.replace('_', ' ')} {day.isoformat()}" for survey, day in view.upcoming)
        lines.append(f"  in {view.period}: {upcoming or 'nothing'}")
    return "\n".join(lines)


def changes_from(*, day: str | None, time: str | None, mood_every: int | None, mood_first: str | None,
                 mood_start_week: int | None, premortem: bool | None, reflection: bool | None) -> dict[str, object]:
    """The options given on the command line as a team's ``surveys:`` block."""
    changes: dict[str, object] = {}
    mood = {name: value for name, value in (("every_weeks", mood_every), ("first", mood_first),
                                            ("start_week", mood_start_week)) if value is not None}
    for name, value in (("day", day), ("time", time), ("premortem", premortem), ("reflection", reflection)):
        if value is not None:
            changes[name] = value
    if mood:
        changes["mood"] = mood
    return changes
