"""How many people each chat platform is meant to reach, for ``okrbot doctor``."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.people import Person


async def people_per_platform(session: AsyncSession) -> dict[str, int]:
    statement = select(Person.platform, func.count(Person.id)).group_by(Person.platform)
    return {platform: count for platform, count in await session.execute(statement)}
