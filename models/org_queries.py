"""Lookups by the keys the organisation file uses, for upserting it."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from models.okrs import KeyResult, Objective
from models.people import Membership, Period, Person, Team


async def existing_keys(session: AsyncSession) -> dict[str, set[str]]:
    """What a file may refer to without defining it: ids, names and objective refs and texts in the store."""
    people = set((await session.execute(select(Person.platform_user_id))).scalars())
    periods = set((await session.execute(select(Period.name))).scalars())
    teams = set((await session.execute(select(Team.name))).scalars())
    objectives = {v for row in await session.execute(select(Objective.ref, Objective.title)) for v in row}
    return {"known_people": people, "known_periods": periods, "known_teams": teams, "known_objectives": objectives}


async def people_by_user_id(session: AsyncSession, *, ids: Collection[str]) -> dict[str, Person]:
    rows = await session.execute(select(Person).where(Person.platform_user_id.in_(ids)))
    return {p.platform_user_id: p for p in rows.scalars()}


async def teams_by_name(session: AsyncSession, *, names: Collection[str]) -> dict[str, Team]:
    return {t.name: t for t in (await session.execute(select(Team).where(Team.name.in_(names)))).scalars()}


async def periods_by_name(session: AsyncSession, *, names: Collection[str]) -> dict[str, Period]:
    return {p.name: p for p in (await session.execute(select(Period).where(Period.name.in_(names)))).scalars()}


async def objectives_by_ref_or_title(session: AsyncSession, *, keys: Collection[str]) -> dict[str, Objective]:
    statement = select(Objective).where(Objective.ref.in_(keys) | Objective.title.in_(keys))
    found: dict[str, Objective] = {}
    for objective in (await session.execute(statement)).scalars():
        found[objective.title] = objective
        found[objective.ref] = objective
    return found


async def key_results_by_ref(session: AsyncSession, *, refs: Collection[str]) -> dict[str, KeyResult]:
    return {k.ref: k for k in (await session.execute(select(KeyResult).where(KeyResult.ref.in_(refs)))).scalars()}


async def memberships_of(session: AsyncSession, *, team_ids: Collection[int]) -> list[Membership]:
    return list((await session.execute(select(Membership).where(Membership.team_id.in_(team_ids)))).scalars())


async def remove_memberships(session: AsyncSession, *, ids: Collection[int]) -> int:
    """Remove these memberships; how many there were."""
    if not ids:
        return 0
    return (await session.execute(delete(Membership).where(Membership.id.in_(ids)))).rowcount


async def period_dates(session: AsyncSession) -> dict[str, tuple[date, date]]:
    """Start and end of every stored period, by name."""
    return {name: (start, end) for name, start, end in await session.execute(select(Period.name, Period.start,
                                                                                      Period.end))}


async def file_okrs_of_periods(session: AsyncSession, *, period_ids: Collection[int]
                               ) -> tuple[list[Objective], list[KeyResult]]:
    """The objectives of these periods that came from a file (chat-made ones have a ``chat/`` ref), and their key
    results: what a file that plans these periods may archive."""
    objectives = list((await session.execute(
        select(Objective).where(Objective.period_id.in_(period_ids), ~Objective.ref.startswith("chat/"))
        .order_by(Objective.id))).scalars())
    key_results = list((await session.execute(
        select(KeyResult).where(KeyResult.objective_id.in_([o.id for o in objectives])).order_by(KeyResult.id)
    )).scalars())
    return objectives, key_results


async def managers_by_user_id(session: AsyncSession) -> dict[str, str | None]:
    """Every stored person's chat user id -> their manager's (None without one): the chains a file may extend."""
    manager = aliased(Person)
    statement = select(Person.platform_user_id, manager.platform_user_id).outerjoin(
        manager, manager.id == Person.manager_id)
    return {user: boss for user, boss in await session.execute(statement)}
