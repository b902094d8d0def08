"""The organisation file's planning settings into the store: how periods roll, when planning starts, team leads.
Like survey schedules, only what a file gives is written: a file without them leaves the defaults."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.org_schema import OrgFile
from models import Person, Team
from models.planning_store import save_settings, settings


async def write_planning(session: AsyncSession, org: OrgFile, *, teams: dict[str, Team],
                         people: dict[str, Person]) -> None:
    known_org, known_teams = await settings(session)
    rows: dict[int | None, dict[str, object]] = {}
    if known_org or org.planning or org.periods_every != "quarter":
        rows[None] = {"every": org.periods_every,
                      "weeks_before": org.planning.weeks_before if org.planning else None,
                      "days_after": org.planning.days_after if org.planning else None}
    for item in org.teams:
        team_id = teams[item.name].id
        if team_id in known_teams or item.lead or item.planning:
            rows[team_id] = {"weeks_before": item.planning.weeks_before if item.planning else None,
                             "days_after": item.planning.days_after if item.planning else None,
                             "lead_id": people[item.lead].id if item.lead else None}
    await save_settings(session, rows=rows)
