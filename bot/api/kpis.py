"""``GET /api/v1/kpis``: the KPIs a token may read, with their corridor and latest value. A team's token reads its
team's KPIs and the organisation's (as it reads objectives, handlers/api_access.py); a source shows only its public
name, never its URL, query or headers."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web
from pydantic import BaseModel, Field

from bot.api.auth import Caller
from bot.api.schemas import TeamRef
from bot.app_keys import SESSIONS
from models.kpi_store import KpiView, all_kpis, kpis_of, team_names


class KpiOut(BaseModel):
    id: int
    key: str = Field(description="the KPI's id in the organisation file, or team/name")
    name: str
    unit: str
    low: float | None = Field(description="the healthy corridor's lower bound; null: none")
    high: float | None = Field(description="the healthy corridor's upper bound; null: none")
    team: TeamRef | None = Field(description="the team that keeps it; null: the organisation's")
    current: float | None = Field(description="the latest value; null before any")
    measured_at: datetime | None
    in_corridor: bool | None = Field(description="whether the latest value is inside the corridor; null before any")
    outside_since: datetime | None = Field(description="when the running excursion out of the corridor began")
    source: str = Field(description="the data source's public name; empty when values are typed in chat")


class KpiList(BaseModel):
    kpis: list[KpiOut]


async def kpis(request: web.Request, caller: Caller) -> KpiList:
    async with request.app[SESSIONS]() as session:
        team_id = caller.access.team_id
        found = await all_kpis(session) if team_id is None else await kpis_of(session, team_ids=[team_id])
        names = await team_names(session, team_ids={k.team_id for k in found if k.team_id is not None})
    return KpiList(kpis=[_out(k, names) for k in found])


def _out(kpi: KpiView, names: dict[int, str]) -> KpiOut:
    team = TeamRef(id=kpi.team_id, name=names.get(kpi.team_id, "")) if kpi.team_id is not None else None
    return KpiOut(id=kpi.id, key=kpi.key, name=kpi.name, unit=kpi.unit, low=kpi.low, high=kpi.high, team=team,
                  current=kpi.current, measured_at=kpi.measured_at,
                  in_corridor=None if kpi.current is None else not kpi.outside, outside_since=kpi.outside_since,
                  source=kpi.source)
