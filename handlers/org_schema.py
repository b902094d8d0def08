"""The shape of the organisation YAML file, checked field by field."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from handlers.source_schema import KpiIn, SourceIn
from handlers.survey_schema import SurveyScheduleIn, SurveysIn
from handlers.webhook_schema import WebhookIn
from scheduler.digest_calendar import MAX_PREP_MINUTES

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DUTCH_WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PeriodIn(Strict):
    name: str = Field(min_length=1, max_length=32)
    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> PeriodIn:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class PlanningIn(Strict):
    """When a planning round starts: ``weeks_before`` a period's end; teams ``days_after`` working days after the
    organisation (unless a team gives its own ``weeks_before``)."""

    weeks_before: int | None = Field(default=None, ge=1, le=8)
    days_after: int | None = Field(default=None, ge=0, le=15)


class PersonIn(Strict):
    id: str = Field(min_length=1, max_length=255)
    name: str = Field(min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    aad_id: str | None = Field(default=None, max_length=64)
    tz: str = "UTC"
    locale: Literal["en", "nl"] = "en"
    manager: str | None = None
    primary_team: str | None = None  # which team's check-in cadence applies when several teams list the person
    platform: Literal["slack", "teams", "console"] | None = None  # None: see handlers/platforms.py
    vacation_until: date | None = None

    @field_validator("tz")
    @classmethod
    def _known_zone(cls, tz: str) -> str:
        return known_zone(tz)


def known_zone(tz: str) -> str:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {tz!r} (use an IANA name like Europe/Amsterdam)") from None
    return tz


class CheckinIn(Strict):
    day: str = "monday"
    time: str = "09:00"
    every_weeks: int = Field(default=1, ge=1, le=8)

    @field_validator("day")
    @classmethod
    def _weekday(cls, day: str) -> str:
        if day.lower() not in WEEKDAYS + DUTCH_WEEKDAYS:
            raise ValueError(f"unknown day {day!r} (use monday ... sunday)")
        return day.lower()

    @field_validator("time", mode="before")
    @classmethod
    def _clock(cls, value: object) -> str:
        if isinstance(value, int):  # YAML reads an unquoted 09:00 as sexagesimal minutes
            value = f"{value // 60:02d}:{value % 60:02d}"
        text = str(value)
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", text):
            raise ValueError(f"time {text!r} is not HH:MM on a 24-hour clock")
        return text

    @property
    def weekday(self) -> int:
        names = WEEKDAYS if self.day in WEEKDAYS else DUTCH_WEEKDAYS
        return names.index(self.day)


class TeamIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    channel: str | None = Field(default=None, max_length=255)
    country: str | None = None
    tz: str | None = None  # summaries and recaps follow it; without it, the zone most members are in
    locale: Literal["en", "nl"] | None = None
    members: list[str] = []
    checkin: CheckinIn = CheckinIn()
    summary_names: bool = False  # the weekly summary names who has not checked in (default: only a count)
    surveys: SurveyScheduleIn | None = None  # handlers/survey_schema.py
    kpis: list[KpiIn] = []  # handlers/source_schema.py
    lead: str | None = None  # who agrees the team's OKRs in a planning round (default: who manages most members)
    planning: PlanningIn | None = None  # handlers/planning_settings.py

    @field_validator("country")
    @classmethod
    def _known_country(cls, country: str | None) -> str | None:
        if country is None:
            return None
        code = country.upper()
        if code not in holidays.list_supported_countries():
            raise ValueError(f"unknown country code {country!r} (use ISO codes like NL, BE, US)")
        return code

    @field_validator("tz")
    @classmethod
    def _known_zone(cls, tz: str | None) -> str | None:
        return None if tz is None else known_zone(tz)


class OneOnOneIn(CheckinIn):
    """A manager's 1:1 with one report, at ``day`` and ``time`` in the manager's zone, every N weeks from ``from``."""

    manager: str
    report: str
    day: str
    time: str
    prep_hours: float = Field(default=2.0, gt=0, le=MAX_PREP_MINUTES / 60)
    from_: date | None = Field(default=None, alias="from")  # default: the start of the file's first period

    @property
    def prep_minutes(self) -> int:
        return max(1, round(self.prep_hours * 60))


class KeyResultIn(Strict):
    id: str | None = None
    title: str = Field(min_length=1, max_length=500)
    kind: Literal["increase", "decrease", "stay_above", "stay_below", "milestone"] = "increase"
    baseline: float | None = None
    target: float | None = None
    unit: str = Field(default="", max_length=32)
    owner: str | None = None
    weight: float = Field(default=1.0, gt=0)
    source: SourceIn | None = None  # where its value is read (handlers/source_schema.py)
    kpi: str | None = None  # a KPI (id or name) whose value is this key result's

    @model_validator(mode="after")
    def _measurable(self) -> KeyResultIn:
        if self.source is not None and self.kpi is not None:
            raise ValueError("a key result takes its value from a source or from a KPI, not both")
        if self.kind == "milestone":
            self.baseline, self.target = self.baseline or 0.0, 1.0
            return self
        if self.target is None:
            raise ValueError(f"{_article(self.kind)} {self.kind} key result needs a target")
        if self.kind in ("increase", "decrease") and self.baseline is None:
            raise ValueError(f"{_article(self.kind)} {self.kind} key result needs a baseline (where you start)")
        if self.kind == "increase" and self.target <= self.baseline:
            raise ValueError("an increase needs a target above its baseline")
        if self.kind == "decrease" and self.target >= self.baseline:
            raise ValueError("a decrease needs a target below its baseline")
        if self.baseline is None:
            self.baseline = self.target
        return self


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


class ObjectiveIn(Strict):
    id: str | None = None
    objective: str = Field(min_length=1, max_length=500)
    level: Literal["org", "team", "person"]
    owner: str
    period: str
    type: Literal["committed", "aspirational"] = "committed"
    parent: str | None = None
    status: Literal["draft", "active", "paused", "dropped", "closed"] | None = None  # None: as it is (new: active)
    key_results: list[KeyResultIn] = Field(min_length=1)


class OrgFile(Strict):
    periods: list[PeriodIn] = []  # or a mapping ``{every: quarter, named: [...]}``: see _period_cadence
    periods_every: Literal["quarter", "half_year", "trimester"] = "quarter"  # how periods roll after the last
    planning: PlanningIn | None = None
    people: list[PersonIn] = []
    teams: list[TeamIn] = []
    okrs: list[ObjectiveIn] = []
    surveys: SurveysIn | None = None  # schedule for every team, added statements
    one_on_ones: list[OneOnOneIn] = []
    kpis: list[KpiIn] = []  # the organisation's KPIs
    webhooks: list[WebhookIn] | None = None  # outgoing webhooks (handlers/webhook_schema.py); None: leave as they are

    @model_validator(mode="before")
    @classmethod
    def _period_cadence(cls, data: object) -> object:
        """``periods: {every: half_year}`` (optionally with ``named:`` periods) sets how periods roll; a list of
        periods rolls by quarter after its last."""
        if isinstance(data, dict) and isinstance(data.get("periods"), dict):
            cadence = dict(data["periods"])
            data = {**data, "periods": cadence.pop("named", None) or []}
            if "every" in cadence:
                data["periods_every"] = cadence.pop("every")
            if cadence:
                raise ValueError(f"periods: unknown setting {sorted(cadence)[0]!r} (use every and named)")
        return data
