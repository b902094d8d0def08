"""Planning settings and the planning round's reads: periods that follow each other, drafts, leads, learnings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.db import insert_for
from models.okrs import KeyResult, Objective
from models.people import Membership, Period, Person, Team
from models.planning import PlanningSetting
from models.surveys import SurveyAnswer, SurveyRound


async def settings(session: AsyncSession) -> tuple[PlanningSetting | None, dict[int, PlanningSetting]]:
    """The organisation's row (None: the defaults) and each team's, by team id."""
    rows = list((await session.execute(select(PlanningSetting))).scalars())
    return next((r for r in rows if r.team_id is None), None), {r.team_id: r for r in rows if r.team_id is not None}


async def save_settings(session: AsyncSession, *, rows: Mapping[int | None, Mapping[str, object]]) -> None:
    """Set each row's values (key: team id, None for the organisation); only what differs is written."""
    org, teams = await settings(session)
    for team_id, values in rows.items():
        row = (org if team_id is None else teams.get(team_id)) or PlanningSetting(team_id=team_id)
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
        session.add(row)
    await session.flush()


async def all_periods(session: AsyncSession) -> list[Period]:
    return list((await session.execute(select(Period).order_by(Period.start))).scalars())


async def add_period(session: AsyncSession, *, name: str, start: date, end: date) -> bool:
    """Create the period unless a process already did (the unique name is the claim); True when this one did."""
    table = Period.__table__
    statement = insert_for(session)(table).on_conflict_do_nothing(index_elements=["name"]).returning(table.c.id)
    return (await session.execute(statement, [{"name": name, "start": start, "end": end}])).first() is not None


async def objectives_of(session: AsyncSession, *, period_id: int, statuses: Sequence[str] | None = None
                        ) -> list[Objective]:
    statement = select(Objective).where(Objective.period_id == period_id, Objective.archived_at.is_(None))
    if statuses is not None:
        statement = statement.where(Objective.status.in_(statuses))
    return list((await session.execute(statement.order_by(Objective.level, Objective.id))).scalars())


async def key_results_of(session: AsyncSession, *, objective_ids: Sequence[int]) -> dict[int, list[KeyResult]]:
    if not objective_ids:
        return {}
    statement = select(KeyResult).where(KeyResult.objective_id.in_(objective_ids), KeyResult.archived_at.is_(None))
    found: dict[int, list[KeyResult]] = {}
    for kr in (await session.execute(statement.order_by(KeyResult.id))).scalars():
        found.setdefault(kr.objective_id, []).append(kr)
    return found


async def teams_with_members(session: AsyncSession) -> list[tuple[Team, list[Person]]]:
    rows = await session.execute(select(Team, Person).join(Membership, Membership.team_id == Team.id)
                                 .join(Person, Person.id == Membership.person_id).order_by(Team.id, Person.id))
    teams: dict[int, tuple[Team, list[Person]]] = {}
    for team, person in rows:
        teams.setdefault(team.id, (team, []))[1].append(person)
    return list(teams.values())


def team_leads(rosters: Sequence[tuple[Team, list[Person]]], team_settings: Mapping[int, PlanningSetting]
               ) -> dict[int, int | None]:
    """Team id -> who agrees its OKRs: the file's ``lead``, else whoever manages most of its members."""
    leads: dict[int, int | None] = {}
    for team, members in rosters:
        own = team_settings.get(team.id)
        counted = Counter(p.manager_id for p in members if p.manager_id)
        leads[team.id] = (own.lead_id if own else None) or (counted.most_common(1)[0][0] if counted else None)
    return leads


async def people_by_id(session: AsyncSession, *, ids: Sequence[int]) -> dict[int, Person]:
    if not ids:
        return {}
    return {p.id: p for p in (await session.execute(select(Person).where(Person.id.in_(set(ids))))).scalars()}


async def learnings(session: AsyncSession, *, objective_ids: Sequence[int]) -> dict[int, dict[str, list[str]]]:
    """Objective id -> the reflection's "what we learned" and "what we'd do differently" texts, without names."""
    if not objective_ids:
        return {}
    statement = (
        select(SurveyRound.objective_id, SurveyAnswer.question, SurveyAnswer.text)
        .join(SurveyAnswer, SurveyAnswer.round_id == SurveyRound.id)
        .where(SurveyRound.survey == "reflection", SurveyRound.objective_id.in_(objective_ids),
               SurveyAnswer.question.in_(("learned", "differently")), SurveyAnswer.text != "")
        .order_by(SurveyAnswer.id)
    )
    found: dict[int, dict[str, list[str]]] = {}
    for objective_id, question, text in await session.execute(statement):
        found.setdefault(objective_id, {}).setdefault(question, []).append(text)
    return found
