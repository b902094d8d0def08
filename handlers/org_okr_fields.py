"""An existing objective's or key result's fields set to the file's values one by one, each through the rule of
handlers/org_conflicts.py (the newer of file and chat wins) and recorded in the OKR history."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.org_conflicts import FileVersusChat
from handlers.org_schema import KeyResultIn, ObjectiveIn
from models import KeyResult, Objective, Person, Team

NONE = "(none)"


def shown(value: object) -> str:
    """A value as the history and the import summary write it: numbers without a trailing .0."""
    return f"{value:g}" if isinstance(value, float) else NONE if value is None else str(value)


async def settle_objective(session: AsyncSession, gate: FileVersusChat, objective: Objective, item: ObjectiveIn,
                           owner: Person | Team) -> None:
    """Title, level, type, owner and (when the file gives it) status; the parent comes once all objectives exist
    (settle_parent)."""
    wanted = {"title": item.objective, "level": item.level, "type": item.type}
    if item.status is not None:
        wanted["status"] = item.status
    for name, value in wanted.items():
        if getattr(objective, name) != value:
            await gate.settle(session, objective_id=objective.id, key_result_id=None, title=objective.title,
                              what=name, in_store=getattr(objective, name), in_file=value,
                              take_file=partial(setattr, objective, name, value),
                              recorded=(value, getattr(objective, name), value) if name == "status" else None)
    ids = {"owner_person_id": owner.id if isinstance(owner, Person) else None,
           "owner_team_id": owner.id if isinstance(owner, Team) else None}
    if any(getattr(objective, name) != value for name, value in ids.items()):
        before = await _owner_name(session, objective)
        await gate.settle(session, objective_id=objective.id, key_result_id=None, title=objective.title,
                          what="owner", in_store=before, in_file=owner.name,
                          take_file=partial(_assign_all, objective, ids))
    session.add(objective)


async def settle_parent(session: AsyncSession, gate: FileVersusChat, objective: Objective,
                        parent: Objective | None) -> None:
    parent_id = parent.id if parent else None
    if objective.parent_id == parent_id:
        return
    before = await session.get(Objective, objective.parent_id) if objective.parent_id else None
    await gate.settle(session, objective_id=objective.id, key_result_id=None, title=objective.title, what="parent",
                      in_store=before.title if before else NONE, in_file=parent.title if parent else NONE,
                      take_file=partial(setattr, objective, "parent_id", parent_id))


async def settle_key_result(session: AsyncSession, gate: FileVersusChat, kr: KeyResult, item: KeyResultIn,
                            owner: Person, names: Mapping[int, str]) -> None:
    """Title, kind, baseline, target, unit, weight and owner (``names``: person id -> name, for the history)."""
    wanted = {"title": item.title, "kind": item.kind, "baseline": item.baseline, "target": item.target,
              "unit": item.unit, "weight": item.weight}
    for name, value in wanted.items():
        if getattr(kr, name) != value:
            await gate.settle(session, objective_id=kr.objective_id, key_result_id=kr.id, title=kr.title, what=name,
                              in_store=shown(getattr(kr, name)), in_file=shown(value),
                              take_file=partial(setattr, kr, name, value))
    if kr.owner_id != owner.id:
        before = names.get(kr.owner_id) or getattr(await session.get(Person, kr.owner_id), "name", NONE)
        await gate.settle(session, objective_id=kr.objective_id, key_result_id=kr.id, title=kr.title, what="owner",
                          in_store=before, in_file=owner.name, take_file=partial(setattr, kr, "owner_id", owner.id))
    session.add(kr)


async def settle_return(session: AsyncSession, gate: FileVersusChat, kr: KeyResult) -> bool:
    """A removed key result the file lists again comes back, unless it was removed in chat after the file was
    saved; True when it came back."""
    return await gate.settle(session, objective_id=kr.objective_id, key_result_id=kr.id, title=kr.title,
                             what="removed", in_store="removed", in_file="listed",
                             take_file=partial(setattr, kr, "archived_at", None), recorded=("added", "", kr.title))


def _assign_all(row, values: Mapping[str, object]) -> None:
    for name, value in values.items():
        setattr(row, name, value)


async def _owner_name(session: AsyncSession, objective: Objective) -> str:
    if objective.owner_person_id is not None:
        owner = await session.get(Person, objective.owner_person_id)
    else:
        owner = await session.get(Team, objective.owner_team_id) if objective.owner_team_id else None
    return owner.name if owner else NONE
