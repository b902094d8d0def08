"""Reading and writing survey rounds and answers.

These are building blocks for handlers/surveys.py and handlers/survey_privacy.py; none of them decides who may
see what (that is handlers/survey_privacy.py, the only reader of the aggregate reads). The leadership cell read
returns no person ids at all, and rows come in an order that follows neither person nor time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import distinct, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.checkins import Delivery
from models.db import insert_for
from models.okr_status import NOT_DRAFT
from models.okrs import KeyResult, Objective
from models.people import Membership, Person
from models.surveys import SurveyAnswer, SurveyRound, SurveyStatement

Answers = dict[str, tuple[int | None, str]]



async def added_statements(session: AsyncSession) -> list[SurveyStatement]:
    """Statements admins added that are in use, catalog by catalog in their order."""
    statement = select(SurveyStatement).where(SurveyStatement.active).order_by(
        SurveyStatement.catalog, SurveyStatement.position, SurveyStatement.id
    )
    return list((await session.execute(statement)).scalars())


async def round_of(session: AsyncSession, *, survey: str, period_id: int, key: str) -> SurveyRound | None:
    statement = select(SurveyRound).where(
        SurveyRound.survey == survey, SurveyRound.period_id == period_id, SurveyRound.key == key
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def ensure_round(
    session: AsyncSession, *, survey: str, period_id: int, key: str, objective_id: int | None, closes_at: datetime
) -> SurveyRound:
    """The round, created on its first answer; two first answers at once create it once."""
    statement = insert_for(session)(SurveyRound).values(
        survey=survey, period_id=period_id, key=key, objective_id=objective_id, closes_at=closes_at
    )
    await session.execute(statement.on_conflict_do_nothing(index_elements=["survey", "period_id", "key"]))
    return await round_of(session, survey=survey, period_id=period_id, key=key)


async def answers_of(session: AsyncSession, *, round_id: int, person_id: int) -> Answers:
    """One person's own answers in one round: question -> (score, text)."""
    statement = select(SurveyAnswer.question, SurveyAnswer.score, SurveyAnswer.text).where(
        SurveyAnswer.round_id == round_id, SurveyAnswer.person_id == person_id
    )
    return {question: (score, text) for question, score, text in await session.execute(statement)}


async def save_answers(
    session: AsyncSession, *, round_id: int, person_id: int, manager_id: int | None, team_id: int | None,
    given: Sequence[tuple[str, int | None, str | None]], now: datetime,
) -> None:
    """Upsert (question, score, text) answers; a part given as None keeps what was stored for it before.

    Every saved row takes the manager and team the person has now, so an answer changed after a move counts
    for the new manager, as the person was told when answering.
    """
    insert = insert_for(session)
    for question, score, text in given:
        row = {"round_id": round_id, "person_id": person_id, "question": question, "score": score,
               "text": text or "", "manager_id": manager_id, "team_id": team_id, "answered_at": now}
        statement = insert(SurveyAnswer).values(row)
        changes = {"manager_id": manager_id, "team_id": team_id, "answered_at": now}
        if score is not None:
            changes["score"] = score
        if text is not None:
            changes["text"] = text
        await session.execute(
            statement.on_conflict_do_update(index_elements=["round_id", "person_id", "question"], set_=changes)
        )


async def was_sent(session: AsyncSession, *, person_id: int, kind: str, period_id: int, slot: str) -> bool:
    statement = select(Delivery.id).where(
        Delivery.kind == kind, Delivery.person_id == person_id, Delivery.period_id == period_id,
        Delivery.slot == slot, Delivery.status.in_(("claimed", "sent")),
    )
    return (await session.execute(statement.limit(1))).first() is not None


async def survey_deliveries(
    session: AsyncSession, *, person_id: int, kinds: Sequence[str], since: datetime
) -> list[tuple[str, int, str]]:
    """(kind, period, slot) of the surveys sent to a person since ``since``, oldest first."""
    statement = (
        select(Delivery.kind, Delivery.period_id, Delivery.slot)
        .where(Delivery.person_id == person_id, Delivery.kind.in_(kinds), Delivery.status == "sent",
               Delivery.sent_at >= since)
        .order_by(Delivery.sent_at, Delivery.id)
    )
    return [tuple(row) for row in await session.execute(statement)]


async def rounds_answered_by(session: AsyncSession, *, person_id: int, open_at: datetime) -> list[SurveyRound]:
    """The rounds still open at ``open_at`` in which this person answered something."""
    statement = (
        select(SurveyRound)
        .where(SurveyRound.closes_at > open_at,
               SurveyRound.id.in_(select(SurveyAnswer.round_id).where(SurveyAnswer.person_id == person_id)))
        .order_by(SurveyRound.id)
    )
    return list((await session.execute(statement)).scalars())


