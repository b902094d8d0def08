"""``source`` / ``bron`` and ``kpi`` in chat: an owner sets, shows and removes a web source by URL, only on the
public internet (the tick checks again before it reads); a KPI's owner types its value. A ``source:`` taken out of
the organisation file stops, one set in chat stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.messages import Text
from handlers.commands import handle_command
from handlers.feed_settings import source_config
from handlers.public_address import url_problem
from handlers.source_schema import HttpJsonSource
from models import KeyResult
from models.db import transaction
from models.feeds import FeedSource, Kpi, KpiValue
from models.people_queries import person_by_platform_id
from models.source_settings import set_source
from scheduler.feed_tick import read_due_sources
from tests.feed_server import FeedServer
from tests.orgs import SMALL_ORG

NOW = datetime(2026, 10, 4, 1, 0, tzinfo=UTC)
PUBLIC = "https://93.184.216.34/metrics.json"  # an IP address is resolved without asking DNS


async def typed(sessions, user_id: str, text: str, now: datetime = NOW) -> list[str]:
    async with transaction(sessions) as session:
        someone = await person_by_platform_id(session, platform_user_id=user_id)
        reply = await handle_command(session, person=someone, text=text, now=now)
    return [b.text for b in reply.blocks if isinstance(b, Text)]


async def sources(sessions) -> dict[str, FeedSource]:
    async with sessions() as session:
        rows = await session.execute(select(KeyResult.ref, FeedSource).join(
            FeedSource, FeedSource.key_result_id == KeyResult.id))
        return {ref: source for ref, source in rows}


async def test_an_owner_sets_shows_and_removes_a_web_source_in_either_language(sessions, load_org):
    await load_org(SMALL_ORG)
    assert await typed(sessions, "U_BEN", f"source renewals http_json url={PUBLIC} path=data.rate every=2h "
                                          "name=CRM") == [
        "From now on “Renewal rate from 70% to 85%” takes its value from CRM, read every 2 hours. "
        "The first reading is at the next tick."]
    stored = (await sources(sessions))["renewals"]
    assert (stored.kind, stored.every_minutes, stored.next_due_at) == ("http_json", 120, NOW)
    assert await typed(sessions, "U_BEN", "source renewals") == [
        "“Renewal rate from 70% to 85%” takes its value from CRM, read every 2 hours.",
        "It hasn't been read yet: that happens at the next tick."]
    assert await typed(sessions, "U_ANNA", "bron nps csv url=<https://93.184.216.34/nps.csv> cell=b2") == [
        "Vanaf nu haalt „NPS stijgt van 25 naar 45” zijn waarde uit 93.184.216.34, elke 6 uur gelezen. "
        "De eerste keer is bij de volgende tick."]
    assert await typed(sessions, "U_ANNA", "bron nps csv url=https://93.184.216.34/nps.csv cell=B2 every=1d2") == [
        "Die bron klopt niet: every=1d2 is geen interval van 5m tot 30d, zoals 30m, 6h of 1d"]
    assert await typed(sessions, "U_ANNA", "bron nps csv url=https://93.184.216.34/nps.csv cell=B2 every=1u") == [
        "Vanaf nu haalt „NPS stijgt van 25 naar 45” zijn waarde uit 93.184.216.34, elk uur gelezen. "
        "De eerste keer is bij de volgende tick."]
    assert await typed(sessions, "U_ANNA", "bron nps uit") == [
        "„NPS stijgt van 25 naar 45” heeft geen bron meer; de waarden tot nu toe blijven bewaard."]
    assert sorted(await sources(sessions)) == ["renewals"]


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/x.json", "http://localhost/x.json",
                                 "http://169.254.169.254/latest/meta-data", "http://10.0.0.5/x.json",
                                 "http://[::1]/x.json", "http://[::ffff:192.168.1.1]/x.json"])
async def test_a_url_inside_a_private_network_is_refused_with_the_reason(sessions, load_org, url):
    await load_org(SMALL_ORG)
    reply = await typed(sessions, "U_BEN", f"source renewals http_json url={url} path=total")
    assert reply[0].endswith("is an address inside a private network (or this machine), and okrbot reads sources "
                             "set in chat only from the public internet. An admin can name such a source in the "
                             "organisation file.")
    assert await sources(sessions) == {}


@pytest.mark.parametrize(("text", "reply"), [
    ("source renewals sql query=select", "That source is not valid: “sql” is not a source chat can set: use "
                                         "http_json or csv (SQL sources only in the organisation file)"),
    ("source renewals csv file=/etc/passwd cell=A1", "That source is not valid: “file” can't be set for a csv "
                                                      "source in chat; what can: cell, column, every, name, row, url"),
    (f"source renewals http_json url={PUBLIC} path=x headers=AUTH", "That source is not valid: “headers” can't be "
     "set for a http_json source in chat; what can: every, name, path, url"),
    (f"source renewals http_json url={PUBLIC}", "That source is not valid: path= is missing"),
    (f"source renewals http_json url={PUBLIC} path=x every=1m", "That source is not valid: every=1m is not an "
     "interval from 5m to 30d, like 30m, 6h or 1d"),
    ("source renewals csv url=ftp://93.184.216.34/x.csv cell=B2", "That source is not valid: url=ftp://93.184.216.34/"
                                                                   "x.csv does not start with http:// or https://"),
    (f"source renewals http_json url={PUBLIC} path=a[", "That source is not valid: path=a[ is not a JMESPath "
                                                       "expression (like data.total or items[-1].value)"),
    ("source renewals csv url=https://93.184.216.34/x.csv cell=B2 column=x", "That source is not valid: give "
                                                                            "either cell=B2 or column=NAME, not both"),
    ("source renewals csv url=https://93.184.216.34/x.csv column=x row=0", "That source is not valid: row=0 is not a "
     "row number (1 is the first row under the header) or last"),
    ("source renewals csv url=https://93.184.216.34/x.csv column=x row=top", "That source is not valid: row=top is "
     "not a row number (1 is the first row under the header) or last"),
    ("source churn csv url=https://93.184.216.34/c.csv cell=B2", "You can only set a source for a key result you "
                                                                  "own, and I know none with id churn."),
])
async def test_what_chat_may_not_set_is_refused_and_changes_nothing(sessions, load_org, text, reply):
    await load_org(SMALL_ORG.replace("kind: stay_below, target: 3, unit: \"%\", owner: U_BEN",
                                     "kind: stay_below, target: 3, unit: \"%\", owner: U_ANNA"))
    assert await typed(sessions, "U_BEN", text) == [reply]
    assert await sources(sessions) == {}


async def test_a_host_with_no_address_or_one_private_address_is_refused():
    async def private_too(host):
        return ["93.184.216.34", "192.168.0.10"]

    async def nowhere(host):
        raise OSError("no such host")

    assert await url_problem("https://feeds.example/x", resolve=private_too) == "private"
    assert await url_problem("https://feeds.example/x", resolve=nowhere) == "no_host"
    assert await url_problem(PUBLIC) == ""


async def test_the_tick_checks_a_chat_source_again_and_never_connects_to_a_private_address(
        sessions, load_org, messenger):
    """A name that resolved publicly when it was set may point inside later: the tick reads nothing then."""
    await load_org(SMALL_ORG)
    async with FeedServer() as server:
        server.serve("/stats", '{"total": 80}')
        source = HttpJsonSource(type="http_json", url=server.url + "/stats", path="total", name="CRM")
        async with transaction(sessions) as session:
            kr = (await session.execute(select(KeyResult).where(KeyResult.ref == "renewals"))).scalar_one()
            set_source(session, None, key_result_id=kr.id, kind="http_json", name="CRM",
                       config=source_config(source, chat=True), every_minutes=60, now=NOW)
        report = await read_due_sources(sessions=sessions, messenger=messenger, now=NOW, env={})
    assert server.requests == []
    assert report.failed["address"] == 1
    assert "its address is not on the public internet" in messenger.to("U_BEN")[0].blocks[0].text


def org_with_file_sources(csv_path: str) -> str:
    return (SMALL_ORG.replace("    members: [U_BEN]\n", f"""    members: [U_BEN]
    kpis:
      - {{name: Uptime, unit: "%", low: 99.5, owner: U_BEN, source: {{type: csv, file: "{csv_path}", cell: B2}}}}
