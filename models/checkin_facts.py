"""The rows behind every count about a person's check-ins: which slots reached them, which they skipped, and when
okrbot first reached them. Read once per period snapshot (handlers/digest_data.py), worded by handlers/facts.py.

A check-in slot reached a person when one of its deliveries was sent: the check-in itself, its reminder, or a
snoozed check-in coming back (slot ``<slot>@<snooze end>``). A claim that was never marked sent reached nobody.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.checkins import Delivery, SlotStatus

CHECKIN_KINDS = ("checkin", "reminder", "snoozed")


@dataclass(frozen=True)
class SentSlot:
    """A check-in slot (its nominal day, iso) that reached ``person_id``, first at ``sent_at``."""

    person_id: int
    slot: str
    sent_at: datetime


def slot_key(delivery_slot: str) -> str:
    """The check-in slot a delivery is about: a snoozed delivery's slot is ``<slot>@<snooze end>``."""
    return delivery_slot.split("@")[0]


async def sent_checkin_slots(session: AsyncSession, *, period_id: int, person_ids: Sequence[int] | None = None
                             ) -> list[SentSlot]:
    """Every check-in slot of the period that reached these people (everyone's with None), first sending each."""
    statement = (
        select(Delivery.person_id, Delivery.slot, func.min(Delivery.sent_at))
        .where(Delivery.period_id == period_id, Delivery.kind.in_(CHECKIN_KINDS), Delivery.status == "sent",
               Delivery.sent_at.is_not(None))
        .group_by(Delivery.person_id, Delivery.slot)
    )
    if person_ids is not None:
        statement = statement.where(Delivery.person_id.in_(person_ids))
    first: dict[tuple[int, str], datetime] = {}
    for person_id, slot, sent_at in await session.execute(statement):
        key = (person_id, slot_key(slot))
        first[key] = min(sent_at, first.get(key, sent_at))
    return [SentSlot(person, slot, at) for (person, slot), at in sorted(first.items())]


async def skipped_slots(session: AsyncSession, *, period_id: int, person_ids: Sequence[int] | None = None
                        ) -> list[tuple[int, str]]:
    """(person, slot) of every check-in slot of the period these people skipped."""
    statement = select(SlotStatus.person_id, SlotStatus.slot).where(
        SlotStatus.period_id == period_id, SlotStatus.skipped.is_(True))
    if person_ids is not None:
        statement = statement.where(SlotStatus.person_id.in_(person_ids))
    return [(person, slot) for person, slot in await session.execute(statement)]


async def first_checkin_sent(session: AsyncSession, *, person_ids: Sequence[int] | None = None
                             ) -> dict[int, datetime]:
    """When okrbot first reached each of these people with a check-in, in any period; absent: never."""
    statement = (
        select(Delivery.person_id, func.min(Delivery.sent_at))
        .where(Delivery.kind == "checkin", Delivery.status == "sent", Delivery.sent_at.is_not(None))
        .group_by(Delivery.person_id)
    )
    if person_ids is not None:
        statement = statement.where(Delivery.person_id.in_(person_ids))
    return {person: at for person, at in await session.execute(statement)}
