"""What one person answered in one check-in slot."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.checkins import CheckIn, Delivery
from models.people import Period


async def answers_in_slot(session: AsyncSession, *, person_id: int, slot: str) -> dict[int, tuple[float | None, int]]:
    """key result id -> (value, confidence) of this person's answers in ``slot``."""
    statement = select(CheckIn.key_result_id, CheckIn.value, CheckIn.confidence).where(
        CheckIn.person_id == person_id, CheckIn.slot == slot
    )
    return {kr_id: (value, confidence) for kr_id, value, confidence in await session.execute(statement)}


async def recorded_in_slot(session: AsyncSession, *, person_id: int, slot: str) -> dict[int, CheckIn]:
    """key result id -> this person's whole answer in ``slot`` (value, confidence and both texts)."""
    statement = select(CheckIn).where(CheckIn.person_id == person_id, CheckIn.slot == slot)
    return {row.key_result_id: row for row in (await session.execute(statement)).scalars()}


async def period_by_id(session: AsyncSession, *, period_id: int) -> Period | None:
    period = await session.get(Period, period_id)
    # Held as long as the session: its identity map keeps only rows someone holds, and the slot's progress, read
    # after recording an answer in the same session, asks for the period again.
    session.info.setdefault("periods", {})[period_id] = period
    return period


async def was_asked(session: AsyncSession, *, person_id: int, period_id: int, slot: str) -> bool:
    """Whether a check-in of ``slot`` (first, reminder or snoozed) was ever sent to this person."""
    kinds = ("checkin", "reminder", "snoozed")
    statement = select(Delivery.id).where(
        Delivery.person_id == person_id, Delivery.period_id == period_id, Delivery.kind.in_(kinds),
        Delivery.status == "sent", (Delivery.slot == slot) | Delivery.slot.startswith(f"{slot}@"),
    )
    return (await session.execute(statement.limit(1))).first() is not None
