"""1:1 settings per manager and report, and the channel posts (team summaries, recaps) the bot made."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Column, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime

POST_KINDS = ("summary", "recap", "org_recap")
DEFAULT_PREP_MINUTES = 120


class OneOnOne(SQLModel, table=True):
    """When a manager meets one report: ``weekday`` at ``local_time`` in the manager's zone, every N weeks.

    Weeks are counted from ``anchor`` (the first meeting on or after it is week 0). The prep digest goes to the
    manager ``prep_minutes`` before each meeting.
    """

    __tablename__ = "oneonone"
    __table_args__ = (UniqueConstraint("manager_id", "report_id"),)

    id: int | None = Field(default=None, primary_key=True)
    manager_id: int = Field(foreign_key="person.id", index=True)
    report_id: int = Field(foreign_key="person.id", index=True)
    weekday: int
    local_time: str = Field(max_length=5)
    every_weeks: int = 1
    anchor: date
    prep_minutes: int = DEFAULT_PREP_MINUTES


class ChannelPost(SQLModel, table=True):
    """A claim to post one summary or recap in a channel, once; ``handle`` lets the edge edit it in place later.

    ``scope`` is ``team:<id>`` or ``org``; ``slot`` the check-in slot of a summary, ``end`` for a recap.
    """

    __tablename__ = "channelpost"
    __table_args__ = (UniqueConstraint("kind", "scope", "period_id", "slot"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    scope: str = Field(max_length=32)
    period_id: int = Field(foreign_key="period.id")
    slot: str = Field(max_length=32)
    channel: str = Field(max_length=255)
    status: str = Field(default="claimed", max_length=16, index=True)
    attempts: int = 1
    # A post was started: it may be up, so whoever takes the claim over asks the edge first (models/checkins.py).
    sending: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))
    handle: str | None = Field(default=None, max_length=512)
    claimed_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    lease_until: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    updated_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
