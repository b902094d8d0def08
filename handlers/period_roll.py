"""Periods that roll: the next period follows the last one by the organisation's cadence (a quarter, a half-year or
a four-month trimester), created once the planning round for it begins; nothing needs a re-import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from models.people import Period
from models.planning import PERIOD_CADENCES, WEEKS_BEFORE, PlanningSetting
from models.planning_store import add_period, all_periods, settings

NAME_MARK = {"quarter": "Q", "half_year": "H", "trimester": "T"}


@dataclass(frozen=True)
class NextPeriod:
    name: str
    start: date
    end: date


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, 1) if day.day == 1 else date(year, month, min(day.day, 28))


def following(period: Period, every: str, taken: set[str] = frozenset()) -> NextPeriod:
    """The period after ``period``: from the day after its end, ``every`` long. Named like ``2027-Q1`` when it
    starts on a calendar boundary of the cadence, else by its first day; ``taken`` names get a suffix."""
    months = PERIOD_CADENCES[every]
    start = period.end + timedelta(days=1)
    end = _add_months(start, months) - timedelta(days=1)
    aligned = start.day == 1 and (start.month - 1) % months == 0
    name = f"{start.year}-{NAME_MARK[every]}{(start.month - 1) // months + 1}" if aligned else f"{start:%Y-%m-%d}"
    base, n = name, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    return NextPeriod(name, start, end)


def weeks_before(org: PlanningSetting | None, teams: dict[int, PlanningSetting]) -> int:
    """The earliest any planning starts, in weeks before a period's end."""
    org_weeks = (org.weeks_before if org else None) or WEEKS_BEFORE
    return max([org_weeks, *(t.weeks_before for t in teams.values() if t.weeks_before)])


def team_weeks_before(org: PlanningSetting | None, own: PlanningSetting | None) -> int:
    """How many weeks before a period's end a team's planning starts: its own setting, else the organisation's,
    else ``WEEKS_BEFORE``."""
    return (own.weeks_before if own else None) or (org.weeks_before if org else None) or WEEKS_BEFORE


async def roll_periods(session: AsyncSession, *, now: datetime) -> list[str]:
    """Create the period after the latest one once its planning may begin (the unique name claims it, so two
    processes create it once); after downtime, every period missed. The names of the periods this call created."""
    org, teams = await settings(session)
    every = org.every if org else "quarter"
    lead = timedelta(weeks=weeks_before(org, teams))
    periods = await all_periods(session)
    created: list[str] = []
    while periods:
        latest = max(periods, key=lambda p: p.end)
        if now.date() < latest.end - lead:
            break
        nxt = following(latest, every, {p.name for p in periods})
        if await add_period(session, name=nxt.name, start=nxt.start, end=nxt.end):
            created.append(nxt.name)
        periods = await all_periods(session)
        if not any(p.start == nxt.start for p in periods):
            break  # another process made a period by that name with other dates: leave it to the file
    return created
