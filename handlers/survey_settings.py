"""Survey schedules and statements from the organisation file, and as admins see and change them
(``okrbot surveys show|set``).

An import writes a team's schedule only when the file has a ``surveys:`` block for it or at the top level; then
that block, over the top-level one, over the defaults, is the whole schedule. A file without any leaves the
schedules as they are (for instance as ``okrbot surveys set`` left them). A top-level ``surveys: statements:``
block is the full list of added statements: one left out stops being asked, its earlier answers stay.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.survey_schema import DAYS, DEFAULTS, SurveyScheduleIn, effective
from models import SurveySchedule, Team
from models.people_queries import period_on
from models.survey_settings import save_schedule, sync_statements, teams_with_schedules
from scheduler.survey_calendar import DEFAULT_TIME, Schedule, survey_days


async def write_survey_settings(session: AsyncSession, org, teams: Mapping[str, Team]) -> None:
    """Called by the import (handlers/org_store.py) once teams exist; ``org`` is the validated OrgFile."""
    top = org.surveys
    top_schedule = top.schedule if top else None
    for item in org.teams:
        if item.surveys is not None or top_schedule is not None:
            await save_schedule(session, team_id=teams[item.name].id, values=effective(top_schedule, item.surveys))
    if top is not None and top.statements is not None:
        rows = [
            {"catalog": catalog, "key": s.id, "text_en": s.en, "text_nl": s.nl, "tag": s.tag, "position": position}
            for catalog in ("mood_development", "mood_leadership")
            for position, s in enumerate(getattr(top.statements, catalog))
        ]
        await sync_statements(session, statements=rows)


def columns_of(row: SurveySchedule | None) -> dict[str, object]:
    return {name: getattr(row, name) for name in DEFAULTS} if row else dict(DEFAULTS)


def schedule_for(team: Team, columns: Mapping[str, object]) -> Schedule:
    local_time = columns["local_time"]
    return Schedule(
        weekday=team.checkin_weekday if columns["weekday"] is None else columns["weekday"],
        local_time=time.fromisoformat(local_time) if local_time else DEFAULT_TIME,
        mood_every_weeks=columns["mood_every_weeks"], mood_first=columns["mood_first"],
        mood_start_week=columns["mood_start_week"], premortem=columns["premortem"],
        reflection=columns["reflection"], day_given=columns["weekday"] is not None,
    )


@dataclass(frozen=True)
class ScheduleView:
    """A team's schedule as an admin reads it, with the surveys it asks in the period running on ``today``."""

    team: str
    day: str
    time: str
    mood_every_weeks: int
    mood_first: str
    mood_start_week: int
    premortem: bool
    reflection: bool
    defaults: bool
    period: str | None
    upcoming: tuple[tuple[str, date], ...]


async def show_schedules(session: AsyncSession, *, team: str | None, today: date) -> list[ScheduleView]:
    """Every team's schedule, or the named team's; LookupError when there is no such team."""
    rows = await teams_with_schedules(session, name=team)
    if team is not None and not rows:
        raise LookupError(f"no team named {team!r}")
    period = await period_on(session, day=today)
    return [_view(t, row, period) for t, row in rows]


def _view(team: Team, row: SurveySchedule | None, period) -> ScheduleView:
    schedule = schedule_for(team, columns_of(row))
    days = survey_days(schedule, period.start, period.end) if period else []
    return ScheduleView(
        team.name, DAYS[schedule.weekday], schedule.local_time.strftime("%H:%M"), schedule.mood_every_weeks,
        schedule.mood_first.removeprefix("mood_"), schedule.mood_start_week, schedule.premortem, schedule.reflection,
        row is None, period.name if period else None, tuple((d.survey, d.day) for d in days),
    )


async def change_schedule(session: AsyncSession, *, team: str, changes: Mapping[str, object], today: date
                          ) -> ScheduleView:
    """Change some of a team's schedule fields, given as in the file's team block (``day``, ``time``, ``mood``
    with ``every_weeks``/``first``/``start_week``, ``premortem``, ``reflection``); ValueError with the reason when
    a value is not valid, LookupError for an unknown team."""
    rows = await teams_with_schedules(session, name=team)
    if not rows:
        raise LookupError(f"no team named {team!r}")
    found, row = rows[0]
    try:
        block = SurveyScheduleIn.model_validate(changes)
    except ValidationError as error:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg'].removeprefix('Value error, ')}"
                            for e in error.errors())
        raise ValueError(reasons) from None
    await save_schedule(session, team_id=found.id, values=effective(block, base=columns_of(row)))
    return (await show_schedules(session, team=team, today=today))[0]
