"""The okrbot command line as an admin uses it, on a SQLite file."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app
from handlers.commands import handle_command
from models.db import make_engine, make_session_factory, transaction
from models.okrs import KeyResult
from models.people_queries import person_by_platform_id
from tests.orgs import SMALL_ORG

runner = CliRunner()


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    org = tmp_path / "org.yaml"
    org.write_text(SMALL_ORG)
    return tmp_path


def okrbot(*args: str):
    return runner.invoke(app, list(args))


def test_import_then_import_again_says_nothing_changed(env):
    first = okrbot("import", str(env / "org.yaml"))
    second = okrbot("import", str(env / "org.yaml"))
    assert first.exit_code == second.exit_code == 0, first.output
    assert first.output.splitlines()[:2] == [
        "imported 4 people, 2 teams, 1 periods, 2 objectives, 5 key results",
        "changes: added 4 people, 2 teams, 1 period, 2 objectives, 5 key results, 4 team memberships"]
    assert second.output.splitlines()[0] == "nothing changed: the store already holds the file's 4 people, 2 teams, " \
        "1 periods, 2 objectives, 5 key results"
    assert "imported" not in second.output


def test_a_changed_file_lists_what_changed_and_what_it_archived(env):
    okrbot("import", str(env / "org.yaml"))
    changed = env / "changed.yaml"
    kb = "      - {id: kb, title: Kennisbank live, kind: milestone, owner: U_CARLA}\n"
    changed.write_text(SMALL_ORG.replace(kb, "").replace("target: 45", "target: 50"))

    result = okrbot("import", str(changed))

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:3] == [
        "changes: changed 1 key result; archived 1 key result",
        "archived 1 key result (no more check-ins, history kept): “Kennisbank live”"]


def test_an_archived_key_result_leaves_the_team_summary_and_the_recap(env):
    okrbot("import", str(env / "org.yaml"))
    okrbot("tick", "--at", "2026-10-05T09:00+02:00")  # Monday's check-ins reach the team: a round to summarise
    at = ["--at", "2026-10-06T12:00+02:00"]
    before = okrbot("summary", "--team", "Support", *at).output
    kb = "      - {id: kb, title: Kennisbank live, kind: milestone, owner: U_CARLA}\n"
    (env / "changed.yaml").write_text(SMALL_ORG.replace(kb, ""))

    okrbot("import", str(env / "changed.yaml"))

    assert "Kennisbank live" in before
    assert "Kennisbank live" not in okrbot("summary", "--team", "Support", *at).output
    assert "Kennisbank live" not in okrbot("recap", "--period", "2026-Q4", *at).output


def test_one_key_result_is_a_warning_and_the_file_still_imports(env):
    one = env / "one.yaml"
    one.write_text(SMALL_ORG.replace("      - {id: churn, title: Monthly churn stays below 3%, kind: stay_below, "
                                     "target: 3, unit: \"%\", owner: U_BEN}\n", ""))

    result = okrbot("import", str(one))

    assert result.exit_code == 0, result.output
    assert "warning: objective “Customers choose us again” has 1 key result (2-5 make a good objective): add one" \
        in result.output
    assert "too_few" not in result.output and result.output.count("1 key result (2-5") == 1


@pytest.mark.parametrize(("content", "reason"), [
    ("people:\n  - {id: U_ANNA, name: Anna de Vriës}\n".encode("latin-1"), "line 2, (file): not UTF-8 text (byte 43"),
    (b"", "(file): the file is empty"),
    (b"\x00\x01\x02 periods", "(file): not valid YAML"),
])
def test_non_utf8_or_empty_file_gets_one_line_and_exit_2(env, content, reason):
    bad = env / "bad.yaml"
    bad.write_bytes(content)

    result = okrbot("import", str(bad))

    assert result.exit_code == 2
    assert result.output.count("\n") == 1, result.output
    assert result.output.startswith(f"{bad}: not imported, nothing changed: ")
    assert reason in result.output
    assert "Traceback" not in result.output


def test_an_invalid_file_is_rejected_with_line_and_reason_and_nothing_is_imported(env):
    bad = env / "bad.yaml"
    bad.write_text(SMALL_ORG.replace("manager: U_BRAM}", "manager: U_NOBODY}", 1))
    result = okrbot("import", str(bad))
    assert result.exit_code == 2
    assert "line 5, people[0].manager: no person with id 'U_NOBODY'" in result.output
    exported = okrbot("export", "--format", "json")
    assert json.loads(exported.output) == []


def test_tick_at_an_instant_sends_what_is_due_once(env):
    okrbot("import", str(env / "org.yaml"))
    first = okrbot("tick", "--at", "2026-10-05T09:00+02:00")
    again = okrbot("tick", "--at", "2026-10-05T09:00+02:00")
    assert "→ Anna de Vries (U_ANNA): checkin" in first.output
    assert "sent checkin 2" in first.output
    assert "sent nothing" in again.output


def test_tick_refuses_an_instant_without_offset(env):
    result = okrbot("tick", "--at", "2026-10-05T09:00")
    assert result.exit_code != 0
    assert "give an offset" in result.output


def test_export_writes_csv_with_a_header(env, tmp_path):
    okrbot("import", str(env / "org.yaml"))
    out = tmp_path / "checkins.csv"
    result = okrbot("export", "--format", "csv", "--out", str(out))
    assert result.exit_code == 0
    header = next(csv.reader(io.StringIO(out.read_text())))
    assert header[:9] == ["period", "person_id", "person", "objective", "key_result", "unit", "slot", "value",
                          "confidence"]


def test_export_refuses_an_unknown_format(env):
    assert okrbot("export", "--format", "xml").exit_code != 0


def test_db_upgrade_says_where_without_a_password(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    result = okrbot("db", "upgrade")
    assert result.exit_code == 0 and "is up to date" in result.output


CHATTED = datetime(2026, 11, 12, 10, tzinfo=UTC)


async def _say_in_chat(env, who: str, text: str) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{env / 'cli.db'}")
    try:
        async with transaction(make_session_factory(engine)) as session:
            person = await person_by_platform_id(session, platform_user_id=who)
            nps = (await session.execute(select(KeyResult.id).where(KeyResult.ref == "nps"))).scalar_one()
            assert (await handle_command(session, person=person, text=text.format(nps=nps), now=CHATTED)).kind \
                == "adjust_done"
    finally:
        await engine.dispose()


def _saved(path, at: datetime) -> str:
    os.utime(path, (at.timestamp(), at.timestamp()))
    return str(path)


def test_a_reimport_keeps_the_chat_change_reports_it_and_exits_0_until_prefer_file(env):
    org = env / "org.yaml"
    okrbot("import", str(org))
    asyncio.run(_say_in_chat(env, "U_ANNA", "wijzig kr {nps} doel 40 omdat de markt kromp"))

    kept = okrbot("import", _saved(org, CHATTED - timedelta(days=1)))
    taken = okrbot("import", _saved(org, CHATTED - timedelta(days=1)), "--prefer", "file")

    assert kept.exit_code == taken.exit_code == 0, kept.output
    assert kept.output.splitlines()[:2] == [
        "nothing changed: the store already holds the file's 4 people, 2 teams, 1 periods, 2 objectives, "
        "5 key results",
        "Key result “NPS stijgt van 25 naar 45” target: file says 45, changed in chat to 40 on 12 Nov 2026 by "
        "Anna de Vries (“de markt kromp”); kept 40 — use --prefer file to take the file's"]
    assert taken.output.splitlines()[1:3] == [
        "changes: changed 1 key result",
        "Key result “NPS stijgt van 25 naar 45” target: file says 45, changed in chat to 40 on 12 Nov 2026 by "
        "Anna de Vries (“de markt kromp”); took the file's 45 (--prefer file)"]
    assert okrbot("import", str(org), "--prefer", "chat").exit_code == 2


def test_a_file_saved_after_the_chat_change_wins(env):
    org = env / "org.yaml"
    okrbot("import", str(org))
    asyncio.run(_say_in_chat(env, "U_ANNA", "wijzig kr {nps} doel 40 omdat de markt kromp"))
    org.write_text(SMALL_ORG.replace("target: 45", "target: 50"))

    result = okrbot("import", _saved(org, CHATTED + timedelta(hours=1)))

    assert result.exit_code == 0
    assert result.output.splitlines()[1:3] == [
        "changes: changed 1 key result",
        "Key result “NPS stijgt van 25 naar 45” target: file says 50, changed in chat to 40 on 12 Nov 2026 by "
        "Anna de Vries (“de markt kromp”); took the file's 50 (the file was saved later)"]


def test_export_okrs_writes_a_file_that_imports_back_with_nothing_changed(env, tmp_path):
    okrbot("import", str(env / "org.yaml"))
    asyncio.run(_say_in_chat(env, "U_ANNA", "wijzig kr {nps} doel 40 omdat de markt kromp"))
    out = tmp_path / "exported.yaml"

    written = okrbot("export", "--okrs", "--out", str(out))
    again = okrbot("import", str(out))

    assert written.exit_code == 0 and written.output == f"wrote {out}\n"
    assert "target: 40" in out.read_text()
    assert again.exit_code == 0 and again.output.startswith("nothing changed"), again.output
    assert okrbot("export", "--okrs", "--period", "2026-Q4").output == out.read_text()


def test_export_okrs_of_an_unknown_period_exits_2_with_the_known_ones(env):
    okrbot("import", str(env / "org.yaml"))

    result = okrbot("export", "--okrs", "--period", "2031-Q9")

    assert result.exit_code == 2 and "2026-Q4" in result.output
    assert okrbot("export", "--period", "2026-Q4").exit_code == 2  # --period goes with --okrs
    assert okrbot("export", "--okrs", "--format", "csv").exit_code == 2  # the organisation file is YAML
