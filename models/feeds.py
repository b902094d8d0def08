"""Data sources that feed key results and KPIs, and the KPIs a team or the organisation keeps beside its OKRs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime

SOURCE_KINDS = ("http_json", "sql", "csv")


class FeedSource(SQLModel, table=True):
    """Where one key result's or KPI's value is read, and how reading it went. ``config`` (JSON) holds the URL,
    expression, query and the *names* of environment variables: never a secret itself. ``told`` is what the owner
    was last told ("failing" or ""), so a failing source is announced once and its recovery once."""

    __tablename__ = "feedsource"

    id: int | None = Field(default=None, primary_key=True)
    key_result_id: int | None = Field(default=None, foreign_key="keyresult.id", unique=True)
    kpi_id: int | None = Field(default=None, foreign_key="kpi.id", unique=True)
    kind: str = Field(max_length=16)
    name: str = Field(max_length=200)  # what people read as the value's origin
    config: str = Field(sa_column=Column(Text, nullable=False))
    every_minutes: int = 360
    next_due_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False, index=True))
    lease_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    last_ok_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    failing_since: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    problem: str = Field(default="", max_length=200)  # a fixed wording of what went wrong, never a server's text
    told: str = Field(default="", max_length=16)


class Kpi(SQLModel, table=True):
    """A health number kept beside the OKRs, with the corridor it should stay in (``low``..``high``, either open).
    ``outside_since`` starts an excursion; ``told_at`` says its owner heard of this excursion."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300, unique=True)
    name: str = Field(max_length=200)
    unit: str = Field(default="", max_length=32)
    low: float | None = None
    high: float | None = None
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)  # None: the organisation's
    owner_id: int | None = Field(default=None, foreign_key="person.id")
    current: float | None = None
    measured_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    outside_since: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    told_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    archived_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


class KpiValue(SQLModel, table=True):
    __tablename__ = "kpivalue"

    id: int | None = Field(default=None, primary_key=True)
    kpi_id: int = Field(foreign_key="kpi.id", index=True)
    value: float
    measured_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    recorded_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    source: str = Field(max_length=16)  # "feed" | "manual"
    origin: str = Field(default="", max_length=200)


class KpiMeasure(SQLModel, table=True):
    """A key result whose value is a KPI's."""

    __tablename__ = "kpimeasure"

    id: int | None = Field(default=None, primary_key=True)
    key_result_id: int = Field(foreign_key="keyresult.id", unique=True)
    kpi_id: int = Field(foreign_key="kpi.id", index=True)
