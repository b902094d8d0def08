"""Which 1:1 prep digests, team summaries and recaps are due at ``now`` (when: scheduler/digest_calendar.py).

Prep digests are claims on the ``delivery`` table like check-ins (kind ``prep``, slot ``r<report id>:<meeting's
local date>``); channel posts are ``PostDue`` items the caller claims once each in ``channelpost``. Each function
reads a constant number of queries, and a tick where nothing is due one query each: the 1:1s, and the periods
with the teams and their zones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.goalsetting_invite import KIND as INVITE
from handlers.goalsetting_invite import NEAR_END
from handlers.prep_outbox import prep_slot
from models import Period, Team
from models.absence_store import running_absences
from models.deliveries import Claim
from models.one_on_one_store import PrepEntry, prep_roster
from models.post_claims import post_scopes
from models.roster import periods_around
from scheduler.cadence import (
    SEND_WINDOW,
    Cadence,
    in_working_hours,
    is_away,
    local_now,
    next_working_day,
    still_useful,
)
from scheduler.digest_calendar import (
    MAX_PREP_MINUTES,
    next_meeting,
    prep_at,
    recap_at,
    summary_due,
    summary_slots,
    team_cadence,
    team_zone,
)

PREP_REACH = timedelta(minutes=MAX_PREP_MINUTES) + timedelta(days=1)  # a meeting whose prep is due is this near
POST_REACH = timedelta(days=14)  # a slot or period end this long ago can still have a post due (holidays, window)


@dataclass(frozen=True)
class PostDue:
    """A summary or recap to post once in ``channel``; (kind, scope, period_id, slot) is its claim key."""

    kind: str  # summary | recap | org_recap
    scope: str  # team:<id> | org
    period_id: int
    slot: str  # the check-in slot's key for a summary, "end" for a recap
    channel: str


async def prep_claims(session: AsyncSession, *, now: datetime) -> list[Claim]:
    """The prep digests to DM to managers now: from ``prep_minutes`` before a 1:1 until it starts, unless the
    manager is away now or the report on the day of the 1:1."""
    due = [(entry, meeting) for entry in await prep_roster(session) if (meeting := _meeting(entry, now)) is not None]
    if not due:
        return []  # the usual tick: one query
    absences = await running_absences(session, since=now.date() - timedelta(days=1))
    due = [(entry, meeting) for entry, meeting in due
           if not is_away(absences.get(entry.manager_id, ()), entry.manager_tz, now)
           and not is_away(absences.get(entry.report_id, ()), entry.report_tz, meeting)]  # no 1:1 while away
    reach = PREP_REACH.days + 1
    periods = await periods_around(session, day=now.date() + timedelta(days=reach), days_after_end=reach + 1)
    claims = []
    for entry, meeting in due:
        period = _running_on(periods, day := local_now(entry.manager_tz, meeting).date())
        if period is not None:
            claims.append(Claim("prep", entry.manager_id, period.id, slot := prep_slot(entry.report_id, day)))
            # the report's invitation to a goal-setting 1:1 (handlers/goalsetting_invite.py decides whether it is one)
            if day >= period.end - NEAR_END and in_working_hours(entry.report_tz, None, now):
                claims.append(Claim(INVITE, entry.report_id, period.id, slot))
    return claims


def _meeting(entry: PrepEntry, now: datetime) -> datetime | None:
    """The 1:1 whose prep digest is due at ``now``, if there is one."""
    if entry.report_manager_id != entry.manager_id:
        return None
    days_ahead = (entry.weekday - local_now(entry.manager_tz, now).weekday()) % 7
    if days_ahead > (entry.prep_minutes + 60) // 1440 + 1:  # a cheap no for most 1:1s (60: a DST hour)
        return None
    meeting = next_meeting(entry, entry.manager_tz, now)
    send_from = prep_at(entry, meeting)
    # Before the meeting, as it is the next one; late (after downtime) only in the manager's working hours. The
    # manager's country is not read here, so their holidays do not hold a late prep digest back, weekends do.
    if not still_useful(send_from, entry.manager_tz, None, now):
        return None
    return meeting


def _running_on(periods: Sequence[Period], day: date) -> Period | None:
    """As models.people_queries.period_on: when periods overlap, the one that started last."""
    running = [p for p in periods if p.start <= day <= p.end]
    return max(running, key=lambda p: (p.start, p.id)) if running else None


async def post_claims(session: AsyncSession, *, now: datetime, org_channel: str | None) -> list[PostDue]:
    """Team summaries and recaps for teams with a channel, and the organisation recap when it has a channel."""
    scopes = await post_scopes(session, day=now.date(), days_after_end=POST_REACH.days)
    due = []
    for team in scopes.teams:
        tz = team_zone(team.tz, scopes.zones.get(team.id, {}))
        for period in scopes.periods:
            due.extend(_team_posts(team, period, now, tz))
    if org_channel:
        country = _most_common_country(scopes.teams)
        due.extend(PostDue("org_recap", "org", p.id, "end", org_channel) for p in scopes.periods
                   if _due(_recap_at(p.end, "UTC", country), now))
    return due


def _most_common_country(teams: Sequence[Team]) -> str | None:
    """Whose public holidays the organisation recap keeps clear of (so it does not land on New Year's Day)."""
    countries = Counter(team.country for team in teams if team.country)
    return min(countries, key=lambda country: (-countries[country], country)) if countries else None


def _team_posts(team: Team, period: Period, now: datetime, tz: str) -> list[PostDue]:
    """The team's posts due at ``now`` in the team's zone ``tz``."""
    scope, today = f"team:{team.id}", now.date()
    cadence = team_cadence(team.checkin_weekday, team.checkin_time, team.every_weeks)
    posts = [
        PostDue("summary", scope, period.id, nominal.isoformat(), team.channel)
        for nominal in summary_slots(cadence, period.start, period.end, today - POST_REACH, today + timedelta(days=1))
        if _summary_now(_summary_due(nominal, cadence, tz, team.country), now, tz, team.country)
    ]
    if _due(_recap_at(period.end, tz, team.country), now):
        posts.append(PostDue("recap", scope, period.id, "end", team.channel))
    return posts


def _due(at: datetime, now: datetime) -> bool:
    return at <= now < at + SEND_WINDOW


def _summary_now(at: datetime, now: datetime, tz: str, country: str | None) -> bool:
    """Whether a summary due ``at`` goes out at ``now``: only in the team's working hours (09:00-17:00 on its
    working days, in ``tz``), at most one working day late. A tick that runs after downtime outside those hours
    leaves it for the next working moment; once the working day after the one it was due on is over, it is not
    news any more and is dropped (the next round's summary will come). Whether anyone received the round is
    decided when the post is built (handlers/post_outbox.py): a round that reached nobody is never posted."""
    last_day = next_working_day(local_now(tz, at).date() + timedelta(days=1), country)
    return at <= now and local_now(tz, now).date() <= last_day and in_working_hours(tz, country, now)


@lru_cache(maxsize=8192)  # the tick runs every minute over the same few slots
def _summary_due(nominal: date, cadence: Cadence, tz: str, country: str | None) -> datetime:
    return summary_due(nominal, cadence, tz, country)


@lru_cache(maxsize=1024)
def _recap_at(period_end: date, tz: str, country: str | None) -> datetime:
    return recap_at(period_end, tz, country)
