"""Check-in cadence arithmetic: when each person is prompted, reminded, snoozed or left alone.

Everything here is a pure function of its arguments. The current instant is always passed in as an
aware ``datetime`` (never read from the clock), and every instant returned is timezone-aware UTC.

A team's cadence (weekday, local time, every N weeks) is interpreted in each member's OWN time zone:
"Monday 09:00" means 09:00 on the member's Monday, wherever they are. Public holidays are those of
the team's country (``country`` is an ISO code such as ``"NL"``, or ``None`` for no public holidays).

Conventions:

* ``tz`` is an IANA zone name. An unknown name raises ``ValueError("unknown time zone '...'")``.
* A local wall time that does not exist (spring-forward gap) or occurs twice (fall-back) is resolved
  with zoneinfo's default ``fold=0``: a time in the gap uses the offset from before the change (so
  02:30 on the Amsterdam spring-forward day becomes 01:30 UTC, i.e. 03:30 summer time), and an
  ambiguous time means its first occurrence (the summer-time one).
* A slot's identity (``Slot.key``) is its nominal cadence day, so moving it off a holiday never
  changes which check-in it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

__all__ = [
    "SEND_WINDOW",
    "WORKDAY_END",
    "WORKDAY_START",
    "Cadence",
    "Slot",
    "current_slot",
    "in_working_hours",
    "is_away",
    "is_working_day",
    "local_now",
    "may_nudge",
    "next_working_day",
    "nominal_days",
    "reminder_at",
    "slot_for",
    "snooze_until",
    "still_useful",
]

WORKDAY_START: time = time(9, 0)
WORKDAY_END: time = time(17, 0)
SEND_WINDOW: timedelta = timedelta(days=2)
ON_TIME: timedelta = timedelta(minutes=15)  # a tick this late still sends at the chosen time, working hours or not

SNOOZE_CHOICES = ("2h", "tomorrow")
NUDGE_WINDOW = timedelta(days=7)
MAX_EVERY_WEEKS = 8


@dataclass(frozen=True)
class Cadence:
    """A team's check-in rhythm: ``weekday`` (0 = Monday) at ``local_time``, every ``every_weeks`` weeks."""

    weekday: int
    local_time: time
    every_weeks: int = 1

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0 (Monday) .. 6 (Sunday), got {self.weekday}")
        if not 1 <= self.every_weeks <= MAX_EVERY_WEEKS:
            raise ValueError(f"every_weeks must be 1 .. {MAX_EVERY_WEEKS}, got {self.every_weeks}")
        if self.local_time.tzinfo is not None:
            raise ValueError("local_time must be a naive wall-clock time; the zone comes from each person")


@dataclass(frozen=True, slots=True)
class Slot:
    """One check-in for one person: nominal cadence day, the day actually sent, and the UTC prompt instant."""

    key: str
    nominal: date
    local_day: date
    prompt_at: datetime


# --- calendar -------------------------------------------------------------------------------------


@cache
def _public_holidays(country: str, year: int) -> frozenset[date]:
    try:
        return frozenset(holidays.country_holidays(country, years=year))
    except NotImplementedError:
        raise ValueError(f"unknown country code '{country}'") from None


def _is_public_holiday(day: date, country: str | None) -> bool:
    return country is not None and day in _public_holidays(country, day.year)


def is_working_day(day: date, country: str | None) -> bool:
    """Return True for Monday..Friday days that are not a public holiday of ``country``.

    Raises ``ValueError`` for a country code the ``holidays`` package does not know.
    """
    return day.weekday() < 5 and not _is_public_holiday(day, country)


def next_working_day(day: date, country: str | None) -> date:
    """Return ``day`` itself if it is a working day, otherwise the first working day after it."""
    while not is_working_day(day, country):
        day += timedelta(days=1)
    return day


# --- time zones -----------------------------------------------------------------------------------


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone '{tz}'") from None


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware datetime")


def local_now(tz: str, now: datetime) -> datetime:
    """Return the aware instant ``now`` expressed in the zone ``tz``."""
    _require_aware(now)
    return now.astimezone(_zone(tz))


def _at_local(day: date, wall_time: time, tz: str) -> datetime:
    """UTC instant of ``wall_time`` on ``day`` in ``tz`` (gaps and overlaps resolved with fold=0)."""
    local = datetime.combine(day, wall_time.replace(fold=0), tzinfo=_zone(tz))
    return local.astimezone(UTC)


# --- slots ----------------------------------------------------------------------------------------


def _first_cadence_day(cadence: Cadence, anchor: date) -> date:
    """Week 0: the first cadence day on or after ``anchor``, so a period's first check-in never waits a full
    interval because the period started mid-week."""
    return anchor + timedelta(days=(cadence.weekday - anchor.weekday()) % 7)


def _step(cadence: Cadence) -> int:
    return 7 * cadence.every_weeks


