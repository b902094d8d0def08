"""A person's view of the planning round: the period ending, the next one, the objectives they decide on (carry
over, rework or close) and the drafts they may see, from the store's rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.progress import kr_progress
from handlers.visibility import Circle, may_see
from models import KeyResult, Objective, Period, Person
from models.digest_queries import teams as team_rows
from models.okr_history import changes_of
from models.okrs import LEVELS, OkrChange
from models.planning_store import (
    all_periods,
    key_results_of,
    learnings,
    objectives_of,
    people_by_id,
    settings,
    team_leads,
    teams_with_members,
)
from scheduler.cadence import local_now

DECIDED = ("carried", "reworked", "ended")  # what an owner chose for an objective of the ending period


@dataclass
class Round:
    """What one person sees of the planning round of ``next``."""

    ending: Period | None
    next: Period
    decide: list[Objective]  # the ending period's objectives this person chooses for, numbered from 1
    drafts: list[Objective]  # the next period's objectives this person may see, numbered d1, d2, ...
    key_results: dict[int, list[KeyResult]]
    decided: dict[int, str]  # ending objective id -> carried | reworked | ended
    learned: dict[int, dict[str, list[str]]]
    circle: Circle
    led: set[int] = field(default_factory=set)  # teams whose set this person agrees
    teams: set[int] = field(default_factory=set)  # teams this person is in
    owners: dict[int, str] = field(default_factory=dict)  # draft id -> its owner's name (a team's or a person's)


def reached(kr: KeyResult) -> bool:
    return kr_progress(kr.kind, kr.baseline, kr.target, kr.current) >= 1.0


def next_period(periods: list[Period], today) -> Period | None:
    """The first period that starts after ``today``, or else the one running (its round is over: it started)."""
    upcoming = [p for p in periods if p.start > today]
    if upcoming:
        return min(upcoming, key=lambda p: p.start)
    running = [p for p in periods if p.start <= today <= p.end]
    return max(running, key=lambda p: p.start) if running else None


async def round_of(session: AsyncSession, *, person: Person, now: datetime) -> Round | None:
    periods = await all_periods(session)
    nxt = next_period(periods, local_now(person.tz, now).date())
    if nxt is None:
        return None
    ending = next((p for p in periods if p.end == nxt.start - timedelta(days=1)), None)
    circle, led, teams = await _circle(session)
    mine = {team_id for team_id, members in teams.items() if person.id in members}
    led_by_me = {team_id for team_id, lead in led.items() if lead == person.id}
    old = await objectives_of(session, period_id=ending.id, statuses=("active", "paused", "closed")) if ending else []
    decide = [o for o in old if _decides(o, person.id, led_by_me)]
    drafts = [o for o in await objectives_of(session, period_id=nxt.id) if may_see(person.id, o, circle)
              and (o.level != "team" or o.owner_team_id in mine | led_by_me)]
    drafts.sort(key=lambda o: (LEVELS.index(o.level), o.id))  # top-down: the organisation's, the team's, your own
    ids = [o.id for o in decide + drafts]
    history = await changes_of(session, objective_ids=[o.id for o in decide]) if decide else {}
    decided = {oid: c.what for oid, rows in history.items() for c in rows if _chosen_for(c, nxt)}
    return Round(ending, nxt, decide, drafts, await key_results_of(session, objective_ids=ids), decided,
                 await learnings(session, objective_ids=[o.id for o in decide]), circle, led_by_me, mine,
                 await _owner_names(session, drafts))


async def _owner_names(session: AsyncSession, drafts: list[Objective]) -> dict[int, str]:
    """Draft id -> the name of its owner, as the linter's warnings name it."""
    if not drafts:
        return {}
    people = await people_by_id(session, ids=[o.owner_person_id for o in drafts if o.owner_person_id])
    teams = {team.id: team.name for team in
             await team_rows(session, team_ids=sorted({o.owner_team_id for o in drafts if o.owner_team_id}))}
    return {o.id: teams[o.owner_team_id] if o.owner_team_id in teams else
            people[o.owner_person_id].name if o.owner_person_id in people else "" for o in drafts}


def _chosen_for(change: OkrChange, nxt: Period) -> bool:
    """Whether ``change`` is the owner's choice for ``nxt``: an objective carried in from the period before holds
    a "carried" row of its own arrival (after: its own period), which is no choice about the next one."""
    return change.what == "ended" or (change.what in DECIDED and change.after == nxt.name)


def _decides(objective: Objective, person_id: int, led: set[int]) -> bool:
    if objective.owner_team_id is not None:
        return objective.owner_team_id in led
    return objective.owner_person_id == person_id


async def _circle(session: AsyncSession) -> tuple[Circle, dict[int, int | None], dict[int, set[int]]]:
    """Everyone's manager, each team's members and lead: who may see which draft (handlers/visibility.py)."""
    _, team_settings = await settings(session)
    teams = await teams_with_members(session)
    led = team_leads(teams, team_settings)
    members = {team.id: {p.id for p in people} | ({led[team.id]} if led[team.id] else set()) for team, people in teams}
    managers = {p.id: p.manager_id for _, people in teams for p in people}
    circle = Circle(managers=managers, members=members, leads={lead for lead in led.values() if lead})
    return circle, led, members


def agreer_of(objective: Objective, led: dict[int, int | None], managers: dict[int, int | None]) -> int | None:
    """Who agrees a draft: the team's lead for a team's, the owner's manager for a personal one (the owner when they
    have none), the owner for the organisation's (leadership drafts its own)."""
    if objective.owner_team_id is not None:
        return led.get(objective.owner_team_id)
    if objective.level == "person":
        return managers.get(objective.owner_person_id) or objective.owner_person_id
    return objective.owner_person_id
