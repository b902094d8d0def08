"""KPIs beside OKRs: a team's KPI read from a CSV file; leaving its corridor is told to its owner once per
excursion; a key result measured by it takes its value; the REST API's query lists it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from models import KeyResult, Team
from models.kpi_store import kpis_of
from scheduler.feed_tick import read_due_sources
from tests.orgs import SMALL_ORG

SUNDAY_NIGHT = datetime(2026, 10, 4, 1, 0, tzinfo=UTC)


def org_with_kpi(csv_path: str) -> str:
    kpis = f"""    kpis:
      - {{id: uptime, name: Uptime, unit: "%", low: 99.5, owner: U_BEN,
         source: {{type: csv, file: "{csv_path}", cell: B2, every: 1h}}}}
"""
    return (SMALL_ORG.replace("    members: [U_BEN]\n", "    members: [U_BEN]\n" + kpis)
            .replace('kind: stay_below, target: 3, unit: "%",', 'kind: stay_below, target: 3, unit: "%", kpi: Uptime,'))


async def test_a_kpi_out_of_its_corridor_is_told_once_per_excursion_and_feeds_its_key_result(
        sessions, load_org, messenger, tmp_path):
    sheet = tmp_path / "uptime.csv"
    await load_org(org_with_kpi(str(sheet)))
    readings = ["99.9", "99.1", "98.7", "99.8", "99.2"]  # in, out, still out, back in, out again
    for hour, reading in enumerate(readings):
        sheet.write_text(f"metric,value\nuptime,{reading}\n", encoding="utf-8")
        await read_due_sources(sessions=sessions, messenger=messenger, now=SUNDAY_NIGHT + timedelta(hours=hour),
                               env={})
    told = messenger.to("U_BEN")
    assert [m.kind for m in told] == ["kpi_outside", "kpi_outside"]  # two excursions, two messages
    assert told[0].blocks[0].text.startswith("The KPI “Uptime” left its healthy range: 99.1% (healthy: at least 99.5%)")
    async with sessions() as session:
        churn = (await session.execute(select(KeyResult).where(KeyResult.ref == "churn"))).scalar_one()
        sales = (await session.execute(select(Team).where(Team.name == "Sales"))).scalar_one()
        listed = await kpis_of(session, team_ids=[sales.id])
    assert churn.current == 99.2  # the key result's value is the KPI's
    assert [(k.name, k.current, k.outside, k.source) for k in listed] == [("Uptime", 99.2, True, "uptime.csv")]


async def test_a_key_result_naming_no_kpi_is_refused_with_where_it_is(load_org, tmp_path):
    import pytest

    from handlers.importer import ImportRejected

    with pytest.raises(ImportRejected) as rejected:
        await load_org(org_with_kpi(str(tmp_path / "u.csv")).replace("kpi: Uptime", "kpi: Downtime"))
    assert "okrs[1].key_results[1].kpi: no KPI with id or name 'Downtime' in the file" in str(rejected.value)
