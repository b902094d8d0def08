"""Who the planning round reaches: owners of organisation objectives, teams with their lead and channel, drafts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.okrs import Objective
from models.people import Membership, Person, Team


async def org_owners(session: AsyncSession, *, period_id: int) -> list[int]:
    """The people who own an agreed organisation objective of the period."""
    statement = select(Objective.owner_person_id).distinct().where(
        Objective.period_id == period_id, Objective.level == "org", Objective.status != "draft",
        Objective.archived_at.is_(None), Objective.owner_person_id.is_not(None))
    return sorted(pid for (pid,) in await session.execute(statement))


async def drafts_of(session: AsyncSession, *, period_id: int) -> list[Objective]:
    statement = select(Objective).where(Objective.period_id == period_id, Objective.status == "draft",
                                        Objective.archived_at.is_(None)).order_by(Objective.id)
    return list((await session.execute(statement)).scalars())


async def people_with_country(session: AsyncSession, *, ids: Sequence[int]) -> dict[int, tuple[Person, str | None]]:
    """Each person with the country of their primary team (its public holidays are theirs)."""
    if not ids:
        return {}
    statement = (select(Person, Team.country).outerjoin(Membership, (Membership.person_id == Person.id)
                                                         & Membership.primary)
                 .outerjoin(Team, Team.id == Membership.team_id).where(Person.id.in_(set(ids))))
    found: dict[int, tuple[Person, str | None]] = {}
    for person, country in await session.execute(statement):
        found.setdefault(person.id, (person, country))
    return found
