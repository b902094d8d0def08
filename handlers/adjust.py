"""Changing OKRs while the period runs: a key result's definition, adding or removing one, pausing, resuming,
dropping or closing an objective, each with a reason kept in the history (models/okr_history.py)."""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4  # several added a second: their refs only need to differ

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message
from handlers.adjust_parse import Edit, parse_edit, parse_measure
from handlers.checkin import notice
from models import Person
from models.okr_history import record_change
from models.okrs import KeyResult, Objective
from models.people import Membership
from models.people_queries import person_by_platform_id

FROM_STATUS = {"paused": ("active",), "active": ("paused",), "dropped": ("active", "paused"),
               "closed": ("active", "paused")}


async def adjust_command(session: AsyncSession, *, person: Person, name: str, argument: str, now: datetime
                         ) -> Message:
    """Apply one typed edit, or say kindly why not (how to type it, a reason missing, not theirs to change)."""
    locale, edit = person.locale, parse_edit(name.lower(), argument)
    if edit is None:
        return notice(locale, "adjust.usage", kind="adjust_usage")
    if not edit.reason:
        return notice(locale, "adjust.reason_missing", kind="adjust_reason")
    if edit.action == "status":
        return await _set_status(session, person, edit, now)
    if edit.action == "add":
        return await _add(session, person, edit, now)
    kr = await session.get(KeyResult, edit.target_id)
    objective = None if kr is None or kr.archived_at else await session.get(Objective, kr.objective_id)
    if objective is None or objective.archived_at:
        return notice(locale, "adjust.no_key_result", kind="adjust_unknown", number=edit.target_id)
    if not await may_change(session, person=person, objective=objective, key_result=kr):
        return notice(locale, "adjust.not_yours", kind="adjust_refused", title=kr.title)
    if edit.action == "remove":
        kr.archived_at = now
        await record_change(session, objective_id=objective.id, key_result_id=kr.id, what="removed", before=kr.title,
                            reason=edit.reason, by_person_id=person.id, at=now)
        return notice(locale, "adjust.removed", kind="adjust_done", title=kr.title)
    return await _change(session, person, kr, edit, now)


async def _add(session: AsyncSession, person: Person, edit: Edit, now: datetime) -> Message:
    """A new key result for a running objective, owned by who adds it; checked in on from the next check-in."""
    objective = await session.get(Objective, edit.target_id)
    if objective is None or objective.archived_at or objective.status in ("draft", "dropped", "closed"):
        return notice(person.locale, "adjust.no_objective", kind="adjust_unknown", number=edit.target_id)
    if not await may_change(session, person=person, objective=objective):
        return notice(person.locale, "adjust.not_yours", kind="adjust_refused", title=objective.title)
    measure = parse_measure(edit.value)
    if measure is None:
        return notice(person.locale, "adjust.usage", kind="adjust_usage")
    kr = KeyResult(ref=f"chat/added/{objective.id}/{uuid4().hex}", objective_id=objective.id, owner_id=person.id,
                   title=measure.title, kind=measure.kind, baseline=measure.baseline, target=measure.target,
                   unit=measure.unit)
    session.add(kr)
    await session.flush()
    await record_change(session, objective_id=objective.id, key_result_id=kr.id, what="added", after=kr.title,
                        reason=edit.reason, by_person_id=person.id, at=now)
    return notice(person.locale, "adjust.added", kind="adjust_done", title=kr.title, objective=objective.title)


async def _change(session: AsyncSession, person: Person, kr: KeyResult, edit: Edit, now: datetime) -> Message:
    before, after = await _value(session, kr, edit.field), edit.value
    if edit.field == "owner":
        owner = await person_by_platform_id(session, platform_user_id=edit.value.strip("<@>"))
        if owner is None:
            return notice(person.locale, "adjust.no_person", kind="adjust_unknown", name=edit.value)
        kr.owner_id, after = owner.id, owner.name
    elif edit.field in ("target", "baseline"):
        setattr(kr, edit.field, float(edit.value))
    else:
        setattr(kr, edit.field, edit.value[:500 if edit.field == "title" else 32])
    if before == after:
        return notice(person.locale, "adjust.unchanged", kind="adjust_unchanged", title=kr.title)
    session.add(kr)
    await record_change(session, objective_id=kr.objective_id, key_result_id=kr.id, what=edit.field, before=before,
                        after=after, reason=edit.reason, by_person_id=person.id, at=now)
    return notice(person.locale, f"adjust.changed_{edit.field}", kind="adjust_done", title=kr.title, before=before,
                  after=after)


async def _value(session: AsyncSession, kr: KeyResult, field: str) -> str:
    if field == "owner":
        owner = await session.get(Person, kr.owner_id)
        return owner.name if owner else ""
    value = getattr(kr, field)
    return f"{value:g}" if isinstance(value, float) else str(value)


async def _set_status(session: AsyncSession, person: Person, edit: Edit, now: datetime) -> Message:
    objective = await session.get(Objective, edit.target_id)
    if objective is None or objective.archived_at or objective.status == "draft":
        return notice(person.locale, "adjust.no_objective", kind="adjust_unknown", number=edit.target_id)
    if not await may_change(session, person=person, objective=objective):
        return notice(person.locale, "adjust.not_yours", kind="adjust_refused", title=objective.title)
    if objective.status not in FROM_STATUS[edit.field]:
        return notice(person.locale, f"adjust.already_{objective.status}", kind="adjust_unchanged",
                      title=objective.title)
    before, objective.status = objective.status, edit.field
    session.add(objective)
    await record_change(session, objective_id=objective.id, what=edit.field, before=before, after=edit.field,
                        reason=edit.reason, by_person_id=person.id, at=now)
    return notice(person.locale, f"adjust.status_{edit.field}", kind="adjust_done", title=objective.title)


async def may_change(session: AsyncSession, *, person: Person, objective: Objective,
                     key_result: KeyResult | None = None) -> bool:
    """The objective's owner, their manager of record, a key result's own owner for that key result, and for a team
    objective the team's leads: members who are the manager of record of another member (in a team without one, the
    members who own one of its key results)."""
    if person.id in (objective.owner_person_id, key_result.owner_id if key_result else None):
        return True
    if objective.owner_person_id is not None:
        owner = await session.get(Person, objective.owner_person_id)
        return owner is not None and owner.manager_id == person.id
    if objective.owner_team_id is None:
        return False
    members = (await session.execute(select(Person.id, Person.manager_id).join(
        Membership, Membership.person_id == Person.id).where(Membership.team_id == objective.owner_team_id))).all()
    if person.id not in {pid for pid, _ in members}:
        return False
    leads = {manager for _, manager in members} & {pid for pid, _ in members}
    if leads:
        return person.id in leads
    owners = await session.execute(select(KeyResult.id).where(KeyResult.objective_id == objective.id,
                                                               KeyResult.owner_id == person.id).limit(1))
    return owners.first() is not None
