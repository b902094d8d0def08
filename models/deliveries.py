"""Claiming deliveries so each message goes out once, even with several processes ticking."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.checkins import Delivery
from models.db import insert_for
from models.leases import take_over_expired

CHUNK = 500


@dataclass(frozen=True, slots=True)
class Claim:
    kind: str
    person_id: int
    period_id: int
    slot: str


@dataclass(frozen=True, slots=True)
class Claimed:
    id: int
    kind: str
    person_id: int
    period_id: int
    slot: str
    sending: bool = False  # taken over from a process that had started sending it: it may have arrived


async def claim(session: AsyncSession, *, claims: Sequence[Claim], now: datetime, lease: timedelta) -> list[Claimed]:
    """Insert the claims that nobody holds yet and return exactly those; the others are someone else's."""
    if not claims:
        return []
    table = Delivery.__table__
    statement = (
        insert_for(session)(table)
        .on_conflict_do_nothing(index_elements=["kind", "person_id", "period_id", "slot"])
        .returning(table.c.id, table.c.kind, table.c.person_id, table.c.period_id, table.c.slot)
    )
    lease_until = now + lease
    won: list[Claimed] = []
    # One statement, compiled once, executed for a few pages of rows at a time: SQLAlchemy's "insertmanyvalues"
    # sends it as multi-row INSERT ... RETURNING batches of CHUNK rows, and the parameters of a large organisation
    # are never all built at once.
    for start in range(0, len(claims), 10 * CHUNK):
        rows = [
            {"kind": c.kind, "person_id": c.person_id, "period_id": c.period_id, "slot": c.slot, "status": "claimed",
             "attempts": 1, "claimed_at": now, "lease_until": lease_until}
            for c in claims[start : start + 10 * CHUNK]
        ]
        result = await session.execute(statement, rows, execution_options={"insertmanyvalues_page_size": CHUNK})
        won += [_claimed(row) for row in result]
    return won


def _claimed(row) -> Claimed:
    """A claim as it came back; its kind and slot are shared strings (a tick holds every claim it won, and a
    large organisation's people mostly share a handful of slots)."""
    return Claimed(row[0], sys.intern(row[1]), row[2], row[3], sys.intern(row[4]), *row[5:])


async def reclaim_expired(
    session: AsyncSession, *, now: datetime, lease: timedelta, max_attempts: int, not_before: datetime,
    still_due: Sequence[Claim] | None = None,
) -> list[Claimed]:
    """Take over claims whose sender died before marking them sent; give up on old or much-tried ones. With
    ``still_due``, only claims with one of those keys are taken over: after downtime a retry waits, like the
    delivery itself, until it is useful (working hours); the others stay claimed for a later tick."""
    returning = (Delivery.id, Delivery.kind, Delivery.person_id, Delivery.period_id, Delivery.slot, Delivery.sending)
    if still_due is None:
        chunks: list[list[int] | None] = [None]
    else:
        expired = await _expired(session, now=now)
        if not expired:
            return []  # the usual tick: this one read
        due = {(c.kind, c.person_id, c.period_id, c.slot) for c in still_due}
        ids = [id_ for id_, key in expired if key in due]
        chunks = [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)] or [[]]
    rows: list[tuple] = []
    for chunk in chunks:
        rows += await take_over_expired(session, Delivery, returning=returning, now=now, lease=lease,
                                        max_attempts=max_attempts, not_before=not_before,
                                        only=None if chunk is None else Delivery.id.in_(chunk))
    return [_claimed(row) for row in rows]


async def _expired(session: AsyncSession, *, now: datetime) -> list[tuple[int, tuple]]:
    """(id, (kind, person, period, slot)) of each claim whose lease ran out."""
    statement = select(Delivery.id, Delivery.kind, Delivery.person_id, Delivery.period_id, Delivery.slot).where(
        Delivery.status == "claimed", Delivery.lease_until < now
    )
    return [(row[0], tuple(row[1:])) for row in await session.execute(statement)]


# Updates by id in a session of their own that holds no deliveries: nothing loaded to keep in step, so SQLAlchemy
# need not evaluate the criteria against the session's objects (a third of a fast fan-out's time)
NO_SYNC = {"synchronize_session": False}


async def mark_sent(session: AsyncSession, *, ids: Sequence[int], now: datetime) -> None:
    await _update_each(session, ids, status="sent", sent_at=now)


async def mark_failed(session: AsyncSession, *, ids: Sequence[int]) -> None:
    """Give up on these deliveries: there was nothing left to send."""
    await _update_each(session, ids, status="failed")


async def _update_each(session: AsyncSession, ids: Sequence[int], **values) -> None:
    for start in range(0, len(ids), CHUNK):
        await session.execute(update(Delivery).where(Delivery.id.in_(ids[start : start + CHUNK])).values(**values),
                              execution_options=NO_SYNC)


async def sent_kinds(
    session: AsyncSession, *, person_ids: Sequence[int], kinds: Sequence[str], since: datetime
) -> list[tuple[int, str, str, datetime]]:
    """(person, kind, slot, sent_at) of what was sent to these people since ``since``."""
    rows: list[tuple[int, str, str, datetime]] = []
    for start in range(0, len(person_ids), CHUNK):
        statement = select(Delivery.person_id, Delivery.kind, Delivery.slot, Delivery.sent_at).where(
            Delivery.person_id.in_(person_ids[start : start + CHUNK]),
            Delivery.kind.in_(kinds),
            Delivery.status == "sent",
            Delivery.sent_at >= since,
        )
        rows.extend(tuple(r) for r in await session.execute(statement))
    return rows


async def count(session: AsyncSession, *, kind: str | None = None, status: str | None = None) -> int:
    statement = select(func.count(Delivery.id))
    if kind:
        statement = statement.where(Delivery.kind == kind)
    if status:
        statement = statement.where(Delivery.status == status)
    return (await session.execute(statement)).scalar_one()
