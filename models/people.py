"""People, teams, memberships and the periods OKRs run in."""

from __future__ import annotations

from datetime import date

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class Person(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("platform", "platform_user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(default="slack", max_length=16)
    platform_user_id: str = Field(max_length=255, index=True)  # Teams user ids (29:...) run past 64 characters
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=320)
    aad_id: str | None = Field(default=None, max_length=64, index=True)  # Azure AD object id, to match Teams accounts
    tz: str = Field(default="UTC", max_length=64)
    locale: str = Field(default="en", max_length=8)
    manager_id: int | None = Field(default=None, foreign_key="person.id")  # away or not: models.absence


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    channel: str | None = Field(default=None, max_length=255)  # Teams channel ids are long
    country: str | None = Field(default=None, max_length=8)
    tz: str | None = Field(default=None, max_length=64)  # for summaries and recaps; None: most members' zone
    locale: str = Field(default="en", max_length=8)
    checkin_weekday: int = 0
    checkin_time: str = Field(default="09:00", max_length=5)
    every_weeks: int = 1
    summary_names: bool | None = None  # True: the weekly summary names who has not checked in yet (else a count)


class Membership(SQLModel, table=True):
    """A person in a team; the person's primary team sets their check-in cadence."""

    __table_args__ = (UniqueConstraint("team_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    primary: bool = True


class Period(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=32, unique=True)
    start: date
    end: date
