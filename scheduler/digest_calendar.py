"""When 1:1s happen and when their prep digests, team summaries and recaps are due. Pure functions of the rows.

* A **1:1** is on ``weekday`` at ``local_time`` in the manager's zone, every ``every_weeks`` weeks counted from the
  first such day on or after ``anchor`` (week 0); there are no 1:1s before it. Public holidays do not move a 1:1:
  the manager and report agreed on the day themselves. Its prep digest is due ``prep_minutes`` before it.
* A **team summary** follows each check-in slot of the team (slots anchored on the period's start, like
  ``scheduler.cadence.current_slot``): the check-in window closes ``SUMMARY_AFTER`` after the slot's prompt time in
  the team's zone, and the summary is due then, or at the next working moment when that falls outside working hours.
* A **recap** is due at ``RECAP_TIME`` on the first working day after the period's end, in the team's zone (the
  organisation recap in its channel's zone, UTC by default).

Every instant taken or returned is timezone-aware; the ones returned are UTC.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Protocol

from scheduler.cadence import Cadence, local_now, next_working_day, nominal_days, reminder_at, slot_for

SUMMARY_AFTER = timedelta(hours=48)
RECAP_TIME = time(10, 0)
MAX_PREP_MINUTES = 48 * 60  # a prep digest comes at most two days ahead, so the tick looks only days ahead


class MeetingRule(Protocol):
    """What a 1:1 row says about when it happens (``models.digests.OneOnOne`` is one)."""

    weekday: int
    local_time: str
    every_weeks: int
    anchor: date
    prep_minutes: int


def clock(text: str) -> time:
    """``"14:00"`` as a wall-clock time."""
    hour, minute = map(int, text.split(":"))
    return time(hour, minute)


def meeting_cadence(rule: MeetingRule) -> Cadence:
    return Cadence(rule.weekday, clock(rule.local_time), rule.every_weeks)


def meetings(rule: MeetingRule, tz: str, start: datetime, end: datetime) -> list[datetime]:
    """The 1:1 instants (UTC) in ``[start, end)``, its wall-clock time taken in the manager's zone ``tz``."""
    cadence = meeting_cadence(rule)
    first_day = max(rule.anchor, local_now(tz, start).date() - timedelta(days=1))
    last_day = local_now(tz, end).date() + timedelta(days=1)
    if last_day < first_day:
        return []
    days = nominal_days(cadence, rule.anchor, first_day, last_day)
    instants = (_local_instant(day, cadence.local_time, tz) for day in days)  # no holiday moves a 1:1
    return [moment for moment in instants if start <= moment < end]


def next_meeting(rule: MeetingRule, tz: str, now: datetime) -> datetime:
    """The first 1:1 that starts after ``now`` (one that starts at ``now`` has begun)."""
    start = max(now + timedelta(microseconds=1), _local_instant(rule.anchor, time(0), tz))
    return meetings(rule, tz, start, start + timedelta(weeks=rule.every_weeks, days=2))[0]


def previous_meeting(rule: MeetingRule, tz: str, now: datetime) -> datetime | None:
    """The last 1:1 that started at or before ``now``, or None before the first one."""
    end = now + timedelta(microseconds=1)
    found = meetings(rule, tz, end - timedelta(weeks=rule.every_weeks, days=2), end)
    return found[-1] if found else None


def prep_at(rule: MeetingRule, meeting: datetime) -> datetime:
    """When the prep digest of the 1:1 at ``meeting`` goes to the manager."""
    return meeting - timedelta(minutes=rule.prep_minutes)


def summary_due(nominal: date, cadence: Cadence, tz: str, country: str | None) -> datetime:
    """When the summary of the check-in slot of cadence day ``nominal`` is due in a team in ``tz``."""
    return reminder_at(slot_for(nominal, cadence, tz, country), tz, country, SUMMARY_AFTER)


def summary_slots(cadence: Cadence, period_start: date, period_end: date, first: date, last: date) -> list[date]:
    """The nominal days of the period's check-in slots that fall in ``[first, last]`` (the slot key is the iso)."""
    return nominal_days(cadence, period_start, max(first, period_start), min(last, period_end))


def recap_at(period_end: date, tz: str, country: str | None) -> datetime:
    """``RECAP_TIME`` on the first working day after ``period_end``, in ``tz``, as UTC."""
    return _local_instant(next_working_day(period_end + timedelta(days=1), country), RECAP_TIME, tz)


def _local_instant(day: date, wall_time: time, tz: str) -> datetime:
    return slot_for(day, Cadence(day.weekday(), wall_time), tz, None).prompt_at


def team_cadence(weekday: int, local_time: str, every_weeks: int) -> Cadence:
    """A team's check-in cadence from its row's columns."""
    return Cadence(weekday, clock(local_time), every_weeks)


def team_zone(own: str | None, member_zones: dict[str, int]) -> str:
    """The zone a team's posts follow: its own, else the one most members are in (ties: alphabetical), else UTC."""
    if own:
        return own
    if not member_zones:
        return "UTC"
    return min(member_zones, key=lambda zone: (-member_zones[zone], zone))
