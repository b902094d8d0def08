"""Setting, removing and reading 1:1s, and the one read the tick needs to find prep digests that are due."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from models.db import insert_for
from models.digests import OneOnOne
from models.people import Person

CHUNK = 500
VALUES = ("weekday", "local_time", "every_weeks", "anchor", "prep_minutes")


async def set_one_on_one(session: AsyncSession, *, manager_id: int, report_id: int, weekday: int, local_time: str,
                         every_weeks: int, anchor: date, prep_minutes: int) -> None:
    """Create the 1:1 of this manager and report, or change it: there is at most one per pair."""
    values = {"weekday": weekday, "local_time": local_time, "every_weeks": every_weeks, "anchor": anchor,
              "prep_minutes": prep_minutes}
    statement = (
        insert_for(session)(OneOnOne.__table__)
        .values(manager_id=manager_id, report_id=report_id, **values)
        .on_conflict_do_update(index_elements=["manager_id", "report_id"], set_=values)
    )
    await session.execute(statement)


async def one_on_ones_of_managers(session: AsyncSession, *, manager_ids: Collection[int]
                                  ) -> dict[tuple[int, int], OneOnOne]:
    """(manager id, report id) -> their 1:1, for every 1:1 these managers hold."""
    ids, found = sorted(set(manager_ids)), {}
    for start in range(0, len(ids), CHUNK):
        statement = select(OneOnOne).where(OneOnOne.manager_id.in_(ids[start : start + CHUNK]))
        for row in (await session.execute(statement.execution_options(populate_existing=True))).scalars():
            found[(row.manager_id, row.report_id)] = row
    return found


async def set_one_on_ones(session: AsyncSession, *, rows: list[dict]) -> None:
    """``set_one_on_one`` for many pairs in one statement; each row has the ids and the values."""
    if not rows:
        return
    table = OneOnOne.__table__
    statement = insert_for(session)(table)
    statement = statement.on_conflict_do_update(
        index_elements=["manager_id", "report_id"], set_={name: statement.excluded[name] for name in VALUES})
    for start in range(0, len(rows), CHUNK):
        await session.execute(statement, rows[start : start + CHUNK])


async def remove_one_on_one(session: AsyncSession, *, manager_id: int, report_id: int) -> bool:
    """Stop the 1:1 of this manager and report; False when there was none."""
    statement = delete(OneOnOne).where(OneOnOne.manager_id == manager_id, OneOnOne.report_id == report_id)
    return (await session.execute(statement)).rowcount > 0


async def one_on_one_of(session: AsyncSession, *, manager_id: int, report_id: int) -> OneOnOne | None:
    statement = select(OneOnOne).where(OneOnOne.manager_id == manager_id, OneOnOne.report_id == report_id)
    return (await session.execute(statement.execution_options(populate_existing=True))).scalar_one_or_none()


async def one_on_ones_of(session: AsyncSession, *, manager_id: int) -> list[tuple[OneOnOne, Person]]:
    """The manager's 1:1s with the person each is with, by that person's name."""
    statement = (
        select(OneOnOne, Person).join(Person, Person.id == OneOnOne.report_id)
        .where(OneOnOne.manager_id == manager_id).order_by(Person.name, Person.id)
        .execution_options(populate_existing=True)  # set_one_on_one writes past the session's copies
    )
    return [(row, person) for row, person in await session.execute(statement)]


async def managers_of_record(session: AsyncSession, *, user_ids: Collection[str]) -> dict[str, str | None]:
    """Chat user id -> their manager's chat user id (None without one), for the people the store knows."""
    if not user_ids:
        return {}
    manager = aliased(Person)
    statement = (
        select(Person.platform_user_id, manager.platform_user_id)
        .outerjoin(manager, manager.id == Person.manager_id).where(Person.platform_user_id.in_(user_ids))
    )
    return {user: manager_user for user, manager_user in await session.execute(statement)}


@dataclass(frozen=True)
class PrepEntry:
    """A 1:1 with what deciding on its prep digest needs from both people."""

    manager_id: int
    report_id: int
    weekday: int
    local_time: str
    every_weeks: int
    anchor: date
    prep_minutes: int
    manager_tz: str
    report_tz: str
    report_manager_id: int | None


_MANAGER, _REPORT = aliased(Person, name="manager"), aliased(Person, name="report")
# Built once: the tick runs it every minute, and aliasing and building cost more than running it.
_PREP_ROSTER = (
    select(OneOnOne.manager_id, OneOnOne.report_id, OneOnOne.weekday, OneOnOne.local_time, OneOnOne.every_weeks,
           OneOnOne.anchor, OneOnOne.prep_minutes, _MANAGER.tz, _REPORT.tz,
           _REPORT.manager_id)
    .join(_MANAGER, _MANAGER.id == OneOnOne.manager_id)
    .join(_REPORT, _REPORT.id == OneOnOne.report_id)
    .order_by(OneOnOne.manager_id, OneOnOne.report_id)
)


async def prep_roster(session: AsyncSession) -> list[PrepEntry]:
    """Every 1:1 joined with its manager's and report's zone and the report's manager of record, in one query."""
    return [PrepEntry(*row) for row in await session.execute(_PREP_ROSTER)]
