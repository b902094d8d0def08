"""Inbound events seen once: a retried Slack event or a re-sent Teams activity is recorded a single time."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Column, UniqueConstraint, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from models.db import insert_for
from models.types import UTCDateTime


class InboundEvent(SQLModel, table=True):
    __tablename__ = "inboundevent"
    __table_args__ = (UniqueConstraint("platform", "event_id"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    event_id: str = Field(max_length=200)
    received_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False, index=True))


async def first_sighting(session: AsyncSession, *, platform: str, event_id: str, now: datetime) -> bool:
    """True the first time this event id arrives from this platform, False for every repeat."""
    statement = (
        insert_for(session)(InboundEvent)
        .values(platform=platform, event_id=event_id[:200], received_at=now)
        .on_conflict_do_nothing(index_elements=["platform", "event_id"])
        .returning(InboundEvent.id)
    )
    return (await session.execute(statement)).first() is not None


async def seen_before(session: AsyncSession, *, platform: str, event_id: str) -> bool:
    """Whether this event id arrived before: a read, for work that records its sighting only at its end."""
    statement = select(InboundEvent.id).where(InboundEvent.platform == platform,
                                              InboundEvent.event_id == event_id[:200])
    return (await session.execute(statement)).first() is not None


async def forget_before(session: AsyncSession, *, moment: datetime, keep: timedelta = timedelta(days=3)) -> None:
    """Platforms retry within minutes; three days of memory is plenty."""
    await session.execute(delete(InboundEvent).where(InboundEvent.received_at < moment - keep))
