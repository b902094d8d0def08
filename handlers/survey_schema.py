"""The ``surveys:`` blocks of the organisation file, checked field by field.

A team's block, and the top-level ``surveys: schedule:`` that applies to every team, look like::

    surveys:
      day: wednesday            # default: the team's check-in day
      time: "11:00"             # default 11:00, within working hours (09:00-17:00)
      mood: {every_weeks: 4, first: development, start_week: 1}   # every_weeks: 0 turns mood checks off
      premortem: true           # in the period's first week, to each objective's owners
      reflection: true          # in the period's last week

A team's own fields win over the top-level ones, which win over the defaults. The top level also adds mood-check
statements (``surveys: statements: {mood_development: [{id, en, nl, tag}], mood_leadership: [...]}``).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from handlers.survey_catalog import builtin_keys

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DUTCH_DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
FIRST = {"development": "mood_development", "leadership": "mood_leadership"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def weekday_number(day: str) -> int:
    day = day.lower()
    return (DAYS if day in DAYS else DUTCH_DAYS).index(day)


class MoodIn(_Strict):
    every_weeks: int = Field(default=4, ge=0, le=13)
    first: Literal["development", "leadership"] = "development"
    start_week: int = Field(default=1, ge=0, le=12)


class SurveyScheduleIn(_Strict):
    day: str | None = None
    time: str | None = None
    mood: MoodIn | None = None
    premortem: bool | None = None
    reflection: bool | None = None

    @field_validator("day")
    @classmethod
    def _weekday(cls, day: str | None) -> str | None:
        if day is not None and day.lower() not in DAYS + DUTCH_DAYS:
            raise ValueError(f"unknown day {day!r} (use monday ... sunday)")
        return day.lower() if day else None

    @field_validator("time", mode="before")
    @classmethod
    def _clock(cls, value: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, int):  # YAML reads an unquoted 11:00 as sexagesimal minutes
            value = f"{value // 60:02d}:{value % 60:02d}"
        text = str(value)
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", text):
            raise ValueError(f"time {text!r} is not HH:MM on a 24-hour clock")
        if not "09:00" <= text < "17:00":
            raise ValueError(f"surveys are sent in working hours: give a time from 09:00 to 16:59, not {text}")
        return text


class StatementIn(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")
    en: str = Field(min_length=1, max_length=500)
    nl: str = Field(min_length=1, max_length=500)
    tag: str = Field(default="", max_length=64)


class StatementsIn(_Strict):
    mood_development: list[StatementIn] = []
    mood_leadership: list[StatementIn] = []

    @model_validator(mode="after")
    def _new_keys(self) -> StatementsIn:
        for catalog in ("mood_development", "mood_leadership"):
            seen = set(builtin_keys(catalog))
            for item in getattr(self, catalog):
                if item.id in seen:
                    raise ValueError(f"{catalog}: statement id {item.id!r} is already in use")
                seen.add(item.id)
        return self


class SurveysIn(_Strict):
    schedule: SurveyScheduleIn | None = None
    statements: StatementsIn | None = None


DEFAULTS: dict[str, object] = {
    "weekday": None, "local_time": None, "mood_every_weeks": 4, "mood_first": "mood_development",
    "mood_start_week": 1, "premortem": True, "reflection": True,
}


def effective(*blocks: SurveyScheduleIn | None, base: dict[str, object] | None = None) -> dict[str, object]:
    """The schedule columns: ``base`` (the defaults unless given), then what each block sets, later ones winning."""
    values: dict[str, object] = dict(DEFAULTS if base is None else base)
    for block in blocks:
        if block is None:
            continue
        fields = block.model_fields_set
        if "day" in fields:
            values["weekday"] = weekday_number(block.day) if block.day else None
        if "time" in fields:
            values["local_time"] = block.time
        if "mood" in fields and block.mood is not None:
            mood, given = block.mood, block.mood.model_fields_set
            for name, column in (("every_weeks", "mood_every_weeks"), ("start_week", "mood_start_week")):
                if name in given:
                    values[column] = getattr(mood, name)
            if "first" in given:
                values["mood_first"] = FIRST[mood.first]
        for flag in ("premortem", "reflection"):
            if flag in fields and getattr(block, flag) is not None:
                values[flag] = getattr(block, flag)
    return values
