"""What the tick needs to find due surveys: team schedules per running period, then only the teams with a
survey day near, their members and the objectives those members own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.absence import Absence
from models.absence_store import running_absences
from models.okr_status import CHECKED_IN
from models.okrs import KeyResult, Objective
from models.people import Membership, Period, Person, Team
from models.surveys import SurveySchedule

CHUNK = 500


@dataclass(frozen=True)
class TeamSchedule:
    """A team's survey schedule in one period; ``None`` columns are the defaults (no schedule row)."""

    team_id: int
    country: str | None
    checkin_weekday: int
    checkin_time: str
    weekday: int | None
    local_time: str | None
    mood_every_weeks: int | None
    mood_first: str | None
    mood_start_week: int | None
    premortem: bool | None
    reflection: bool | None
    period_id: int
    period_start: date
    period_end: date


@dataclass(frozen=True)
class Member:
    person_id: int
    tz: str
    manager_id: int | None
    team_id: int
    absences: tuple[Absence, ...] = ()  # the ones lasting until the day asked for or later


async def team_schedules(session: AsyncSession, *, first_day: date, last_day: date) -> list[TeamSchedule]:
    """Every team's schedule for each period that runs some time between ``first_day`` and ``last_day``."""
    statement = (
        select(
            Team.id, Team.country, Team.checkin_weekday, Team.checkin_time,
            SurveySchedule.weekday, SurveySchedule.local_time, SurveySchedule.mood_every_weeks,
            SurveySchedule.mood_first, SurveySchedule.mood_start_week, SurveySchedule.premortem,
            SurveySchedule.reflection, Period.id, Period.start, Period.end,
        )
        .outerjoin(SurveySchedule, SurveySchedule.team_id == Team.id)
        .join(Period, and_(Period.start <= last_day, Period.end >= first_day))
        .order_by(Team.id, Period.id)
    )
    return [TeamSchedule(*row) for row in await session.execute(statement)]


async def members_of(session: AsyncSession, *, team_ids: Sequence[int], since: date) -> list[Member]:
    """The people whose primary team is one of these, with their absences lasting until ``since`` or later."""
    rows = []
    for start in range(0, len(team_ids), CHUNK):
        statement = (
            select(Person.id, Person.tz, Person.manager_id, Membership.team_id)
            .join(Membership, and_(Membership.person_id == Person.id, Membership.primary))
            .where(Membership.team_id.in_(team_ids[start : start + CHUNK]))
            .order_by(Person.id)
        )
        rows.extend(await session.execute(statement))
    absences = await running_absences(session, since=since) if rows else {}
    return [Member(*row, absences=absences.get(row[0], ())) for row in rows]


async def objective_owners(
    session: AsyncSession, *, period_ids: Sequence[int], person_ids: Sequence[int]
) -> set[tuple[int, int, int]]:
    """(person, objective, period) for each objective these people own: as its owner, or owning a key result."""
    found: set[tuple[int, int, int]] = set()
    for start in range(0, len(person_ids), CHUNK):
        chunk = person_ids[start : start + CHUNK]
        by_key_result = (
            select(KeyResult.owner_id, Objective.id, Objective.period_id)
            .join(Objective, Objective.id == KeyResult.objective_id)
            .where(Objective.period_id.in_(period_ids), KeyResult.owner_id.in_(chunk), KeyResult.archived_at.is_(None),
                   CHECKED_IN)
        )
        by_objective = select(Objective.owner_person_id, Objective.id, Objective.period_id).where(
            Objective.period_id.in_(period_ids), Objective.owner_person_id.in_(chunk), Objective.archived_at.is_(None),
            CHECKED_IN
        )
        for statement in (by_key_result, by_objective):
            found.update(tuple(row) for row in await session.execute(statement))
    return found
