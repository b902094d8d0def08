"""The organisation file's planning settings into the store: how periods roll, when planning starts, team leads."""

from __future__ import annotations

from collections import Counter

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.org_schema import OrgFile, TeamIn
from models import Person, Team
from models.planning_store import save_settings


async def write_planning(session: AsyncSession, org: OrgFile, *, teams: dict[str, Team],
                         people: dict[str, Person]) -> None:
    org_planning = org.planning
    rows: dict[int | None, dict[str, object]] = {None: {
        "every": org.periods_every,
        "weeks_before": org_planning.weeks_before if org_planning else None,
        "days_after": org_planning.days_after if org_planning else None,
    }}
    managers = {p.id: p.manager for p in org.people}
    for item in org.teams:
        lead = item.lead or _most_members_manager(item, managers)
        rows[teams[item.name].id] = {
            "weeks_before": item.planning.weeks_before if item.planning else None,
            "days_after": item.planning.days_after if item.planning else None,
            "lead_id": people[lead].id if lead in people else None,
        }
    await save_settings(session, rows=rows)


def _most_members_manager(team: TeamIn, managers: dict[str, str | None]) -> str | None:
    """Without a ``lead``, the team's set is agreed by whoever manages most of its members."""
    counted = Counter(managers[m] for m in team.members if managers.get(m))
    return counted.most_common(1)[0][0] if counted else None
