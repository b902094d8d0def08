"""``okrbot export --okrs``: the organisation as the store holds it, chat's changes included, as an organisation
file that imports back unchanged, whatever people typed in their titles."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

import pytest
import yaml
from sqlalchemy import select
from sqlalchemy.engine import make_url

from handlers.commands import handle_command
from handlers.importer import import_org, parse
from handlers.org_export import export_org
from models.db import make_engine, make_session_factory, transaction
from models.feeds import Kpi
from models.okr_store import create_objective
from models.okrs import KeyResult, Objective
from models.people_queries import period_by_name, person_by_platform_id
from models.source_settings import set_measures
from tests.conftest import ROOT, _admin, _empty_postgres, _in_thread

IMPORTED = datetime(2026, 10, 5, 8, tzinfo=UTC)
CHATTED = datetime(2026, 11, 12, 10, tzinfo=UTC)
EXPORTED = CHATTED + timedelta(hours=1)

# What people type: YAML would misread every one of these if it were written bare.
NASTY = ["Quote \"this\" and 'that'", "colon: inside", "line one\nline two", "ünïcødé – „Dutch” 🚀",
         "- leading dash", "# not a comment", "yes", "no", "123", "1.5", "null", "~", "on", "2026-10-01", "@here",
         "*star", "&anchor", "!tag", "%percent", "{braces}", "[brackets]", "ends with colon:", "tab\there", "'"]


def rich_org() -> str:
    """examples/org.yaml with every section an organisation file can have, and titles that are hard to write."""
    org = yaml.safe_load((ROOT / "examples" / "org.yaml").read_text())
    org["periods"] = {"every": "quarter", "named": org["periods"]}
    org["planning"] = {"weeks_before": 3, "days_after": 2}
    anna = next(p for p in org["people"] if p["id"] == "U01ANNA")
    anna.update(vacation_until="2026-12-20", primary_team="Klantenservice", platform="slack")
    next(p for p in org["people"] if p["id"] == "U01SARA")["name"] = "Sara: “O'Kafor” #1"
    support, product = org["teams"]
    product["members"].append("U01ANNA")
    support.update(lead="U01BRAM", planning={"weeks_before": 2}, summary_names=True, tz="Europe/Amsterdam",
                   surveys={"day": "wednesday", "time": "11:30", "mood": {"every_weeks": 2, "first": "leadership"},
                            "premortem": False},
                   kpis=[{"name": "Wachttijd: mediaan", "unit": "min", "high": 5, "owner": "U01ANNA",
                          "source": {"type": "http_json", "url": "https://crm.example.com/api/wait", "path":
                                     "data.median", "headers": {"Authorization": "CRM_TOKEN"}, "every": "30m"}}])
    org["kpis"] = [{"id": "churn", "name": "Churn", "unit": "%", "high": 2,
                    "source": {"type": "sql", "dsn_env": "WAREHOUSE_URL", "query": "select churn from kpis -- #1",
                               "every": "1d"}}]
    org["surveys"] = {"statements": {"mood_development": [{"id": "focus", "en": "I can focus: mostly.",
                                                           "nl": "Ik kan me concentreren: meestal.", "tag": "#Focus"}]}}
    org["webhooks"] = [{"url": "https://hooks.example.com/okr", "secret_env": "HOOK_SECRET",
                        "events": ["key_result.changed", "checkin.recorded"]}]
    product["kpis"] = [{"id": "health", "name": "Health check", "low": 7}, {"name": "Churn", "high": 3}]
    org["okrs"][4]["key_results"][1]["kpi"] = "health"  # a team's KPI, named from a personal objective by its id
    org["okrs"][3]["key_results"][0]["kpi"] = "churn"  # the organisation's, though the team has one of that name
    loyal = org["okrs"][0]
    loyal["key_results"][1]["kpi"] = "churn"
    loyal["key_results"][0].update(weight=2.5, source={"type": "csv", "file": "/data/nrr.csv", "column": "NRR",
                                                       "name": "Finance sheet", "every": "6h"})
    org["okrs"].append({"objective": "Titles people write", "level": "team", "owner": "Product",
                        "period": "2027-Q1", "status": "draft", "parent": "org-loyal", "key_results": [
                            {"title": title, "kind": "milestone", "owner": "U01PRIYA"} for title in NASTY]})
    return yaml.safe_dump(org, sort_keys=False, allow_unicode=True)


async def say(sessions, who: str, text: str) -> str:
    async with transaction(sessions) as session:
        person = await person_by_platform_id(session, platform_user_id=who)
        return (await handle_command(session, person=person, text=text, now=CHATTED)).kind


async def export(sessions, period: str | None = None) -> str:
    async with sessions() as session:
        period_id = (await period_by_name(session, name=period)).id if period else None
        return await export_org(session, period_id=period_id, today=EXPORTED.date())


async def load(sessions, text: str, *, now=IMPORTED, saved_at=None):
    async with transaction(sessions) as session:
        return await import_org(session, text, now=now, saved_at=saved_at)


async def kr_id(sessions, title: str) -> int:
    async with sessions() as session:
        return (await session.execute(select(KeyResult.id).where(KeyResult.title == title))).scalar_one()


@pytest.fixture(scope="module")
def second_postgres(postgres_url) -> str:
    """A second database on the server for this module's tests, made once: each test empties it."""
    url = make_url(postgres_url)
    name = f"{url.database}_fresh"
    _in_thread(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    _in_thread(_admin(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    _in_thread(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
async def fresh(request, engine, tmp_path):
    """A second, empty store on the backend of ``engine``."""
    if engine.dialect.name == "sqlite":
        shutil.copyfile(request.getfixturevalue("sqlite_template"), tmp_path / "fresh.db")
        second = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}")
    else:
        second = make_engine(request.getfixturevalue("second_postgres"))
        await _empty_postgres(second)  # the migrations the first time
    yield make_session_factory(second)
    await second.dispose()


@pytest.fixture
async def chatted(sessions):
    """The rich organisation imported, then changed in chat: a target lowered, a key result removed, an objective
    paused, and an objective made in chat."""
    await load(sessions, rich_org())
    nps = await kr_id(sessions, "NPS stijgt van 25 naar 45")
    assert await say(sessions, "U01ANNA", f"wijzig kr {nps} doel 40 omdat de markt kromp") == "adjust_done"
    selfservice = await kr_id(sessions, "Aandeel vragen via zelfservice van 15% naar 30%")
    assert await say(sessions, "U01ANNA", f"remove kr {selfservice} because double") == "adjust_done"
    assert await say(sessions, "U01MAYA", "pause objective 4 because the roadmap moved") == "adjust_done"
    async with transaction(sessions) as session:
        leo = await person_by_platform_id(session, platform_user_id="U01LEO")
        await create_objective(session, objective={"title": "Leo's: own – objective", "level": "person",
                                                   "period_id": 1, "owner_person_id": leo.id}, key_results=[
            {"owner_id": leo.id, "title": "Ten calls: done", "kind": "increase", "baseline": 0, "target": 10}])
    return sessions


async def test_the_export_imports_into_a_fresh_store_and_exports_byte_identical(chatted, fresh):
    first = await export(chatted)

    summary = await load(fresh, first, now=EXPORTED)
    again = await export(fresh)

    assert again == first
    assert not summary.changes.conflicts and not summary.changes.archived_key_results


async def test_reimporting_the_export_changes_nothing_and_reports_no_conflict(chatted):
    text = await export(chatted)

    for saved_at in (EXPORTED, None):  # a file without a save time is older than chat: still nothing to settle
        summary = await load(chatted, text, now=EXPORTED + timedelta(hours=1), saved_at=saved_at)
        assert summary.changes.nothing, summary.changes
        assert not summary.changes.conflicts and not summary.changes.restored


async def test_the_export_holds_what_chat_changed_and_every_section(chatted):
    org = parse(await export(chatted))

    nps = next(kr for o in org.okrs for kr in o.key_results if kr.title.startswith("NPS"))
    assert nps.target == 40
    assert not any(kr.title.startswith("Aandeel vragen") for o in org.okrs for kr in o.key_results)
    assert next(o for o in org.okrs if o.id == "product-onboarding").status == "paused"
    made = next(o for o in org.okrs if o.objective == "Leo's: own – objective")
    assert made.id.startswith("chat/") and made.owner == "U01LEO"
    nasty = next(o for o in org.okrs if o.objective == "Titles people write")
    assert [kr.title for kr in nasty.key_results] == NASTY
    assert (nasty.status, nasty.parent) == ("draft", "org-loyal")
    assert org.periods_every == "quarter" and org.planning.weeks_before == 3
    support = org.teams[0]
    assert (support.lead, support.planning.weeks_before, support.summary_names, support.surveys.day) == (
        "U01BRAM", 2, True, "wednesday")
    assert support.kpis[0].source.headers == {"Authorization": "CRM_TOKEN"}
    assert org.kpis[0].source.dsn_env == "WAREHOUSE_URL"
    measured = {kr.title: kr.kpi for o in org.okrs for kr in o.key_results if kr.kpi}
    assert measured == {"Logo churn stays below 2% a month": "churn", "Team health check score stays above 7": "health",
                        "Activation within 7 days from 35% to 60%": "churn"}
    assert [w.secret_env for w in org.webhooks] == ["HOOK_SECRET"]
    anna = next(p for p in org.people if p.id == "U01ANNA")
    assert (str(anna.vacation_until), anna.primary_team) == ("2026-12-20", "Klantenservice")
    assert [(o.manager, o.report, o.prep_hours) for o in org.one_on_ones] == [
        ("U01BRAM", "U01ANNA", 2), ("U01MAYA", "U01LEO", 3)]


async def test_text_people_wrote_is_quoted_where_yaml_would_misread_it(chatted):
    text = await export(chatted)

    for title in ("'yes'", "'no'", "'123'", "'1.5'", "'null'", "'~'", "'on'", "'2026-10-01'", "'- leading dash'",
                  "'# not a comment'", "'colon: inside'", "|-\n      line one\n      line two"):
        assert f"- title: {title}\n" in text, title
    assert "ünïcødé – „Dutch”" in text  # letters and quotes as typed (libyaml escapes an emoji, which reads back)


async def test_the_export_names_no_secret_only_environment_variables(chatted, monkeypatch):
    monkeypatch.setenv("CRM_TOKEN", "s3cr3t-token")
    text = await export(chatted)

    assert "s3cr3t-token" not in text and "CRM_TOKEN" in text and "HOOK_SECRET" in text


async def test_one_period_exports_only_its_okrs(chatted):
    org = parse(await export(chatted, "2027-Q1"))

    assert [o.objective for o in org.okrs] == ["Titles people write"]
    assert [p.name for p in org.periods] == ["2026-Q4", "2027-Q1"]


async def test_reimporting_one_periods_export_leaves_the_other_period_alone(chatted):
    summary = await load(chatted, await export(chatted, "2027-Q1"), now=EXPORTED, saved_at=EXPORTED)

    assert summary.changes.nothing and not summary.changes.archived_objectives
    async with chatted() as session:
        live = (await session.execute(select(Objective).where(Objective.archived_at.is_(None)))).scalars().all()
    assert len(live) == 7


async def test_a_kpi_the_import_could_not_find_by_name_gets_its_id_in_the_file(chatted, fresh):
    async with transaction(chatted) as session:
        waiting = (await session.execute(select(Kpi).where(Kpi.name == "Wachttijd: mediaan"))).scalar_one()
        roadmap = await kr_id(chatted, "Roadmap items proposed by the team from 20% to 50%")
        await set_measures(session, wanted={roadmap: waiting.id}, key_result_ids=[roadmap])  # a personal objective's
    first = await export(chatted)

    await load(fresh, first, now=EXPORTED)

    assert "kpi: 'Klantenservice/Wachttijd: mediaan'" in first and "- id: 'Klantenservice/Wachttijd: mediaan'" in first
    assert await export(fresh) == first
