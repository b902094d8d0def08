"""The okrbot command line as an admin uses it, on a SQLite file."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from bot.cli import app
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


def test_import_then_import_again_reports_the_same_and_changes_nothing(env):
    first = okrbot("import", str(env / "org.yaml"))
    second = okrbot("import", str(env / "org.yaml"))
    assert first.exit_code == 0, first.output
    assert "imported 4 people, 2 teams, 1 periods, 2 objectives, 5 key results" in first.output
    assert second.output == first.output


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
