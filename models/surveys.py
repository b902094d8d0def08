"""Surveys in DMs: each team's schedule, statements admins added, rounds, answers and pre-mortem risks.

A *round* is one survey asked once: a mood check of one catalog in one week (shared by every team that asks it
that week), or the pre-mortem or reflection of one objective in one period. Its ``closes_at`` is fixed when it is
created; after it, answers can no longer change, so whatever is computed from a closed round never changes either.

Every answer keeps the manager and the primary team the person had when answering (``manager_id``, ``team_id``).
Those snapshots decide who may see what: aggregates are made per (manager, round) and per (team, round) from
them, so moving a person to another manager or team later never changes a closed round's numbers (which would
reveal that person's answer by comparing before and after). Reading rules live in handlers/survey_privacy.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime

SURVEYS = ("mood_development", "mood_leadership", "premortem", "reflection")
MOOD_CATALOGS = ("mood_development", "mood_leadership")
RISK_STATUSES = ("open", "gone")


class SurveySchedule(SQLModel, table=True):
    """A team's survey schedule; a team without a row has the defaults of these columns.

    ``weekday`` (0 = Monday) and ``local_time`` (HH:MM) are when surveys are asked, in each member's own zone;
    ``None`` means the team's check-in day and 11:00. ``mood_every_weeks`` 0 turns mood checks off.
    """

    __tablename__ = "surveyschedule"

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", unique=True)
    weekday: int | None = None
    local_time: str | None = Field(default=None, max_length=5)
    mood_every_weeks: int = 4
    mood_first: str = Field(default="mood_development", max_length=32)
    mood_start_week: int = 1
    premortem: bool = True
    reflection: bool = True


class SurveyStatement(SQLModel, table=True):
    """A mood-check statement an admin added in the organisation file, in both languages."""

    __tablename__ = "surveystatement"
    __table_args__ = (UniqueConstraint("catalog", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    catalog: str = Field(max_length=32)
    key: str = Field(max_length=32)
    text_en: str = Field(max_length=500)
    text_nl: str = Field(max_length=500)
    tag: str = Field(default="", max_length=64)
    position: int = 0
    active: bool = True


class SurveyRound(SQLModel, table=True):
    """One survey asked once; ``key`` is the week's Monday (mood checks) or ``o<objective id>``."""

    __tablename__ = "surveyround"
    __table_args__ = (UniqueConstraint("survey", "period_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    survey: str = Field(max_length=32)
    period_id: int = Field(foreign_key="period.id", index=True)
    key: str = Field(max_length=32)
    objective_id: int | None = Field(default=None, foreign_key="objective.id")
    closes_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class SurveyAnswer(SQLModel, table=True):
    """One person's answer to one question of a round: a score, a text, or both (a statement and its "why")."""

    __tablename__ = "surveyanswer"
    __table_args__ = (
        UniqueConstraint("round_id", "person_id", "question"),
        Index("ix_surveyanswer_round_manager", "round_id", "manager_id"),
        Index("ix_surveyanswer_round_team", "round_id", "team_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="surveyround.id")
    person_id: int = Field(foreign_key="person.id", index=True)
    question: str = Field(max_length=32)
    score: int | None = None
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    manager_id: int | None = Field(default=None, foreign_key="person.id")
    team_id: int | None = Field(default=None, foreign_key="team.id")
    answered_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class PremortemRisk(SQLModel, table=True):
    """A risk named in a pre-mortem; it comes back in its owner's check-ins until they say it is gone."""

    __tablename__ = "premortemrisk"
    __table_args__ = (UniqueConstraint("round_id", "person_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="surveyround.id")
    person_id: int = Field(foreign_key="person.id", index=True)
    objective_id: int = Field(foreign_key="objective.id", index=True)
    period_id: int = Field(foreign_key="period.id")
    position: int = 0
    text: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="open", max_length=8)
    last_answer: str | None = Field(default=None, max_length=8)
    last_slot: str | None = Field(default=None, max_length=32)
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
