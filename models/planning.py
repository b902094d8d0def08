"""How periods roll and when the planning round of the next one begins: one row for the organisation (no team) and
one per team the file gives planning settings or a lead."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

PERIOD_CADENCES = {"quarter": 3, "half_year": 6, "trimester": 4}  # months per period
WEEKS_BEFORE = 2  # planning starts this long before a period's end
TEAM_DAYS_AFTER = 3  # working days after the organisation's invitation, the teams get theirs


class PlanningSetting(SQLModel, table=True):
    __tablename__ = "planningsetting"

    id: int | None = Field(default=None, primary_key=True)
    team_id: int | None = Field(default=None, foreign_key="team.id", unique=True)  # None: the organisation's row
    every: str = Field(default="quarter", max_length=16)  # only on the organisation's row: how periods roll
    weeks_before: int | None = None  # None: the organisation's (for a team) or WEEKS_BEFORE
    days_after: int | None = None  # teams: working days after the organisation's invitation (TEAM_DAYS_AFTER)
    lead_id: int | None = Field(default=None, foreign_key="person.id")  # who agrees the team's set
