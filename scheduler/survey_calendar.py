"""On which days a team's surveys are asked in a period. Pure functions of the schedule and the period's dates.

* **Mood checks** every ``mood_every_weeks`` weeks (default 4), alternating the two catalogs (``mood_first``
  first, personal development by default), from week ``mood_start_week`` (default 1, the second week: the first
  belongs to the pre-mortem). Weeks are counted from the first Monday on or after the period's start; a mood
  check's round is named by its week's Monday, so teams asking on different weekdays share one round.
* **Pre-mortem** on the period's first weekday (Monday to Friday), when its OKRs are set; a team with its own
  survey ``day`` gets it on the first such day instead. Either way in the period's first week.
* **Reflection** on the last survey weekday on or before the period's end (its last week).

The survey weekday and time default to the team's check-in weekday at 11:00, in each member's own time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import lru_cache

from models.surveys import MOOD_CATALOGS

DEFAULT_TIME = time(11, 0)
DEFAULT_EVERY_WEEKS = 4
DEFAULT_START_WEEK = 1
DEFAULT_FIRST = "mood_development"
MAX_EVERY_WEEKS = 13


@dataclass(frozen=True)
class Schedule:
    weekday: int
    local_time: time = DEFAULT_TIME
    mood_every_weeks: int = DEFAULT_EVERY_WEEKS  # 0: no mood checks
    mood_first: str = DEFAULT_FIRST
    mood_start_week: int = DEFAULT_START_WEEK
    premortem: bool = True
    reflection: bool = True
    day_given: bool = False  # the team chose its survey day (else it is their check-in day)


@dataclass(frozen=True)
class SurveyDay:
    """A survey asked on ``day``; ``week`` is the Monday that names a mood check's round (None otherwise)."""

    survey: str
    day: date
    week: date | None = None


def first_monday(start: date) -> date:
    return start + timedelta(days=(7 - start.weekday()) % 7)


def mood_days(schedule: Schedule, start: date, end: date) -> list[SurveyDay]:
    if schedule.mood_every_weeks <= 0:
        return []
    other = {MOOD_CATALOGS[0]: MOOD_CATALOGS[1], MOOD_CATALOGS[1]: MOOD_CATALOGS[0]}
    days, n = [], 0
    while True:
        week = first_monday(start) + timedelta(weeks=schedule.mood_start_week + n * schedule.mood_every_weeks)
        day = week + timedelta(days=schedule.weekday)
        if day > end:
            return days
        survey = schedule.mood_first if n % 2 == 0 else other[schedule.mood_first]
        days.append(SurveyDay(survey, day, week))
        n += 1


def premortem_day(schedule: Schedule, start: date, end: date) -> date | None:
    if schedule.day_given:
        day = start + timedelta(days=(schedule.weekday - start.weekday()) % 7)
    else:
        day = start + timedelta(days=max(0, 7 - start.weekday()) if start.weekday() >= 5 else 0)
    return day if day <= end else None


def reflection_day(schedule: Schedule, start: date, end: date) -> date | None:
    day = end - timedelta(days=(end.weekday() - schedule.weekday) % 7)
    return day if day >= start else None


@lru_cache(maxsize=4096)  # a tick asks this for every team and period; schedules rarely differ
def survey_days(schedule: Schedule, start: date, end: date) -> tuple[SurveyDay, ...]:
    """Every survey the schedule asks in the period ``[start, end]``, in date order."""
    days = mood_days(schedule, start, end)
    premortem = premortem_day(schedule, start, end) if schedule.premortem else None
    reflection = reflection_day(schedule, start, end) if schedule.reflection else None
    days += [SurveyDay("premortem", premortem)] if premortem else []
    days += [SurveyDay("reflection", reflection)] if reflection else []
    return tuple(sorted(days, key=lambda d: (d.day, d.survey)))
