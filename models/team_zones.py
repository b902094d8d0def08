"""Which time zones a team's members are in, counted, for teams that set no zone of their own."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.people import Membership, Person


async def member_zones(session: AsyncSession, *, team_ids: Collection[int]) -> dict[int, dict[str, int]]:
    """Team id -> {zone: how many of its members are in it}; a team without members is left out."""
    if not team_ids:
        return {}
    statement = (
        select(Membership.team_id, Person.tz, func.count(Person.id))
        .join(Person, Person.id == Membership.person_id)
        .where(Membership.team_id.in_(sorted(team_ids)))
        .group_by(Membership.team_id, Person.tz)
    )
    zones: dict[int, dict[str, int]] = {}
    for team_id, tz, members in await session.execute(statement):
        zones.setdefault(team_id, {})[tz] = members
    return zones