""").replace('kind: stay_below, target: 3, unit: "%",',
             f'kind: stay_below, target: 3, unit: "%", source: {{type: csv, file: "{csv_path}", cell: B2}},'))


async def test_a_source_taken_out_of_the_file_stops_and_one_set_in_chat_stays(sessions, load_org, messenger,
                                                                               tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text("metric,value\nx,2.5\n", encoding="utf-8")
    await load_org(org_with_file_sources(str(sheet)))
    await read_due_sources(sessions=sessions, messenger=messenger, now=NOW, env={})
    await typed(sessions, "U_BEN", f"source renewals http_json url={PUBLIC} path=rate")
    await load_org(SMALL_ORG.replace("    members: [U_BEN]\n", """    members: [U_BEN]
    kpis:
      - {name: Uptime, unit: "%", low: 99.5, owner: U_BEN}
"""))
    assert sorted(await sources(sessions)) == ["renewals"]  # churn's file source stopped, the chat one stays
    async with sessions() as session:
        assert (await session.execute(select(FeedSource).where(FeedSource.kpi_id.is_not(None)))).first() is None
        churn = (await session.execute(select(KeyResult).where(KeyResult.ref == "churn"))).scalar_one()
        kept = (await session.execute(select(KpiValue.value))).scalars().all()
    assert churn.current == 2.5 and kept == [2.5]  # the values it gave stay
    later = await read_due_sources(sessions=sessions, messenger=messenger, now=NOW + timedelta(days=1), env={})
    assert later.read == 0


async def test_a_kpi_owner_types_its_value_and_hears_once_that_it_is_out_of_range(sessions, load_org, messenger):
    members = "    members: [U_ANNA, U_BRAM, U_CARLA]\n"
    await load_org(SMALL_ORG.replace(members, members + """    kpis:
      - {name: Wachttijd, unit: min, high: 5, owner: U_ANNA}
