"""Objectives and their key results."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime

LEVELS = ("org", "team", "person")
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


class ObjectiveShare(SQLModel, table=True):
    """A personal objective's owner lets one more person see it (besides themselves and their managers)."""

    __tablename__ = "objectiveshare"
    __table_args__ = (UniqueConstraint("objective_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    objective_id: int = Field(foreign_key="objective.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
