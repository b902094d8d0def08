"""What the privacy rules of handlers/visibility.py read, and the shares an owner gives or takes back."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Row, delete, func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.util import identity_key

from models.okrs import KeyResult, Objective, ObjectiveShare
from models.people import Person, Team

CHUNK = 1000


async def key_result_holders(session: AsyncSession, *, objective_ids: Sequence[int]) -> dict[int, set[int]]:
    """objective -> the people who own one of its key results."""
    found: dict[int, set[int]] = defaultdict(set)
    for start in range(0, len(objective_ids), CHUNK):
        statement = select(KeyResult.objective_id, KeyResult.owner_id).where(
            KeyResult.objective_id.in_(objective_ids[start : start + CHUNK]))
        for objective_id, owner_id in await session.execute(statement):
            found[objective_id].add(owner_id)
    return dict(found)


async def shared_with(session: AsyncSession, *, objective_ids: Sequence[int]) -> dict[int, set[int]]:
    """objective -> the people its owner shared it with."""
    found: dict[int, set[int]] = defaultdict(set)
    for start in range(0, len(objective_ids), CHUNK):
        statement = select(ObjectiveShare.objective_id, ObjectiveShare.person_id).where(
            ObjectiveShare.objective_id.in_(objective_ids[start : start + CHUNK]))
        for objective_id, person_id in await session.execute(statement):
            found[objective_id].add(person_id)
    return dict(found)


async def shared_in_period(session: AsyncSession, *, period_id: int) -> dict[int, set[int]]:
    """objective -> the people its owner shared it with, for the period's objectives."""
    statement = (select(ObjectiveShare.objective_id, ObjectiveShare.person_id)
                 .join(Objective, Objective.id == ObjectiveShare.objective_id).where(Objective.period_id == period_id))
    found: dict[int, set[int]] = defaultdict(set)
    for objective_id, person_id in await session.execute(statement):
        found[objective_id].add(person_id)
    return dict(found)


async def people_by_id(session: AsyncSession, *, ids: Sequence[int]) -> dict[int, Person]:
    found = held(session, Person, ids)
    ids = [i for i in ids if i not in found]
    for start in range(0, len(ids), CHUNK):
        statement = select(Person).where(Person.id.in_(ids[start : start + CHUNK]))
        found.update((p.id, p) for p in (await session.execute(statement)).scalars())
    return found


def held(session: AsyncSession, model: type, ids: Sequence[int]) -> dict:
    """The rows of these ids this session already holds, loaded and unchanged since: a select would hand back the
    very same objects (it does not overwrite what the session holds), so the common case, the person who clicked,
    is not read twice."""
    found = {}
    for id_ in ids:
        row = session.identity_map.get(identity_key(model, id_))
        state = inspect(row) if row is not None else None
        if state is not None and not state.expired_attributes and not state.deleted and not state.modified:
            found[id_] = row
    return found


async def person_rows(session: AsyncSession, *, ids: Sequence[int]) -> dict[int, Row]:
    """The people's id, name and manager of record as plain rows: what the privacy rules and their wording read,
    for a tick's thousands of key results, without the cost of ORM objects (people the session holds are taken as
    they are: they answer the same questions)."""
    found: dict[int, Row] = held(session, Person, ids)
    ids = [id_ for id_ in ids if id_ not in found]
    for start in range(0, len(ids), CHUNK):
        statement = select(Person.id, Person.name, Person.manager_id).where(Person.id.in_(ids[start : start + CHUNK]))
        found.update((row.id, row) for row in await session.execute(statement))
    return found


async def objective_rows(session: AsyncSession, *, ids: Sequence[int]) -> dict[int, Row]:
    """The objectives' id, level, status and owners as plain rows: all ``handlers.visibility`` asks of them (those
    the session holds are taken as they are)."""
    found: dict[int, Row] = held(session, Objective, ids)
    ids = [id_ for id_ in ids if id_ not in found]
    columns = (Objective.id, Objective.level, Objective.status, Objective.owner_person_id, Objective.owner_team_id)
    for start in range(0, len(ids), CHUNK):
        statement = select(*columns).where(Objective.id.in_(ids[start : start + CHUNK]))
        found.update((row.id, row) for row in await session.execute(statement))
    return found