"""))
    assert await typed(sessions, "U_ANNA", "kpi wachttijd 4,5") == [
        "Vastgelegd: Wachttijd staat op 4,5 min (gezond: hoogstens 5 min)."]
    assert await typed(sessions, "U_ANNA", "kpi Wachttijd 7", now=NOW + timedelta(hours=1)) == [
        "Vastgelegd: Wachttijd staat op 7 min (gezond: hoogstens 5 min).",
        "Dat ligt buiten het gezonde bereik. Ik kom er bij jou pas weer op terug als het eerst weer binnen het "
        "bereik is geweest."]
    await read_due_sources(sessions=sessions, messenger=messenger, now=NOW + timedelta(hours=2), env={})
    assert messenger.to("U_ANNA") == []  # the reply told her already
    assert await typed(sessions, "U_CARLA", "kpi Wachttijd 3") == ["Je bent van geen enkele KPI met de naam "
                                                                   "„Wachttijd” eigenaar."]
    assert await typed(sessions, "U_ANNA", "kpi Wachttijd") == [
        "Gebruik: kpi NAAM WAARDE, voor een KPI waarvan je eigenaar bent, bijvoorbeeld kpi Uptime 99,95"]
    async with sessions() as session:
        kpi = (await session.execute(select(Kpi))).scalar_one()
        values = (await session.execute(select(KpiValue.value, KpiValue.source))).all()
    assert (kpi.current, kpi.outside_since) == (7, NOW + timedelta(hours=1))
    assert sorted(values) == [(4.5, "manual"), (7.0, "manual")]


async def test_a_kpi_or_key_result_that_left_the_file_stops_its_source(sessions, load_org, tmp_path):
    sheet = tmp_path / "s.csv"
    await load_org(org_with_file_sources(str(sheet)))
    churn = next(line for line in SMALL_ORG.splitlines(keepends=True) if "{id: churn," in line)
    without = SMALL_ORG.replace(churn, "")
    assert without != SMALL_ORG
    await load_org(without.replace("    members: [U_BEN]\n", """    members: [U_BEN]
    kpis:
      - {name: Pipeline, low: 200}
"""))  # the file's KPIs are the whole list when it names any: Uptime left it
    async with sessions() as session:
        assert (await session.execute(select(FeedSource))).first() is None
        archived = dict((await session.execute(select(Kpi.name, Kpi.archived_at))).all())
    assert archived["Uptime"] is not None and archived["Pipeline"] is None
