"""Key results fed by data sources: a local JSON server, a local CSV file and a table in the test's PostgreSQL
database. Each value is kept with its source and time; an owner hears once that a source fails and once that it
works again, and never reads a secret."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import asyncpg
import pytest
from sqlalchemy import select

from models import KeyResult, KeyResultValue
from models.db import transaction
from models.feeds import FeedSource
from scheduler.feed_tick import read_due_sources
from scheduler.tick import tick
from tests.feed_server import FeedServer
from tests.orgs import SMALL_ORG

SUNDAY_NIGHT = datetime(2026, 10, 4, 1, 0, tzinfo=UTC)  # nothing else is due: only sources
SECRET = "s3cr3t-token-value"


def org_with_sources(server_url: str, csv_path: str) -> str:
    return (SMALL_ORG
            .replace('baseline: 70, target: 85, unit: "%",',
                     'baseline: 70, target: 85, unit: "%", source: {type: http_json, name: CRM, url: "'
                     + server_url + '/stats?key=abc", path: "data.renewal_rate", headers: {Authorization: CRM_AUTH},'
                     ' every: 1h},')
            .replace('kind: stay_below, target: 3, unit: "%",',
                     f'kind: stay_below, target: 3, unit: "%", source: {{type: csv, file: "{csv_path}", '
                     'column: churn, every: 1h},')
            .replace("baseline: 25, target: 45, unit: NPS,",
                     "baseline: 25, target: 45, unit: NPS, source: {type: sql, name: Warehouse, dsn_env: NPS_DSN,"
                     " query: 'select score from nps order by at desc limit 1', every: 2h},"))


@pytest.fixture
async def nps_dsn(postgres_url):
    dsn = postgres_url.replace("+asyncpg", "")
    connection = await asyncpg.connect(dsn)
    await connection.execute("DROP TABLE IF EXISTS nps; CREATE TABLE nps (score numeric, at timestamptz);"
                             "INSERT INTO nps VALUES (31.5, now())")
    await connection.close()
    yield dsn
    connection = await asyncpg.connect(dsn)  # the database's schema is the migrations' again (tests/test_boundaries.py)
    await connection.execute("DROP TABLE IF EXISTS nps")
    await connection.close()


async def values(sessions, ref: str) -> list[KeyResultValue]:
    async with sessions() as session:
        kr = (await session.execute(select(KeyResult).where(KeyResult.ref == ref))).scalar_one()
        rows = await session.execute(select(KeyResultValue).where(KeyResultValue.key_result_id == kr.id)
                                     .order_by(KeyResultValue.id))
        return [kr, *rows.scalars()]


async def test_each_source_gives_its_key_result_a_value_with_its_origin_and_time(
        sessions, load_org, messenger, nps_dsn, tmp_path):
    (tmp_path / "churn.csv").write_text("month,churn\n2026-08,3.4\n2026-09,2.8\n", encoding="utf-8")
    async with FeedServer() as server:
        server.serve("/stats", '{"data": {"renewal_rate": 76.5}}')
        await load_org(org_with_sources(server.url, str(tmp_path / "churn.csv")))
        env = {"CRM_AUTH": f"Bearer {SECRET}", "NPS_DSN": nps_dsn}
        report = await read_due_sources(sessions=sessions, messenger=messenger, now=SUNDAY_NIGHT, env=env)
        assert server.requests[0][1]["Authorization"] == f"Bearer {SECRET}"  # the header from the environment
    assert report.read == 3 and not report.failed
    renewals, fed = await values(sessions, "renewals")
    assert (renewals.current, fed.value, fed.source, fed.origin, fed.measured_at) == (
        76.5, 76.5, "feed", "CRM", SUNDAY_NIGHT)
    churn, fed = await values(sessions, "churn")
    assert (churn.current, fed.origin) == (2.8, "churn.csv")  # the last filled row of the column
    nps, fed = await values(sessions, "nps")
    assert (nps.current, fed.origin) == (31.5, "Warehouse")
    assert messenger.sent == []  # all is well: nobody is told anything


async def test_a_failing_source_is_announced_once_and_its_recovery_once(sessions, load_org, messenger, tmp_path):
    async with FeedServer() as server:
        server.serve("/stats", "upstream down", status=503, content_type="text/plain")
        await load_org(org_with_sources(server.url, str(tmp_path / "missing.csv")).replace(
            "source: {type: sql", "nosource: {type: sql").replace(", nosource: {type: sql, name: Warehouse, dsn_env:"
                                                                   " NPS_DSN, query: 'select score from nps order by"
                                                                   " at desc limit 1', every: 2h}", ""))
        env = {"CRM_AUTH": SECRET}
        for hours in range(4):  # four readings an hour apart, all failing
            await read_due_sources(sessions=sessions, messenger=messenger, now=SUNDAY_NIGHT + timedelta(hours=hours),
                                   env=env)
        told = messenger.to("U_BEN")
        assert [m.kind for m in told] == ["feed_failing", "feed_failing"]  # one per source, not one per reading
        texts = " ".join(b.text for m in told for b in m.blocks)
        assert "status 503" in texts and "CRM" in texts and "can't be read" in texts
        assert SECRET not in texts and "key=abc" not in texts and "missing.csv" in texts  # a file's name is no secret
        server.serve("/stats", '{"data": {"renewal_rate": "81,2"}}')
        await read_due_sources(sessions=sessions, messenger=messenger, now=SUNDAY_NIGHT + timedelta(hours=4), env=env)
        await read_due_sources(sessions=sessions, messenger=messenger, now=SUNDAY_NIGHT + timedelta(hours=5), env=env)
    kinds = [m.kind for m in messenger.to("U_BEN")]
    assert kinds == ["feed_failing", "feed_failing", "feed_recovered"]
    assert "81.2" in messenger.to("U_BEN")[-1].blocks[0].text
    renewals, *fed = await values(sessions, "renewals")
    assert renewals.current == 81.2 and [v.value for v in fed] == [81.2, 81.2]


async def test_a_missing_secret_is_named_by_its_variable_and_a_dutch_owner_reads_dutch(
        sessions, load_org, messenger, nps_dsn, tmp_path):
    await load_org(org_with_sources("http://127.0.0.1:9", str(tmp_path / "x.csv")))
    await read_due_sources(sessions=sessions, messenger=messenger, now=SUNDAY_NIGHT, env={})
    anna = messenger.to("U_ANNA")
    assert [m.kind for m in anna] == ["feed_failing"]
    assert "omgevingsvariabele NPS_DSN is niet ingesteld" in anna[0].blocks[0].text
    await read_due_sources(sessions=sessions, messenger=messenger, now=SUNDAY_NIGHT + timedelta(hours=2),
                           env={"NPS_DSN": nps_dsn})
    assert [m.kind for m in messenger.to("U_ANNA")] == ["feed_failing", "feed_recovered"]
    assert "werkt weer" in messenger.to("U_ANNA")[-1].blocks[0].text


async def test_two_processes_ticking_at_once_read_each_source_once(sessions, load_org, messenger, tmp_path):
    import asyncio

    (tmp_path / "churn.csv").write_text("churn\n2.5\n", encoding="utf-8")
    async with FeedServer() as server:
        server.serve("/stats", '{"data": {"renewal_rate": 77}}')
        await load_org(org_with_sources(server.url, str(tmp_path / "churn.csv")).replace("source: {type: sql",
                                                                                           "kpi_unused: {type: sql")
                       .replace(", kpi_unused: {type: sql, name: Warehouse, dsn_env: NPS_DSN, query: 'select score "
                                "from nps order by at desc limit 1', every: 2h}", ""))
        env = {"CRM_AUTH": "x"}
        await asyncio.gather(*(tick(sessions=sessions, messenger=messenger, now=SUNDAY_NIGHT, feed_env=env)
                               for _ in range(2)))
        assert len(server.requests) == 1
    _, *fed = await values(sessions, "renewals")
    assert len(fed) == 1
    async with sessions() as session:
        due = (await session.execute(select(FeedSource.next_due_at))).scalars().all()
    assert sorted(due) == [SUNDAY_NIGHT + timedelta(hours=1)] * 2  # read again one interval later


async def test_an_unreadable_source_in_the_file_is_refused_with_where_it_is(load_org):
    from handlers.importer import ImportRejected

    broken = SMALL_ORG.replace("baseline: 25, target: 45, unit: NPS,",
                               "baseline: 25, target: 45, unit: NPS, source: {type: http_json, url: 'ftp://x', "
                               "path: 'a[', every: 3 weeks},")
    with pytest.raises(ImportRejected) as rejected:
        await load_org(broken)
    text = str(rejected.value)
    assert "okrs[0].key_results[0].source.http_json.url" in text and "http:// or https://" in text
    assert "JMESPath" in text and "30m, 6h or 1d" in text and "line 2" in text


async def test_the_check_in_shows_the_fed_value_and_a_correction_is_kept_beside_it(
        sessions, load_org, messenger, tmp_path):
    from handlers.checkin import open_checkin, submit_checkin
    from models.people_queries import person_by_platform_id
    from models.value_store import values_of

    (tmp_path / "churn.csv").write_text("churn\n2.5\n", encoding="utf-8")
    await load_org(org_with_sources("http://127.0.0.1:9", str(tmp_path / "churn.csv")))
    await read_due_sources(sessions=sessions, messenger=messenger, now=SUNDAY_NIGHT, env={})
    monday = datetime(2026, 10, 5, 14, 0, tzinfo=UTC)
    async with transaction(sessions) as session:
        ben = await person_by_platform_id(session, platform_user_id="U_BEN", platform="slack")
        form = await open_checkin(session, person=ben, now=monday)
    churn, *_ = await values(sessions, "churn")
    notes = [b.text for b in form.blocks if getattr(b, "style", "") == "note"]
    assert notes == ["2.5% from churn.csv, on Sat 3 Oct at 21:00. Only fill in a value below if this one is wrong."]
    prompts = {b.id: b.prompt for b in form.blocks if hasattr(b, "prompt")}
    assert prompts[f"kr:{churn.id}:value"] == "Correct value (%), only if the one above is wrong"
    assert prompts[f"kr:{churn.id}:confidence"] == "Confidence (1-10)"  # still asked, with the two questions
    async with transaction(sessions) as session:  # Ben answers only his confidence: the fed value stays
        await submit_checkin(session, person=ben, context=form.context, now=monday,
                             fields={f"kr:{churn.id}:confidence": "7"})
    churn, *_ = await values(sessions, "churn")
    assert churn.current == 2.5
    async with transaction(sessions) as session:  # he corrects it: kept beside the source's, and newer, so it counts
        await submit_checkin(session, person=ben, context=form.context, now=monday + timedelta(minutes=5),
                             fields={f"kr:{churn.id}:value": "2.9", f"kr:{churn.id}:confidence": "7"})
    churn, *_ = await values(sessions, "churn")
    assert churn.current == 2.9
    async with sessions() as session:
        assert [v.value for v in (await values_of(session, key_result_ids=[churn.id]))[churn.id]] == [2.5]
    await read_due_sources(sessions=sessions, messenger=messenger, now=monday + timedelta(hours=1), env={})
    churn, *_ = await values(sessions, "churn")
    assert churn.current == 2.5  # the source's next reading is newer again
