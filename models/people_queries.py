"""Finding people and their team, and changing what they control themselves."""

from __future__ import annotations

from datetime import date
from functools import cache

from sqlalchemy import and_, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.okrs import KeyResult
from models.people import Membership, Period, Person, Team


@cache
def _person_statement(on_platform: bool):
    statement = select(Person).where(Person.platform_user_id == bindparam("user"))
    if on_platform:
        statement = statement.where(Person.platform == bindparam("platform"))
    return statement.order_by(Person.id).limit(1)


async def person_by_platform_id(session: AsyncSession, *, platform_user_id: str, platform: str | None = None
                                ) -> Person | None:
    """The person with this chat user id; ``platform=None`` matches any platform (the console acts as anyone)."""
    statement = _person_statement(bool(platform))  # built once: every click, command and form starts here
    return (await session.execute(statement, {"user": platform_user_id, "platform": platform})).scalar_one_or_none()


@cache
def _team_statement():
    return (select(Team).join(Membership, and_(Membership.team_id == Team.id, Membership.primary))
            .where(Membership.person_id == bindparam("person_id")).limit(1))


async def primary_team(session: AsyncSession, *, person_id: int) -> Team | None:
    return (await session.execute(_team_statement(), {"person_id": person_id})).scalar_one_or_none()


async def period_on(session: AsyncSession, *, day: date) -> Period | None:
    """The period running on ``day``; when periods overlap, the one that started last."""
    statement = select(Period).where(Period.start <= day, Period.end >= day).order_by(Period.start.desc())
    return (await session.execute(statement.limit(1))).scalar_one_or_none()


async def period_by_name(session: AsyncSession, *, name: str) -> Period | None:
    return (await session.execute(select(Period).where(Period.name == name))).scalar_one_or_none()


async def all_people(session: AsyncSession) -> list[Person]:
    return list((await session.execute(select(Person).order_by(Person.id))).scalars())


async def first_person_with_key_results(session: AsyncSession) -> Person | None:
    statement = select(Person).join(KeyResult, KeyResult.owner_id == Person.id).order_by(Person.id).limit(1)
    return (await session.execute(statement)).scalar_one_or_none()
