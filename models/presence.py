"""Known people by their chat user ids, for what a chat platform tells about them (``handlers.presence``)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.people import Person

CHUNK = 500


async def people_by_platform_ids(
    session: AsyncSession, *, platform: str, platform_user_ids: Sequence[str]
) -> dict[str, Person]:
    """The known people among these chat user ids, by id."""
    found: dict[str, Person] = {}
    ids = list(dict.fromkeys(platform_user_ids))
    for start in range(0, len(ids), CHUNK):
        statement = select(Person).where(
            Person.platform == platform, Person.platform_user_id.in_(ids[start : start + CHUNK])
        )
        found.update((p.platform_user_id, p) for p in (await session.execute(statement)).scalars())
    return found