async def teams_by_id(session: AsyncSession, *, ids: Sequence[int]) -> dict[int, Team]:
    if not ids:
        return {}
    return {t.id: t for t in (await session.execute(select(Team).where(Team.id.in_(ids)))).scalars()}


async def objectives_by_id(session: AsyncSession, *, ids: Sequence[int]) -> dict[int, Objective]:
    found: dict[int, Objective] = {}
    for start in range(0, len(ids), CHUNK):
        statement = select(Objective).where(Objective.id.in_(ids[start : start + CHUNK]))
        found.update((o.id, o) for o in (await session.execute(statement)).scalars())
    return found


async def key_result_objectives(session: AsyncSession, *, key_result_ids: Sequence[int]) -> dict[int, int]:
    """key result -> its objective."""
    found: dict[int, int] = {}
    for start in range(0, len(key_result_ids), CHUNK):
        statement = select(KeyResult.id, KeyResult.objective_id).where(
            KeyResult.id.in_(key_result_ids[start : start + CHUNK]))
        found.update((kr, objective) for kr, objective in await session.execute(statement))
    return found


async def personal_objectives_of(session: AsyncSession, *, owner_id: int, period_id: int) -> list[Objective]:
    """The personal objectives ``owner_id`` owns in the period, oldest first: the ones they can share."""
    statement = select(Objective).where(
        Objective.period_id == period_id, Objective.owner_person_id == owner_id, Objective.level == "person",
        Objective.archived_at.is_(None),
    ).order_by(Objective.id)
    return list((await session.execute(statement)).scalars())


async def objectives_shared_with(session: AsyncSession, *, person_id: int, period_id: int) -> list[Objective]:
    """The period's objectives someone shared with ``person_id``."""
    statement = (
        select(Objective).join(ObjectiveShare, ObjectiveShare.objective_id == Objective.id)
        .where(ObjectiveShare.person_id == person_id, Objective.period_id == period_id)
        .order_by(Objective.id)
    )
    return list((await session.execute(statement)).scalars())


async def add_share(session: AsyncSession, *, objective_id: int, person_id: int) -> bool:
    """Share the objective with the person; False when it already was."""
    statement = select(ObjectiveShare.id).where(ObjectiveShare.objective_id == objective_id,
                                                ObjectiveShare.person_id == person_id)
    if (await session.execute(statement)).first() is not None:
        return False
    session.add(ObjectiveShare(objective_id=objective_id, person_id=person_id))
    await session.flush()
    return True


async def remove_share(session: AsyncSession, *, objective_id: int, person_id: int) -> bool:
    """Take a share back; False when there was none."""
    statement = delete(ObjectiveShare).where(ObjectiveShare.objective_id == objective_id,
                                             ObjectiveShare.person_id == person_id)
    return (await session.execute(statement)).rowcount > 0


async def people_named(session: AsyncSession, *, text: str, platform: str | None) -> list[Person]:
    """People whose chat user id is ``text`` (on the platform, if given), or else whose full or first name is."""
    by_id = select(Person).where(Person.platform_user_id == text)
    if platform:
        by_id = by_id.where(Person.platform == platform)
    found = list((await session.execute(by_id)).scalars())
    if found:
        return found
    wanted = text.lower()
    full = select(Person).where(func.lower(Person.name) == wanted).order_by(Person.id)
    found = list((await session.execute(full)).scalars())
    if found:
        return found
    first = select(Person).where(func.lower(Person.name).startswith(f"{wanted} ", autoescape=True)).order_by(
        Person.id)
    return list((await session.execute(first)).scalars())
