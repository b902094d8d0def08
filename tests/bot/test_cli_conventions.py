"""The command line behaves like a good Unix tool: ``--version``; exit 0 when all is well, 1 when something needs
attention, 2 for a usage or input error, in every command; names in any case, and the valid ones on a miss; help
that starts without loading the database or chat libraries."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.teams.package import build_package, example_urls
from tests.conftest import ROOT
from tests.orgs import SMALL_ORG

runner = CliRunner()
HEAVY = ("sqlalchemy", "slack_bolt", "slack_sdk", "botbuilder", "matplotlib", "openai", "aiohttp", "models")
APP_ID = "5f0c3e6a-8b1d-4c2e-9f7a-1b2c3d4e5f60"


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("OKRBOT_LANG", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    (tmp_path / "org.yaml").write_text(SMALL_ORG)
    assert runner.invoke(app, ["import", str(tmp_path / "org.yaml")]).exit_code == 0
    return tmp_path


def okrbot(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_version_prints_the_installed_version():
    result = okrbot("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"okrbot {version('okrbot')}"


def test_help_lists_the_exit_codes_and_no_type_noise():
    for args in (["--help"], ["tick", "--help"], ["surveys", "set", "--help"]):
        result = okrbot(*args)
        assert result.exit_code == 0
        assert "<bool>" not in result.output
    assert "Exit codes: 0 ok, 1 something needs attention, 2 usage or input error." in okrbot("--help").output


def test_importing_the_cli_loads_no_database_chat_chart_or_model_library():
    code = f"import sys, bot.cli; print([m for m in sys.modules if m.split('.')[0] in {HEAVY!r}])"
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]", loaded.stdout


@pytest.mark.parametrize(("args", "code"), [
    (("bogus-command",), 2),
    (("tick", "--at", "yesterday"), 2),
    (("tick", "--at", "2026-10-05T09:00"), 2),
    (("export", "--format", "xml"), 2),
    (("lint", "missing.yaml"), 2),
    (("digest", "--manager", "U_ANNA", "--lang", "fr"), 2),
    (("coach",), 2),
    (("coach", "--as", "NOPE", "hello"), 2),
    (("surveys", "show", "nope"), 2),
    (("surveys", "set", "Support"), 2),
    (("surveys", "set", "Support", "--time", "23:00"), 2),
    (("summary", "--team", "Nope"), 2),
    (("tick", "--at", "2026-10-05T07:00Z"), 0),
    (("surveys", "show", "support"), 0),
    (("export",), 0),
    (("doctor",), 1),  # people on Slack, and Slack is not configured
])
def test_every_command_ends_with_the_documented_exit_code(env, args, code):
    result = okrbot(*args)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output


def test_coach_as_someone_unknown_says_so_and_lists_who_is_known(env):
    result = okrbot("coach", "--as", "NOPE", "we ship late")
    assert result.exit_code == 2
    assert result.output.startswith("okrbot: no person with id or name 'NOPE'; known people: ")
    assert "U_ANNA (Anna de Vries)" in result.output


def test_run_as_nobody_stops_before_the_chat_starts(env):
    result = okrbot("run", "--as", "NOBODY", input="quit\n")
    assert result.exit_code == 2
    assert "no person with id or name 'NOBODY'" in result.output
    assert "okrbot console" not in result.output


def test_run_as_a_person_in_another_case_chats_as_them(env):
    result = okrbot("run", "--as", "u_anna", input="quit\n")
    assert result.exit_code == 0, result.output
    assert "okrbot console" in result.output


def test_the_tick_report_says_nothing_of_failures_when_none_failed(env):
    result = okrbot("tick", "--at", "2026-10-05T07:00Z")
    assert result.output.splitlines()[-1] == "tick at 2026-10-05T07:00:00+00:00: sent checkin 2"


@pytest.mark.parametrize("given", ["1.2", "banana", "1.2.3.4", "v1.2.3", ""])
def test_teams_package_takes_only_a_version_of_three_numbers(tmp_path, monkeypatch, given):
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    monkeypatch.setenv("LANG", "C.UTF-8")
    result = okrbot("teams", "package", "--out", str(tmp_path / "x.zip"), "--version", given)
    assert result.exit_code == 2
    assert "X.Y.Z" in result.output and not (tmp_path / "x.zip").exists()


def test_a_manifest_with_its_own_addresses_packages_without_a_warning(tmp_path):
    manifest = json.loads((ROOT / "teams" / "manifest.json").read_text(encoding="utf-8"))
    manifest["developer"] |= {"websiteUrl": "https://okr.acme.nl/", "privacyUrl": "https://okr.acme.nl/privacy",
                              "termsOfUseUrl": "https://okr.acme.nl/terms"}
    for name in ("manifest.json", "color.png", "outline.png"):
        (tmp_path / name).write_bytes((ROOT / "teams" / name).read_bytes())
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert example_urls(build_package(app_id=APP_ID, template=tmp_path, version="1.2.3")) == []
    assert [field for field, _ in example_urls(build_package(app_id=APP_ID))] == [
        "websiteUrl", "privacyUrl", "termsOfUseUrl"]
