"""Which surveys are due at ``now``, as claims: ``scheduler.due.due_claims`` adds these to the check-ins.

A survey goes out at the schedule's local time on its day (a public holiday moves it to the next working day, a
time outside working hours to the next working morning), only while it is working hours (09:00-17:00 on working
days) in the person's own zone, at most two days late, and not while the person is away. Claims make each one
go out once: the delivery key is (kind, person, period, slot) with slot the week's Monday for a mood check and
``o<objective id>`` for a pre-mortem or reflection.

Most ticks cost one query, the team schedules: members and objectives are read only while a survey could be due
in some time zone.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.survey_catalog import DELIVERY_KINDS
from models.deliveries import Claim
from models.survey_roster import Member, TeamSchedule, members_of, objective_owners, team_schedules
from scheduler.cadence import (
    SEND_WINDOW,
    Cadence,
    in_working_hours,
    is_away,
    reminder_at,
    slot_for,
)
from scheduler.survey_calendar import DEFAULT_TIME, Schedule, SurveyDay, survey_days

# A survey day can be this far from today (UTC) and still be due somewhere: zones, a holiday weekend, SEND_WINDOW.
NEAR_BEFORE = timedelta(days=7)
NEAR_AFTER = timedelta(days=1)
EARLIEST_ZONE, LATEST_ZONE = "Etc/GMT-14", "Etc/GMT+12"  # UTC+14 and UTC-12: every local day starts in between


def schedule_of(row: TeamSchedule) -> Schedule:
    """The schedule a team row stands for, with the defaults where the team has no settings."""
    return Schedule(
        weekday=row.checkin_weekday if row.weekday is None else row.weekday,
        local_time=_clock(row.local_time) if row.local_time else DEFAULT_TIME,
        mood_every_weeks=4 if row.mood_every_weeks is None else row.mood_every_weeks,
        mood_first=row.mood_first or "mood_development",
        mood_start_week=1 if row.mood_start_week is None else row.mood_start_week,
        premortem=True if row.premortem is None else row.premortem,
        reflection=True if row.reflection is None else row.reflection,
        day_given=row.weekday is not None,
    )


def _clock(text: str) -> time:
    hour, minute = map(int, text.split(":"))
    return time(hour, minute)


async def survey_claims(session: AsyncSession, *, now: datetime) -> list[Claim]:
    """Every survey delivery that should go out at ``now`` and may not have yet."""
    today = now.date()
    rows = await team_schedules(session, first_day=today - NEAR_BEFORE, last_day=today + NEAR_AFTER)
    near = [
        (row, schedule, day) for row in rows
        for schedule in (schedule_of(row),)
        for day in survey_days(schedule, row.period_start, row.period_end)
        if today - NEAR_BEFORE <= day.day <= today + NEAR_AFTER and _due_somewhere(day, schedule, row.country, now)
    ]
    if not near:
        return []
    by_team: dict[int, list[Member]] = defaultdict(list)
    for member in await members_of(session, team_ids=sorted({row.team_id for row, _, _ in near}),
                                   since=today - timedelta(days=1)):
        by_team[member.team_id].append(member)
    working: dict[tuple[str, str | None], bool] = {}
    due = []
    for row, schedule, day in near:
        for m in by_team[row.team_id]:
            at = send_at(day.day, schedule.local_time, m.tz, row.country)
            if not at <= now < at + SEND_WINDOW:
                continue
            if (m.tz, row.country) not in working:
                working[m.tz, row.country] = in_working_hours(m.tz, row.country, now)
            if working[m.tz, row.country] and not is_away(m.absences, m.tz, now):
                due.append((row, day, m))
    owned = await _owned(session, due)
    claims: list[Claim] = []
    for row, day, member in due:
        claims.extend(_claims(day, member, row.period_id, owned))
    return claims


@lru_cache(maxsize=8192)
def send_at(day: date, local_time: time, tz: str, country: str | None) -> datetime:
    """When a survey of ``day`` goes to someone in ``tz``: its local time, off holidays, within working hours."""
    slot = slot_for(day, Cadence(day.weekday(), local_time), tz, country)
    return reminder_at(slot, tz, country, timedelta(0))


def _due_somewhere(day: SurveyDay, schedule: Schedule, country: str | None, now: datetime) -> bool:
    """Whether anyone, in any time zone, could be due this survey now (so members are read only then)."""
    first = send_at(day.day, schedule.local_time, EARLIEST_ZONE, country)
    last = send_at(day.day, schedule.local_time, LATEST_ZONE, country)
    return first <= now < last + SEND_WINDOW


async def _owned(session: AsyncSession, due: list) -> dict[tuple[int, int], list[int]]:
    """(person, period) -> the objectives they own, for the pre-mortems and reflections among ``due``."""
    asked = [(row, m) for row, day, m in due if day.week is None]
    if not asked:
        return {}
    found = await objective_owners(session, period_ids=sorted({row.period_id for row, _ in asked}),
                                   person_ids=sorted({m.person_id for _, m in asked}))
    owned: dict[tuple[int, int], list[int]] = defaultdict(list)
    for person_id, objective_id, period_id in sorted(found):
        owned[person_id, period_id].append(objective_id)
    return owned


def _claims(day: SurveyDay, member: Member, period_id: int, owned) -> list[Claim]:
    kind = DELIVERY_KINDS[day.survey]
    if day.week is not None:
        if day.survey == "mood_leadership" and member.manager_id is None:
            return []  # nobody to give feedback on
        return [Claim(kind, member.person_id, period_id, day.week.isoformat())]
    return [Claim(kind, member.person_id, period_id, f"o{objective_id}")
            for objective_id in owned.get((member.person_id, period_id), [])]