def _owned_by(person_id: int):
    owns_key_result = select(KeyResult.objective_id).where(KeyResult.owner_id == person_id)
    return or_(Objective.owner_person_id == person_id, Objective.id.in_(owns_key_result))


async def objectives_owned(session: AsyncSession, *, person_id: int, period_id: int) -> list[tuple[int, str]]:
    """(id, title) of the objectives a person owns in a period: their own, or one they own a key result of."""
    statement = (
        select(Objective.id, Objective.title)
        .where(Objective.period_id == period_id, Objective.archived_at.is_(None), NOT_DRAFT, _owned_by(person_id))
        .order_by(Objective.id)
    )
    return [tuple(row) for row in await session.execute(statement)]


async def objective_titles(session: AsyncSession, *, ids: Sequence[int]) -> dict[int, str]:
    if not ids:
        return {}
    statement = select(Objective.id, Objective.title).where(Objective.id.in_(ids))
    return {objective_id: title for objective_id, title in await session.execute(statement)}


async def names_of(session: AsyncSession, *, ids: Sequence[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {pid: name for pid, name in await session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))}


async def managers_of(session: AsyncSession, *, ids: Sequence[int]) -> dict[int, int | None]:
    """person -> their manager now."""
    if not ids:
        return {}
    statement = select(Person.id, Person.manager_id).where(Person.id.in_(ids))
    return {pid: manager for pid, manager in await session.execute(statement)}


async def primary_team_id(session: AsyncSession, *, person_id: int) -> int | None:
    statement = select(Membership.team_id).where(Membership.person_id == person_id, Membership.primary)
    return (await session.execute(statement.limit(1))).scalar_one_or_none()


# --- reads for aggregates ---------------------------------------------------------------------------


async def manager_cell(
    session: AsyncSession, *, round_id: int, manager_id: int
) -> tuple[int, list[tuple[str, int | None, str]]]:
    """The answers in a round of the people whose manager of record is ``manager_id``: how many people, and
    their (question, score, text) rows in a fixed order that follows neither person nor time."""
    mine = (SurveyAnswer.round_id == round_id) & (SurveyAnswer.manager_id == manager_id)
    people = (await session.execute(select(func.count(distinct(SurveyAnswer.person_id))).where(mine))).scalar_one()
    statement = select(SurveyAnswer.question, SurveyAnswer.score, SurveyAnswer.text).where(mine).order_by(
        SurveyAnswer.question, SurveyAnswer.score, SurveyAnswer.text
    )
    return people, [tuple(row) for row in await session.execute(statement)]


async def team_cell(
    session: AsyncSession, *, round_id: int, team_id: int
) -> list[tuple[int, int | None, str, int | None]]:
    """(person, manager of record, question, score) of the answers given in a round by members of a team; the
    person ids are for handlers/survey_privacy.py to check who could single out whom, never shown."""
    statement = (
        select(SurveyAnswer.person_id, SurveyAnswer.manager_id, SurveyAnswer.question, SurveyAnswer.score)
        .where(SurveyAnswer.round_id == round_id, SurveyAnswer.team_id == team_id)
        .order_by(SurveyAnswer.question, SurveyAnswer.score)
    )
    return [tuple(row) for row in await session.execute(statement)]


async def rounds_with_manager(session: AsyncSession, *, manager_id: int, survey: str) -> list[SurveyRound]:
    """Rounds of a survey with at least one answer whose manager of record is ``manager_id``, oldest first."""
    answered = select(SurveyAnswer.round_id).where(SurveyAnswer.manager_id == manager_id)
    statement = select(SurveyRound).where(SurveyRound.survey == survey, SurveyRound.id.in_(answered)).order_by(
        SurveyRound.closes_at, SurveyRound.id
    )
    return list((await session.execute(statement)).scalars())


async def leadership_weeks_asked(session: AsyncSession, *, manager_id: int, kind: str) -> list[tuple[int, str]]:
    """(period id, week) of every mood check of ``kind`` sent to someone who now reports to ``manager_id``."""
    statement = (
        select(Delivery.period_id, Delivery.slot).distinct()
        .join(Person, Person.id == Delivery.person_id)
        .where(Delivery.kind == kind, Delivery.status == "sent", Person.manager_id == manager_id)
    )
    return [(period_id, slot) for period_id, slot in await session.execute(statement)]


