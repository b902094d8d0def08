"""What people answered, what they asked to postpone, and what the bot has sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, Text, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime

DELIVERY_STATUSES = ("claimed", "sent", "failed")


class CheckIn(SQLModel, table=True):
    """One key result's answer in one slot; answering again within the slot edits it."""

    __tablename__ = "checkin"
    __table_args__ = (UniqueConstraint("key_result_id", "slot"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    key_result_id: int = Field(foreign_key="keyresult.id", index=True)
    period_id: int = Field(foreign_key="period.id", index=True)
    slot: str = Field(max_length=32)
    value: float | None = None
    confidence: int
    one_level_up: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    blockers: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    answered_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class SlotStatus(SQLModel, table=True):
    """A person's skip or snooze of one check-in slot."""

    __tablename__ = "slotstatus"
    __table_args__ = (UniqueConstraint("person_id", "period_id", "slot"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    period_id: int = Field(foreign_key="period.id")
    slot: str = Field(max_length=32)
    skipped: bool = False
    snoozed_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


class Delivery(SQLModel, table=True):
    """A claim to send one kind of message to one person for one slot; the unique key makes it happen once."""

    __table_args__ = (UniqueConstraint("kind", "person_id", "period_id", "slot"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    person_id: int = Field(foreign_key="person.id", index=True)
    period_id: int = Field(foreign_key="period.id")
    slot: str = Field(max_length=64)
    status: str = Field(default="claimed", max_length=16, index=True)
    attempts: int = 1
    # A send of this claim was started: it may have arrived, so whoever takes the claim over asks the edge first.
    sending: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))
    claimed_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    lease_until: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
