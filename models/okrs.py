"""Objectives and their key results."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime

LEVELS = ("org", "team", "person")
# An objective's life: drafted in a planning round, agreed (active), and while its period runs paused, dropped or
# closed early; a dropped objective is not a failed one. Only active objectives are checked in on.
OBJECTIVE_STATUSES = ("draft", "active", "paused", "dropped", "closed")
OBJECTIVE_TYPES = ("committed", "aspirational")
KR_KINDS = ("increase", "decrease", "stay_above", "stay_below", "milestone")


class Objective(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=200, unique=True)
    title: str = Field(max_length=500)
    level: str = Field(max_length=8)
    type: str = Field(default="committed", max_length=16)
    period_id: int = Field(foreign_key="period.id", index=True)
    owner_person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    owner_team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="objective.id")
    # Set when the objective left the organisation file: no more check-ins, its history stays.
    archived_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    status: str = Field(default="active", max_length=16, sa_column_kwargs={"server_default": "active"})
    carried_from_id: int | None = Field(default=None, foreign_key="objective.id")  # the objective it continues


class KeyResult(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=300, unique=True)
    objective_id: int = Field(foreign_key="objective.id", index=True)
    owner_id: int = Field(foreign_key="person.id", index=True)
    title: str = Field(max_length=500)
    kind: str = Field(default="increase", max_length=16)
    baseline: float = 0.0
    target: float = 1.0
    current: float | None = None
    unit: str = Field(default="", max_length=32)
    weight: float = 1.0
    archived_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    # the key result of the period before that this one continues (carried over or reworked in a planning round)
    carried_from_id: int | None = Field(default=None, foreign_key="keyresult.id", index=True)


class ObjectiveShare(SQLModel, table=True):
    """A personal objective's owner lets one more person see it (besides themselves and their managers)."""

    __tablename__ = "objectiveshare"
    __table_args__ = (UniqueConstraint("objective_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    objective_id: int = Field(foreign_key="objective.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)


class OkrChange(SQLModel, table=True):
    """One change to an objective or key result while its period runs, with its reason: the history a recap tells
    ("target lowered from 45 to 40 on 12 Nov: ...") and the definition a check-in was given under."""

    __tablename__ = "okrchange"

    id: int | None = Field(default=None, primary_key=True)
    objective_id: int = Field(foreign_key="objective.id", index=True)
    key_result_id: int | None = Field(default=None, foreign_key="keyresult.id", index=True)
    what: str = Field(max_length=32)  # a field's name (title, target, ...) or an event (added, removed, dropped, ...)
    before: str = Field(default="", max_length=500)
    after: str = Field(default="", max_length=500)
    reason: str = Field(default="", max_length=500)
    by_person_id: int | None = Field(default=None, foreign_key="person.id")  # None: the organisation file
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False, index=True))


class KeyResultValue(SQLModel, table=True):
    """A key result's value that did not come from a check-in: pushed through the API or read from a data source.
    ``origin`` names where it came from for people (a token's or source's name), never a secret."""

    __tablename__ = "keyresultvalue"

    id: int | None = Field(default=None, primary_key=True)
    key_result_id: int = Field(foreign_key="keyresult.id", index=True)
    value: float
    measured_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))  # when the value was true
    recorded_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    source: str = Field(max_length=16)  # "api" | "feed"
    origin: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=500)
