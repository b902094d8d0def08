"""When a command can't work because of its surroundings, the admin reads one line that says what to fix, and the
same kind of problem ends with the same exit code in every command: 2 for a setting or a path (an input error), 1
for a database that can't be reached (something needs attention). A password in DATABASE_URL never shows."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()
COMMANDS = [("tick", "--at", "2026-12-04T09:00Z"), ("export",), ("digest", "--manager", "U_BRAM"),
            ("summary", "--team", "Support"), ("db", "upgrade")]


def _one_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_an_unreachable_database_is_one_line_and_exit_1(monkeypatch, command):
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://postgres:hunter2hunter2@127.0.0.1:1/okrbot")
    result = runner.invoke(app, list(command))
    line = _one_line(result)
    assert result.exit_code == 1
    assert line.startswith("okrbot: cannot reach the database at postgresql+asyncpg://postgres:***@127.0.0.1:1")
    assert "hunter2hunter2" not in result.output


def test_a_database_that_does_not_exist_is_named(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/okrbot_no_such_database")
    result = runner.invoke(app, ["export"])
    if "Connect call failed" in result.output:
        pytest.skip("no PostgreSQL server here")
    assert result.exit_code == 1
    assert "okrbot_no_such_database" in _one_line(result) and "does not exist" in result.output


@pytest.mark.parametrize(("url", "says"), [
    ("not a url", "DATABASE_URL is not a database URL"),
    ("mysql://u@h/db", "names no database okrbot supports"),
    ("sqlite+aiosqlite:////nonexistent-folder/okrbot.db", "a folder that does not exist"),
])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_setting_that_cannot_work_is_one_line_and_exit_2(monkeypatch, url, says, command):
    monkeypatch.setenv("DATABASE_URL", url)
    result = runner.invoke(app, list(command))
    assert says in _one_line(result)
    assert result.exit_code == 2


def test_a_number_setting_that_is_not_a_number_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    monkeypatch.setenv("OKRBOT_TICK_SECONDS", "often")
    result = runner.invoke(app, ["tick", "--at", "2026-12-04T09:00Z"])
    assert "not valid" in _one_line(result) and result.exit_code == 2


@pytest.mark.parametrize("command", [("export", "--out"), ("teams", "package", "--out")])
def test_writing_into_a_missing_folder_is_one_line_and_exit_2(monkeypatch, tmp_path, command):
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    monkeypatch.setenv("MICROSOFT_APP_ID", "00000000-0000-0000-0000-0000000000a1")
    target = tmp_path / "no" / "such" / "folder" / "file.out"
    result = runner.invoke(app, [*command, str(target)])
    assert "cannot write or read" in _one_line(result) and str(target) in result.output
    assert result.exit_code == 2
