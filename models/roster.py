"""Who takes part in check-ins, with everything the cadence needs, in one query."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, bindparam, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.absence import Absence
from models.absence_store import running_absences
from models.checkins import CheckIn, SlotStatus
from models.okr_status import CHECKED_IN
from models.okrs import KeyResult, Objective
from models.people import Membership, Period, Person, Team

CHUNK = 500


@dataclass(frozen=True, slots=True)
class RosterEntry:
    person_id: int
    platform: str
    platform_user_id: str
    name: str
    tz: str
    locale: str
    weekday: int
    local_time: str
    every_weeks: int
    country: str | None
    period_id: int
    period_start: date
    period_end: date
    absences: tuple[Absence, ...] = ()  # the ones lasting until the tick's day or later


async def periods_around(session: AsyncSession, *, day: date, days_after_end: int) -> list[Period]:
    """Periods running on ``day``, or that ended at most ``days_after_end`` days before it."""
    statement = select(Period).where(
        Period.start <= day + timedelta(days=1), Period.end >= day - timedelta(days=days_after_end)
    )
    return list((await session.execute(statement)).scalars())


# Built once, with parameters: the tick runs it every minute, and building it costs as much as running it.
_ROSTER = (
    select(
        Person.id, Person.platform, Person.platform_user_id, Person.name, Person.tz, Person.locale,
        Team.checkin_weekday, Team.checkin_time, Team.every_weeks, Team.country,
        Period.id, Period.start, Period.end,
    )
    .join(Membership, and_(Membership.person_id == Person.id, Membership.primary))
    .join(Team, Team.id == Membership.team_id)
    .join(Period, and_(Period.start <= bindparam("starts_by"), Period.end >= bindparam("ends_from")))
    .where(exists().where(  # owns a key result in the period
        KeyResult.owner_id == Person.id, KeyResult.objective_id == Objective.id, Objective.period_id == Period.id,
        KeyResult.archived_at.is_(None), CHECKED_IN))
    .order_by(Person.id)
)


async def checkin_roster(session: AsyncSession, *, day: date, days_after_end: int) -> list[RosterEntry]:
    """Everyone who owns a key result in a period around ``day`` (as ``periods_around``), with their primary team's
    cadence and their absences from the day before ``day`` on (a local day may be behind UTC's): two queries."""
    return [entry async for entries in roster_pages(session, day=day, days_after_end=days_after_end)
            for entry in entries]


async def roster_pages(session: AsyncSession, *, day: date, days_after_end: int
                       ) -> AsyncIterator[list[RosterEntry]]:
    """``checkin_roster`` a page of ``CHUNK`` people at a time, streamed from the store: a tick keeps what it needs
    of each page (who is due) and never holds the whole organisation's rows at once."""
    bounds = {"starts_by": day + timedelta(days=1), "ends_from": day - timedelta(days=days_after_end)}
    absences = await running_absences(session, since=day - timedelta(days=1))
    result = await session.stream(_ROSTER, bounds)
    async for rows in result.partitions(CHUNK):
        yield [RosterEntry(*row, absences=absences.get(row[0], ())) for row in rows]


@dataclass(frozen=True)
class Contact:
    """What it takes to address a person: the columns of ``Person`` a message needs, without loading the row."""

    id: int
    platform: str
    platform_user_id: str
    name: str
    locale: str
    tz: str = "UTC"  # for the words a message chooses by the person's calendar (a period's phase)


async def recipients(session: AsyncSession, *, person_ids: Sequence[int]) -> dict[int, Contact]:
    found: dict[int, Contact] = {}
    columns = (Person.id, Person.platform, Person.platform_user_id, Person.name, Person.locale, Person.tz)
    for start in range(0, len(person_ids), CHUNK):
        statement = select(*columns).where(Person.id.in_(person_ids[start : start + CHUNK]))
        found.update((row[0], Contact(*row)) for row in await session.execute(statement))
    return found


async def answered(
    session: AsyncSession, *, person_ids: Sequence[int], slots: Sequence[str]
) -> dict[tuple[int, str], set[int]]:
    """The key results each person answered in each of these slots."""
    result: dict[tuple[int, str], set[int]] = {}
    for start in range(0, len(person_ids), CHUNK):
        statement = select(CheckIn.person_id, CheckIn.slot, CheckIn.key_result_id).where(
            CheckIn.person_id.in_(person_ids[start : start + CHUNK]), CheckIn.slot.in_(set(slots))
        )
        for person_id, slot, kr_id in await session.execute(statement):
            result.setdefault((person_id, slot), set()).add(kr_id)
    return result


# An archived key result (it left the file) is asked no more, nor one of an objective that is not active (a draft).
_ASKED = and_(KeyResult.archived_at.is_(None), CHECKED_IN)


async def unanswered(session: AsyncSession, *, open_slots: Sequence[tuple[int, int, str]]) -> set[tuple[int, int]]:
    """(person, period) of each (person, period, slot) where the person owns a key result of the period that they did
    not answer in that slot: one query for a few slots (the people of one cadence share theirs)."""
    people: dict[tuple[int, str], list[int]] = {}
    for person_id, period_id, slot in open_slots:
        people.setdefault((period_id, slot), []).append(person_id)
    conditions = [
        and_(Objective.period_id == period_id, KeyResult.owner_id.in_(ids[start : start + CHUNK]), _ASKED,
             ~exists().where(CheckIn.person_id == KeyResult.owner_id, CheckIn.key_result_id == KeyResult.id,
                             CheckIn.slot == slot))
        for (period_id, slot), ids in people.items() for start in range(0, len(ids), CHUNK)
    ]
    found: set[tuple[int, int]] = set()
    for start in range(0, len(conditions), 8):
        statement = (
            select(KeyResult.owner_id, Objective.period_id).distinct()
            .join(Objective, Objective.id == KeyResult.objective_id).where(or_(*conditions[start : start + 8]))
        )
        found.update(tuple(row) for row in await session.execute(statement))
    return found


async def slot_statuses(
    session: AsyncSession, *, person_ids: Sequence[int], slots: Sequence[str]
) -> dict[tuple[int, str], SlotStatus]:
    result: dict[tuple[int, str], SlotStatus] = {}
    for start in range(0, len(person_ids), CHUNK):
        statement = select(SlotStatus).where(
            SlotStatus.person_id.in_(person_ids[start : start + CHUNK]), SlotStatus.slot.in_(set(slots))
        )
        result.update(((s.person_id, s.slot), s) for s in (await session.execute(statement)).scalars())
    return result


_SNOOZES = select(SlotStatus).where(
    SlotStatus.snoozed_until <= bindparam("now"), SlotStatus.snoozed_until > bindparam("since"),
    SlotStatus.skipped.is_(False),
)  # built once: the tick asks every minute


async def snoozes_due(session: AsyncSession, *, now: datetime, since: datetime) -> list[SlotStatus]:
    """Snoozes that ran out between ``since`` and ``now`` on slots nobody skipped."""
    return list((await session.execute(_SNOOZES, {"now": now, "since": since})).scalars())
