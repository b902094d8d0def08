"""When the planning round reaches whom: the organisation's invitations from ``weeks_before`` a period's end, the
teams' a few working days later (or from their own ``weeks_before``), and at the next period's start one reminder
about drafts not agreed and one notice in each team's channel. Each in the person's (or team's) working hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.period_roll import weeks_before
from handlers.planning_round import agreer_of
from models.deliveries import Claim
from models.people import Period, Team
from models.planning import TEAM_DAYS_AFTER, WEEKS_BEFORE, PlanningSetting
from models.planning_roster import drafts_of, org_owners, people_with_country
from models.planning_store import all_periods, settings, team_leads, teams_with_members
from scheduler.cadence import in_working_hours, local_now, next_working_day

START_WINDOW = timedelta(days=7)  # the start's reminder and notice still go out this long after a period began


@dataclass(frozen=True)
class PostWanted:
    kind: str
    scope: str
    period_id: int
    slot: str
    channel: str


def org_day(ending: Period, org: PlanningSetting | None) -> date:
    weeks = (org.weeks_before if org else None) or WEEKS_BEFORE
    return next_working_day(ending.end - timedelta(weeks=weeks), None)


def team_day(ending: Period, org: PlanningSetting | None, team: Team, own: PlanningSetting | None) -> date:
    """From the team's own ``weeks_before``, else ``days_after`` working days (of its country) after the
    organisation's invitation."""
    if own is not None and own.weeks_before:
        return next_working_day(ending.end - timedelta(weeks=own.weeks_before), team.country)
    days = next((d for d in ((own.days_after if own else None), (org.days_after if org else None)) if d is not None),
                TEAM_DAYS_AFTER)
    day = org_day(ending, org)
    for _ in range(days):
        day = next_working_day(day + timedelta(days=1), team.country)
    return day


async def planning_due(session: AsyncSession, *, now: datetime) -> tuple[list[Claim], list[PostWanted]]:
    """What the planning round has due at ``now``: usually nothing, found with two small queries."""
    periods = await all_periods(session)
    org, teams = await settings(session)
    today, lead = now.date(), timedelta(weeks=weeks_before(org, teams), days=1)  # a day's slack for the zones
    inviting, starting = [], []
    for ending in periods:
        nxt = next((p for p in periods if p.start == ending.end + timedelta(days=1)), None)
        if nxt is not None and ending.end - lead <= today <= ending.end + timedelta(days=1):
            inviting.append((ending, nxt))
        if nxt is not None and nxt.start - timedelta(days=1) <= today <= nxt.start + START_WINDOW:
            starting.append(nxt)
    if not inviting and not starting:
        return [], []
    rosters = await teams_with_members(session)
    claims: list[Claim] = []
    posts: list[PostWanted] = []
    for ending, nxt in inviting:
        claims += await _invitations(session, ending, nxt, org, teams, rosters, now)
    for nxt in starting:
        found, wanted = await _at_start(session, nxt, teams, rosters, now)
        claims += found
        posts += wanted
    return claims, posts


def _local_day_and_hours(tz: str, country: str | None, now: datetime, first: date, last: date) -> bool:
    day = local_now(tz, now).date()
    return first <= day <= last and in_working_hours(tz, country, now)


async def _invitations(session, ending: Period, nxt: Period, org, teams, rosters, now: datetime) -> list[Claim]:
    owners = await org_owners(session, period_id=ending.id)
    lead_of = team_leads(rosters, teams)
    leads = {team.id: (team, lead_of[team.id]) for team, _ in rosters if lead_of[team.id]}
    people = await people_with_country(session, ids=owners + [lead for _, lead in leads.values()])
    first = org_day(ending, org)
    claims = [Claim("plan_org", pid, nxt.id, "invite") for pid in owners
              if pid in people and _local_day_and_hours(people[pid][0].tz, people[pid][1], now, first, ending.end)]
    for team_id, (team, lead) in leads.items():
        person, _ = people[lead]
        if _local_day_and_hours(person.tz, team.country, now, team_day(ending, org, team, teams.get(team_id)),
                                ending.end):
            claims.append(Claim("plan_team", lead, nxt.id, f"team:{team_id}"))
    return claims


async def _at_start(session, nxt: Period, teams, rosters, now: datetime) -> tuple[list[Claim], list[PostWanted]]:
    drafts = await drafts_of(session, period_id=nxt.id)
    if not drafts:
        return [], []
    led = team_leads(rosters, teams)
    managers = {p.id: p.manager_id for _, people in rosters for p in people}
    concerned: set[int] = set()
    for draft in drafts:
        owner = draft.owner_person_id if draft.owner_team_id is None else led.get(draft.owner_team_id)
        concerned |= {pid for pid in (owner, agreer_of(draft, led, managers)) if pid}
    people = await people_with_country(session, ids=sorted(concerned))
    last = nxt.start + START_WINDOW
    claims = [Claim("plan_reminder", pid, nxt.id, "start") for pid, (person, country) in people.items()
              if _local_day_and_hours(person.tz, country, now, nxt.start, last)]
    in_draft = {d.owner_team_id for d in drafts if d.owner_team_id is not None}
    posts = [PostWanted("plan_drafts", f"team:{team.id}", nxt.id, "start", team.channel) for team, _ in rosters
             if team.id in in_draft and team.channel
             and _local_day_and_hours(team.tz or "UTC", team.country, now, nxt.start, last)]
    return claims, posts

