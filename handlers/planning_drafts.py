"""The planning round's writes: carry an objective over, rework it, close it, draft a new one, propose a key result
and agree a set. Each is recorded in the OKR history (models/okr_history.py) with who did it and when."""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4  # several drafts a second: their refs only need to differ

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.planning_round import Round, reached
from models import KeyResult, Objective, Person
from models.okr_history import record_change


async def carry_over(session: AsyncSession, *, rnd: Round, objective: Objective, person: Person, now: datetime,
                     rework: bool = False) -> Objective:
    """A draft of ``objective`` in the next period: carried over, with the key results not reached, their current
    values as the new baselines; reworked, with all of them, to be changed before it is agreed."""
    draft = Objective(ref=_ref(rnd, f"{'reworked' if rework else 'carried'}/{objective.id}"), title=objective.title,
                      level=objective.level, type=objective.type, period_id=rnd.next.id,
                      owner_person_id=objective.owner_person_id, owner_team_id=objective.owner_team_id,
                      status="draft", carried_from_id=objective.id)
    session.add(draft)
    await session.flush()
    kept = [kr for kr in rnd.key_results.get(objective.id, []) if rework or not reached(kr)]
    for kr in kept:
        start = kr.baseline if kr.current is None else kr.current
        session.add(KeyResult(ref=f"{draft.ref}/{kr.id}", objective_id=draft.id, owner_id=kr.owner_id, title=kr.title,
                              kind=kr.kind, baseline=start if kr.kind != "milestone" else 0.0, target=kr.target,
                              unit=kr.unit, weight=kr.weight, carried_from_id=kr.id))
    what = "reworked" if rework else "carried"
    await record_change(session, objective_id=objective.id, what=what, after=rnd.next.name, at=now,
                        by_person_id=person.id)
    await record_change(session, objective_id=draft.id, what=what, before=rnd.ending.name if rnd.ending else "",
                        after=rnd.next.name, at=now, by_person_id=person.id)
    await session.flush()
    return draft


async def close_at_end(session: AsyncSession, *, objective: Objective, person: Person, now: datetime) -> None:
    """Not continued in the next period; it runs to its period's end as it is."""
    await record_change(session, objective_id=objective.id, what="ended", at=now, by_person_id=person.id)


async def new_draft(session: AsyncSession, *, rnd: Round, title: str, level: str, person: Person,
                    team_id: int | None, now: datetime) -> Objective:
    draft = Objective(ref=_ref(rnd, f"new/{person.id}/{uuid4().hex}"), title=title, level=level,
                      period_id=rnd.next.id, owner_person_id=None if team_id else person.id, owner_team_id=team_id,
                      status="draft")
    session.add(draft)
    await session.flush()
    await record_change(session, objective_id=draft.id, what="drafted", after=title, at=now, by_person_id=person.id)
    return draft


async def propose(session: AsyncSession, *, draft: Objective, person: Person, title: str, kind: str,
                  baseline: float, target: float, unit: str, now: datetime) -> KeyResult:
    kr = KeyResult(ref=f"{draft.ref[:150]}/proposed/{uuid4().hex}", objective_id=draft.id,
                   owner_id=person.id, title=title, kind=kind, baseline=baseline, target=target, unit=unit)
    session.add(kr)
    await session.flush()
    await record_change(session, objective_id=draft.id, key_result_id=kr.id, what="proposed", after=title, at=now,
                        by_person_id=person.id)
    return kr


async def agree(session: AsyncSession, *, drafts: list[Objective], person: Person, now: datetime) -> None:
    """The drafts become the agreed OKRs of their period: checked in on from its start."""
    for draft in drafts:
        draft.status = "active"
        session.add(draft)
        await record_change(session, objective_id=draft.id, what="agreed", before="draft", after="active", at=now,
                            by_person_id=person.id)
    await session.flush()


async def retitle(session: AsyncSession, *, draft: Objective, title: str, person: Person, now: datetime) -> None:
    before, draft.title = draft.title, title
    session.add(draft)
    await record_change(session, objective_id=draft.id, what="drafted", before=before, after=title, at=now,
                        by_person_id=person.id)


async def revise(session: AsyncSession, *, kr: KeyResult, person: Person, title: str, kind: str, baseline: float,
                 target: float, unit: str, now: datetime) -> None:
    """A draft's key result typed again: nothing was checked in on it yet, so it is simply replaced."""
    before = kr.title
    kr.title, kr.kind, kr.baseline, kr.target, kr.unit = title, kind, baseline, target, unit
    session.add(kr)
    await record_change(session, objective_id=kr.objective_id, key_result_id=kr.id, what="proposed", before=before,
                        after=title, at=now, by_person_id=person.id)


async def withdraw(session: AsyncSession, *, kr: KeyResult, person: Person, now: datetime) -> None:
    kr.archived_at = now
    session.add(kr)
    await record_change(session, objective_id=kr.objective_id, key_result_id=kr.id, what="withdrawn", before=kr.title,
                        at=now, by_person_id=person.id)


def _ref(rnd: Round, tail: str) -> str:
    """Made in chat (``chat/``): a file that plans the same period never archives it (models/org_queries.py)."""
    return f"chat/plan/{rnd.next.name}/{tail}"[:200]
