"""Pre-mortem risks: saved from a pre-mortem's "what happened?", asked about again in check-ins, read by digests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from models.okrs import Objective
from models.people import Person
from models.surveys import PremortemRisk

CHUNK = 500


async def replace_risks(
    session: AsyncSession, *, round_id: int, person_id: int, objective_id: int, period_id: int,
    texts: Sequence[str], now: datetime,
) -> None:
    """Make a person's risks of one pre-mortem exactly ``texts``; a risk whose text stays keeps its follow-up."""
    statement = select(PremortemRisk).where(PremortemRisk.round_id == round_id, PremortemRisk.person_id == person_id)
    before = {risk.text: risk for risk in (await session.execute(statement)).scalars()}
    await session.execute(
        delete(PremortemRisk).where(PremortemRisk.round_id == round_id, PremortemRisk.person_id == person_id)
    )
    for position, text in enumerate(texts):
        kept = before.get(text)
        session.add(PremortemRisk(
            round_id=round_id, person_id=person_id, objective_id=objective_id, period_id=period_id,
            position=position, text=text, status=kept.status if kept else "open",
            last_answer=kept.last_answer if kept else None, last_slot=kept.last_slot if kept else None,
            updated_at=now,
        ))
    await session.flush()


async def open_risks_of(
    session: AsyncSession, *, pairs: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], list[PremortemRisk]]:
    """(person, period) -> their open risks, the ones asked longest ago first."""
    found: dict[tuple[int, int], list[PremortemRisk]] = {}
    pairs = sorted(set(pairs))
    for start in range(0, len(pairs), CHUNK):
        statement = (
            select(PremortemRisk)
            .where(PremortemRisk.status == "open",
                   tuple_(PremortemRisk.person_id, PremortemRisk.period_id).in_(pairs[start : start + CHUNK]))
            .order_by(PremortemRisk.last_slot.is_not(None), PremortemRisk.last_slot, PremortemRisk.id)
        )
        for risk in (await session.execute(statement)).scalars():
            found.setdefault((risk.person_id, risk.period_id), []).append(risk)
    return found


async def record_risk_answers(
    session: AsyncSession, *, person_id: int, answers: Mapping[int, bool], slot: str, now: datetime
) -> tuple[int, int]:
    """Record "still a risk?" answers (risk id -> yes) for this person's own risks; (still, gone) counted."""
    if not answers:
        return 0, 0
    statement = select(PremortemRisk).where(PremortemRisk.id.in_(list(answers)), PremortemRisk.person_id == person_id)
    still = gone = 0
    for risk in (await session.execute(statement)).scalars():
        yes = answers[risk.id]
        risk.status, risk.last_answer, risk.last_slot, risk.updated_at = (
            "open" if yes else "gone", "yes" if yes else "no", slot, now)
        still, gone = still + yes, gone + (not yes)
    return still, gone


@dataclass(frozen=True)
class RiskRow:
    """A pre-mortem risk as digests read it."""

    risk_id: int
    period_id: int
    objective_id: int
    objective_title: str
    person_id: int
    person_name: str
    text: str
    status: str
    last_answer: str | None
    last_slot: str | None


async def risks(
    session: AsyncSession, *, period_id: int, person_ids: Sequence[int] | None = None,
    objective_ids: Sequence[int] | None = None, only_open: bool = True,
) -> list[RiskRow]:
    """The risks named in a period's pre-mortems, per objective and person; by default the ones still open."""
    statement = (
        select(PremortemRisk.id, PremortemRisk.period_id, PremortemRisk.objective_id, Objective.title,
               PremortemRisk.person_id, Person.name, PremortemRisk.text, PremortemRisk.status,
               PremortemRisk.last_answer, PremortemRisk.last_slot)
        .join(Objective, Objective.id == PremortemRisk.objective_id)
        .join(Person, Person.id == PremortemRisk.person_id)
        .where(PremortemRisk.period_id == period_id)
        .order_by(PremortemRisk.objective_id, Person.name, PremortemRisk.position)
    )
    if person_ids is not None:
        statement = statement.where(PremortemRisk.person_id.in_(person_ids))
    if objective_ids is not None:
        statement = statement.where(PremortemRisk.objective_id.in_(objective_ids))
    if only_open:
        statement = statement.where(PremortemRisk.status == "open")
    return [RiskRow(*row) for row in await session.execute(statement)]
