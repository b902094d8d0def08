"""The REST API's shapes: these pydantic models validate what comes in, shape what goes out, and are what
docs/openapi.json is generated from (bot/api/spec.py), so the document and the behaviour can't disagree."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

_OUT = ConfigDict(from_attributes=True)


class PeriodOut(BaseModel):
    model_config = _OUT
    id: int
    name: str
    start: date
    end: date


class PeriodList(BaseModel):
    periods: list[PeriodOut]


class PersonRef(BaseModel):
    model_config = _OUT
    id: int
    name: str


class TeamRef(BaseModel):
    model_config = _OUT
    id: int
    name: str


class OwnerRef(BaseModel):
    """A team for a team objective; a person for a personal or organisation objective."""

    model_config = _OUT
    team: TeamRef | None
    person: PersonRef | None


class KeyResultOut(BaseModel):
    model_config = _OUT
    id: int
    ref: str
    title: str
    kind: str = Field(description="increase, decrease, stay_above, stay_below or milestone")
    unit: str
    baseline: float
    target: float
    current: float | None = Field(description="the newer of the latest check-in's value and the latest pushed or "
                                              "fed value; null before any")
    weight: float
    progress: float = Field(ge=0, le=1)
    confidence: int | None = Field(description="the latest check-in's confidence, 1-10")
    owner: PersonRef


class ObjectiveOut(BaseModel):
    model_config = _OUT
    id: int
    ref: str
    title: str
    level: Literal["org", "team", "person"]
    type: str = Field(description="committed or aspirational")
    status: str = Field(description="draft, active, paused, dropped or closed")
    period: str
    owner: OwnerRef
    parent_id: int | None = Field(description="the objective it aligns to")
    progress: float = Field(ge=0, le=1)
    confidence: float | None = Field(description="the average of its key results' latest confidences")
    key_results: list[KeyResultOut]
    children: list[ObjectiveOut] = Field(description="objectives aligned to this one that the token may read")


class ObjectiveTree(BaseModel):
    period: PeriodOut
    objectives: list[ObjectiveOut]


class ValuePoint(BaseModel):
    model_config = _OUT
    at: datetime
    value: float
    source: Literal["check-in", "api", "feed"]
    origin: str = Field(description="the token's or data source's name; empty for a check-in")
    note: str


class KeyResultDetail(BaseModel):
    model_config = _OUT
    key_result: KeyResultOut
    objective_id: int
    archived: bool
    values: list[ValuePoint]


class CheckInOut(BaseModel):
    """A check-in's numbers; the words people wrote (blockers, one level up) are not part of the API."""

    model_config = _OUT
    slot: str = Field(description="the check-in week's nominal day")
    value: float | None
    confidence: int
    answered_at: datetime


class CheckInList(BaseModel):
    key_result_id: int
    check_ins: list[CheckInOut]


def storable(text: str) -> str:
    """Text a database can keep: PostgreSQL refuses NUL characters, and a lone surrogate is no character."""
    if "\x00" in text or any("\ud800" <= c <= "\udfff" for c in text):
        raise ValueError("text holds a NUL character or a lone surrogate")
    return text


class ObjectivesQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    period: str | None = Field(default=None, min_length=1, max_length=32,
                               description="a period's name (default: the running one, else the latest)")

    @field_validator("period")
    @classmethod
    def _storable(cls, period: str | None) -> str | None:
        return None if period is None else storable(period)


class ValueIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    value: float = Field(description="the key result's value, in its unit")
    note: str = Field(default="", max_length=500)
    time: AwareDatetime | None = Field(default=None, description="when the value was measured, with an offset "
                                                                 "(default: now); not in the future")

    @field_validator("value")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("value must be a finite number")
        return value

    @field_validator("note")
    @classmethod
    def _storable(cls, note: str) -> str:
        return storable(note)

    @field_validator("time")
    @classmethod
    def _utc(cls, time: datetime | None) -> datetime | None:
        try:
            return None if time is None else time.astimezone(UTC)
        except OverflowError:
            raise ValueError("time is out of range") from None


class ValueOut(BaseModel):
    model_config = _OUT
    id: int
    key_result_id: int
    value: float
    measured_at: datetime
    recorded_at: datetime
    note: str
    current: float | None
    progress: float = Field(ge=0, le=1)


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict] | None = None