def nominal_days(cadence: Cadence, anchor: date, start: date, end: date) -> list[date]:
    """Return every cadence day in ``[start, end]`` whose week is a multiple of ``every_weeks``.

    Weeks are counted from the first cadence day on or after ``anchor`` (week 0, always on-cadence).
    """
    week_zero = _first_cadence_day(cadence, anchor)
    step = _step(cadence)
    steps_to_start = -((week_zero - start).days // step)  # ceiling division
    day = week_zero + timedelta(days=steps_to_start * step)
    days = []
    while day <= end:
        days.append(day)
        day += timedelta(days=step)
    return days


def _last_nominal_on_or_before(cadence: Cadence, anchor: date, day: date) -> date:
    week_zero = _first_cadence_day(cadence, anchor)
    step = _step(cadence)
    return week_zero + timedelta(days=(day - week_zero).days // step * step)


def _sent_day(nominal: date, country: str | None) -> date:
    # Only a holiday moves a slot. A weekday holiday lands on the next working day; a team that chose a
    # weekend day keeps it, unless that weekend day is itself a holiday.
    if _is_public_holiday(nominal, country):
        return next_working_day(nominal, country)
    return nominal


def slot_for(nominal: date, cadence: Cadence, tz: str, country: str | None) -> Slot:
    """Return the slot for cadence day ``nominal`` for a person in ``tz``.

    A public holiday moves the slot to the next working day (weekends do not move a weekend cadence).
    ``prompt_at`` is ``cadence.local_time`` on that day in ``tz``, as UTC; a non-existent or ambiguous
    local time is resolved with zoneinfo's ``fold=0`` (see the module docstring).
    """
    local_day = _sent_day(nominal, country)
    return Slot(
        key=nominal.isoformat(),
        nominal=nominal,
        local_day=local_day,
        prompt_at=_at_local(local_day, cadence.local_time, tz),
    )


def current_slot(
    cadence: Cadence,
    tz: str,
    country: str | None,
    period_start: date,
    period_end: date,
    now: datetime,
) -> Slot | None:
    """Return the latest slot of the period whose ``prompt_at`` is at or before ``now``, else ``None``.

    Slots are the nominal days in ``[period_start, period_end]`` with week parity anchored on
    ``period_start``; "latest" means the latest nominal day. After ``period_end`` the period's last
    slot stays current (callers decide how long it may still be sent, see ``SEND_WINDOW``).
    """
    today = local_now(tz, now).date()
    # A prompt is never earlier than its nominal day in local time, so later nominal days cannot be due.
    nominal = _last_nominal_on_or_before(cadence, period_start, min(today, period_end))
    # Walk back only past slots that a holiday pushed into the future: usually zero or one step.
    while nominal >= period_start:
        slot = slot_for(nominal, cadence, tz, country)
        if slot.prompt_at <= now:
            return slot
        nominal -= timedelta(days=_step(cadence))
    return None


# --- follow-ups -----------------------------------------------------------------------------------


def in_working_hours(tz: str, country: str | None, now: datetime) -> bool:
    """Return True while it is ``[WORKDAY_START, WORKDAY_END)`` on a working day in the person's own zone."""
    local = local_now(tz, now)
    return is_working_day(local.date(), country) and WORKDAY_START <= local.time() < WORKDAY_END


def still_useful(due_at: datetime, tz: str, country: str | None, now: datetime) -> bool:
    """Whether a delivery due at ``due_at`` should go out at ``now``: on time, or as a catch-up no more than
    ``SEND_WINDOW`` late and only in the person's working hours (never at 07:45 for last Monday's check-in)."""
    if not due_at <= now < due_at + SEND_WINDOW:
        return False
    return now < due_at + ON_TIME or in_working_hours(tz, country, now)


def _next_working_moment(moment: datetime, tz: str, country: str | None) -> datetime:
    """``moment`` if it falls in local working hours on a working day, else the next such start, in UTC."""
    local = local_now(tz, moment)
    day, wall_time = local.date(), local.time()
    if is_working_day(day, country):
        if WORKDAY_START <= wall_time < WORKDAY_END:
            return moment.astimezone(UTC)
        if wall_time < WORKDAY_START:
            return _at_local(day, WORKDAY_START, tz)
    return _at_local(next_working_day(day + timedelta(days=1), country), WORKDAY_START, tz)


def reminder_at(slot: Slot, tz: str, country: str | None, after: timedelta = timedelta(hours=24)) -> datetime:
    """Return when to remind about an unanswered ``slot``: ``after`` past the prompt, within working hours.

    If ``prompt_at + after`` falls outside ``[WORKDAY_START, WORKDAY_END)`` local time or on a
    non-working day, the reminder moves to the start of the next working day.
    """
    return _next_working_moment(slot.prompt_at + after, tz, country)


class Interval(Protocol):
    """Days of a person's own calendar, both included; ``last_day`` None: open-ended (as ``models.Absence``)."""

    first_day: date
    last_day: date | None


def is_away(absences: Iterable[Interval], tz: str, now: datetime) -> bool:
    """Return True when one of the person's absences covers their local date of ``now``."""
    _require_aware(now)
    day = local_now(tz, now).date()
    return any(a.first_day <= day and (a.last_day is None or day <= a.last_day) for a in absences)


def may_nudge(sent_nudges: Iterable[datetime], now: datetime, cap: int = 2) -> bool:
    """Return False once ``cap`` nudges were sent in the rolling window ``(now - 7 days, now]``."""
    _require_aware(now)
    window_start = now - NUDGE_WINDOW
    recent = sum(1 for sent in sent_nudges if window_start < sent <= now)
    return recent < cap


def snooze_until(choice: str, tz: str, country: str | None, now: datetime) -> datetime:
    """Return when a snoozed prompt comes back.

    ``"2h"``: two hours from ``now``, or the start of the next working day when that falls outside working
    hours (a snooze never comes back in someone's evening or night). ``"tomorrow"``: ``WORKDAY_START`` local
    time on the first working day after the person's local today. Any other choice raises ``ValueError``.
    """
    _require_aware(now)
    if choice == "2h":
        return _next_working_moment(now + timedelta(hours=2), tz, country)
    if choice == "tomorrow":
        tomorrow = local_now(tz, now).date() + timedelta(days=1)
        return _at_local(next_working_day(tomorrow, country), WORKDAY_START, tz)
    raise ValueError(f"unknown snooze choice {choice!r}; expected one of {', '.join(SNOOZE_CHOICES)}")
