"""The names an admin types on the command line, as the store spells them: person ids, team and period names."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.people import Period, Person, Team


async def known_names(session: AsyncSession, *, kind: str) -> dict[str, str]:
    """Each stored name of ``kind`` (person, team or period) -> how to show it in a list of valid names."""
    if kind == "person":
        rows = await session.execute(select(Person.platform_user_id, Person.name).order_by(Person.platform_user_id))
        return {user_id: f"{user_id} ({name})" if name else user_id for user_id, name in rows}
    column = {"team": Team.name, "period": Period.name}[kind]
    return {name: name for (name,) in await session.execute(select(column).order_by(column))}


async def person_names(session: AsyncSession) -> dict[str, str]:
    """Each person's full name -> their id, to find a person by the name an admin typed."""
    rows = await session.execute(select(Person.name, Person.platform_user_id))
    return {name: user_id for name, user_id in rows if name}