async def rounds_with_team(session: AsyncSession, *, team_id: int, survey: str) -> list[SurveyRound]:
    answered = select(SurveyAnswer.round_id).where(SurveyAnswer.team_id == team_id)
    statement = select(SurveyRound).where(SurveyRound.survey == survey, SurveyRound.id.in_(answered)).order_by(
        SurveyRound.closes_at, SurveyRound.id
    )
    return list((await session.execute(statement)).scalars())


async def answers_of_person(
    session: AsyncSession, *, person_id: int, survey: str, manager_id: int | None = None
) -> list[tuple[SurveyRound, str, int | None, str]]:
    """(round, question, score, text) of one person's answers to a survey, newest round first; with
    ``manager_id`` only those given while that person was their manager."""
    statement = (
        select(SurveyRound, SurveyAnswer.question, SurveyAnswer.score, SurveyAnswer.text)
        .join(SurveyRound, SurveyRound.id == SurveyAnswer.round_id)
        .where(SurveyAnswer.person_id == person_id, SurveyRound.survey == survey)
        .order_by(SurveyRound.closes_at.desc(), SurveyRound.id.desc(), SurveyAnswer.id)
    )
    if manager_id is not None:
        statement = statement.where(SurveyAnswer.manager_id == manager_id)
    return [tuple(row) for row in await session.execute(statement)]


async def objective_answers(
    session: AsyncSession, *, objective_id: int, survey: str
) -> list[tuple[str, str, int | None, str]]:
    """(person name, question, score, text) of every answer to one objective's pre-mortem or reflection."""
    statement = (
        select(Person.name, SurveyAnswer.question, SurveyAnswer.score, SurveyAnswer.text)
        .join(SurveyRound, SurveyRound.id == SurveyAnswer.round_id)
        .join(Person, Person.id == SurveyAnswer.person_id)
        .where(SurveyRound.objective_id == objective_id, SurveyRound.survey == survey)
        .order_by(Person.name, SurveyAnswer.id)
    )
    return [tuple(row) for row in await session.execute(statement)]


async def objective_audience(session: AsyncSession, *, objective_id: int) -> set[int]:
    """Who may read an objective's pre-mortem and reflection: its owners, the members of the team that owns it,
    and the managers of its owners."""
    objective = await session.get(Objective, objective_id)
    if objective is None:
        return set()
    owners = set((await session.execute(select(KeyResult.owner_id).where(KeyResult.objective_id == objective_id)))
                 .scalars())
    if objective.owner_person_id:
        owners.add(objective.owner_person_id)
    audience = set(owners)
    if objective.owner_team_id:
        members = select(Membership.person_id).where(Membership.team_id == objective.owner_team_id)
        audience |= set((await session.execute(members)).scalars())
    managers = (await managers_of(session, ids=sorted(owners))).values()
    return audience | {m for m in managers if m is not None}


async def period_answers(
    session: AsyncSession, *, period_id: int, survey: str, person_ids: Sequence[int] | None = None
) -> list[tuple[SurveyRound, int, str, int | None, str, int | None]]:
    """(round, person, question, score, text, manager of record) of a period's answers to a survey, newest round
    first; for handlers/survey_privacy.py to filter."""
    statement = (
        select(SurveyRound, SurveyAnswer.person_id, SurveyAnswer.question, SurveyAnswer.score, SurveyAnswer.text,
               SurveyAnswer.manager_id)
        .join(SurveyRound, SurveyRound.id == SurveyAnswer.round_id)
        .where(SurveyRound.period_id == period_id, SurveyRound.survey == survey)
        .order_by(SurveyRound.closes_at.desc(), SurveyRound.id.desc(), SurveyAnswer.id)
    )
    if person_ids is not None:
        statement = statement.where(SurveyAnswer.person_id.in_(person_ids))
    return [tuple(row) for row in await session.execute(statement)]


async def team_objective_answers(
    session: AsyncSession, *, period_id: int, team_ids: Sequence[int], survey: str
) -> list[tuple[int, str, str, int | None, str]]:
    """(objective, person name, question, score, text) of the answers to the pre-mortems or reflections of
    objectives these teams own."""
    statement = (
        select(Objective.id, Person.name, SurveyAnswer.question, SurveyAnswer.score, SurveyAnswer.text)
        .join(SurveyRound, SurveyRound.id == SurveyAnswer.round_id)
        .join(Objective, Objective.id == SurveyRound.objective_id)
        .join(Person, Person.id == SurveyAnswer.person_id)
        .where(SurveyRound.period_id == period_id, SurveyRound.survey == survey,
               Objective.owner_team_id.in_(team_ids))
        .order_by(Objective.id, Person.name, SurveyAnswer.id)
    )
    return [tuple(row) for row in await session.execute(statement)]
