"""`okrbot run` as a new user starts it: an imported organisation, a terminal chat as one person."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def okrbot(*args: str, env: dict, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True, env=env, cwd=ROOT,
        timeout=60,
    )


def test_run_chats_as_a_person_until_quit(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'run.db'}", "OKRBOT_TICK_SECONDS": "3600"}
    assert okrbot("import", "examples/org.yaml", env=env).returncode == 0
    result = okrbot("run", "--as", "U01ANNA", env=env, stdin="help\nmine\nquit\n")
    assert result.returncode == 0, result.stderr
    assert "Dit kan ik voor je doen" in result.stdout
    assert "Jouw OKR's in" in result.stdout or "Er loopt op dit moment geen OKR-periode." in result.stdout


def test_run_on_an_empty_database_says_how_to_start(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"}
    result = okrbot("run", env=env)
    assert result.returncode == 1
    assert "okrbot import examples/org.yaml" in result.stdout
