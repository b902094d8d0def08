"""KPIs through the REST API: an organisation token reads every KPI, a team token its team's and the
organisation's, each with its corridor, latest value and whether it is inside; a source shows its name only."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from models.db import transaction
from models.feed_values import NewValue, record_kpi_values
from models.feeds import Kpi
from tests.api_org import API_ORG, NOW

KPIS = API_ORG.replace("    members: [U_BEN]\n", """    members: [U_BEN]
    kpis:
      - {name: Pipeline, unit: k€, low: 200, owner: U_BEN}
""").replace("    members: [U_ANNA, U_BRAM, U_CARLA]\n", """    members: [U_ANNA, U_BRAM, U_CARLA]
    kpis:
      - {name: Wait time, unit: min, high: 5, owner: U_ANNA,
         source: {type: http_json, name: Helpdesk, url: "https://helpdesk.example/stats?key=abc", path: wait}}
""").replace("okrs:\n", """kpis:
  - {id: uptime, name: Uptime, unit: "%", low: 99.5, high: 100}
okrs:
""", 1)


async def kpis(api, token: str) -> list[dict]:
    response = await api.get("/api/v1/kpis", token)
    assert response.status == 200, await response.text()
    return (await response.json())["kpis"]


async def test_kpis_are_read_by_the_organisation_and_by_a_team_only_its_own(api, load_org):
    await load_org(KPIS)
    async with transaction(api.sessions) as session:
        ids = {k.name: k.id for k in (await session.execute(select(Kpi))).scalars()}
        await record_kpi_values(session, values=[NewValue(ids["Uptime"], 99.1, ""),
                                                 NewValue(ids["Wait time"], 4, "Helpdesk")],
                                measured_at=NOW - timedelta(hours=1), now=NOW, source="feed")
    everything = await kpis(api, "reader")
    assert [(k["name"], k["team"] and k["team"]["name"]) for k in everything] == [
        ("Uptime", None), ("Wait time", "Support"), ("Pipeline", "Sales")]
    uptime, wait, pipeline = everything
    assert (uptime["current"], uptime["in_corridor"], uptime["low"], uptime["high"]) == (99.1, False, 99.5, 100)
    assert uptime["outside_since"] == "2026-10-20T08:00:00Z" and uptime["key"] == "uptime"
    assert (wait["current"], wait["in_corridor"], wait["source"]) == (4, True, "Helpdesk")
    assert (pipeline["current"], pipeline["in_corridor"], pipeline["measured_at"]) == (None, None, None)
    assert [k["name"] for k in await kpis(api, "support-reader")] == ["Uptime", "Wait time"]
    assert [k["name"] for k in await kpis(api, "sales-admin")] == ["Uptime", "Pipeline"]
    body = await (await api.get("/api/v1/kpis", "boss")).text()
    assert "helpdesk.example" not in body and "key=abc" not in body


async def test_kpis_need_a_token(api):
    response = await api.client.get("/api/v1/kpis")
    assert response.status == 401 and response.content_type == "application/problem+json"
    assert (await api.get("/api/v1/kpis", "no-such-token")).status == 401
