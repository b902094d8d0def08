"""``okrbot digest``, ``okrbot summary`` and ``okrbot recap``: an admin previews in the terminal what a manager,
a team channel and the organisation get, on the crafted quarter of tests/digest_quarter.py."""

from __future__ import annotations

import asyncio
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from handlers.importer import import_org
from models.db import make_engine, make_session_factory, transaction, upgrade
from tests.digest_quarter import PREP_AT, QUARTER_ORG, SECRETS, SUMMARY_AT, play_quarter
from tests.model_server import serving_model

runner = CliRunner()
# A team with a member but no objectives of its own, next to the quarter's two.
WITH_FINANCE = QUARTER_ORG.replace("name: Maya Chen,", "name: Maya Chen, primary_team: Product,").replace(
    "okrs:\n", """  - name: Finance
    members: [U_MAYA]
    checkin: {day: monday, time: "09:00"}
okrs:
""", 1)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """One played quarter on a SQLite file for the whole module: the commands only read it."""
    path = tmp_path_factory.mktemp("digests") / "quarter.db"

    async def play() -> None:
        engine = make_engine(f"sqlite+aiosqlite:///{path}")
        await upgrade(engine)
        sessions = make_session_factory(engine)

        async def load_org(_text: str) -> None:
            async with transaction(sessions) as session:
                await import_org(session, WITH_FINANCE, now=datetime(2026, 10, 1, tzinfo=UTC))

        await play_quarter(sessions, load_org)
        await engine.dispose()

    asyncio.run(play())
    return path


@pytest.fixture
def charts(store, tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{store}")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("OKRBOT_CHART_DIR", str(tmp_path / "charts"))
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OKRBOT_MODEL", "OKRBOT_AI_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "charts"


def okrbot(*args: str):
    return runner.invoke(app, list(args))


def test_a_manager_sees_the_prep_of_their_next_1on1_in_their_language_or_the_one_asked(charts):
    dutch = okrbot("digest", "--manager", "U_BRAM", "--at", PREP_AT.isoformat())
    english = okrbot("digest", "--manager", "U_BRAM", "--at", PREP_AT.isoformat(), "--lang", "en")

    assert dutch.exit_code == 0, dutch.output
    assert "Je 1-op-1 met Anna de Vries op do 26 nov om 14:00" in dutch.output
    assert "Your 1:1 with Anna de Vries on Thu 26 Nov at 14:00" in english.output
    assert not any(secret in dutch.output + english.output for secret in SECRETS)


def test_a_team_summary_shows_the_latest_check_in(charts):
    result = okrbot("summary", "--team", "Support", "--at", SUMMARY_AT.isoformat())
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Support — check-in van ma 23 nov"
    assert "NPS van 25 naar 45: Wachten op de nieuwe enquêtetool, erg frustrerend" in result.output


def test_the_recap_prints_every_team_and_the_organisation_and_writes_their_charts(charts):
    result = okrbot("recap", "--period", "2026-Q4")

    assert result.exit_code == 0, result.output
    paths = [Path(line.split(" -> ")[1].rstrip("]")) for line in result.output.splitlines() if " -> " in line]
    assert [p.name for p in paths] == ["recap-product-2026-q4.png", "recap-support-2026-q4.png", "recap-2026-q4.png"]
    assert all(p.parent == charts and p.read_bytes().startswith(b"\x89PNG") for p in paths)
    assert not any(secret in result.output for secret in SECRETS)


@pytest.mark.parametrize(("args", "reason"), [
    (("digest", "--manager", "U_MAYA"), "Maya Chen has no 1:1s"),
    (("summary", "--team", "Finance", "--at", SUMMARY_AT.isoformat()), "Finance has no objectives in 2026-Q4"),
])
def test_what_has_nothing_to_show_says_why_and_exits_1(charts, args, reason):
    result = okrbot(*args)
    assert result.exit_code == 1
    assert reason in result.output


def test_a_manager_without_1on1s_is_told_the_terminal_way_to_add_them(charts):
    result = okrbot("digest", "--manager", "U_MAYA")
    assert "1on1 @PERSON weekly thu 14:00" in result.output and "okrbot run --as U_MAYA" in result.output
    assert "/okr" not in result.output  # Slack's syntax means nothing in a terminal


@pytest.mark.parametrize(("args", "reason"), [
    (("digest", "--manager", "U_NOBODY"), "no person with id or name 'U_NOBODY'; known people: U_"),
    (("summary", "--team", "Marketing"), "no team named 'Marketing'; the teams are: Finance, Product, Support"),
    (("recap", "--period", "2031-Q1"), "no period named '2031-Q1'; the periods are: 2026-Q4"),
])
def test_a_name_that_matches_nothing_lists_the_valid_ones_and_exits_2(charts, args, reason):
    result = okrbot(*args)
    assert result.exit_code == 2
    assert reason in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("args", [("summary", "--team", "sUPPORT", "--at", SUMMARY_AT.isoformat()),
                                  ("recap", "--period", "2026-q4"),
                                  ("digest", "--manager", "u_bram", "--at", PREP_AT.isoformat()),
                                  ("digest", "--manager", "bram bakker", "--at", PREP_AT.isoformat())])
def test_names_are_matched_without_regard_to_case(charts, args):
    result = okrbot(*args)
    assert result.exit_code == 0, result.output


def test_the_tick_posts_the_organisation_recap_only_when_a_channel_is_configured(charts, store, tmp_path,
                                                                                 monkeypatch):
    copy = shutil.copy(store, tmp_path / "ticked.db")  # this test writes: a store of its own
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{copy}")
    without = okrbot("tick", "--at", "2027-01-04T10:00Z")  # the first working day after the quarter, 10:00 UTC
    monkeypatch.setenv("OKRBOT_ORG_CHANNEL", "C_ALL")
    with_channel = okrbot("tick", "--at", "2027-01-04T10:01Z")

    assert "org_recap" not in without.output
    assert "#C_ALL: org_recap" in with_channel.output
    assert f"-> {charts / 'recap-2026-q4.png'}]" in with_channel.output


async def test_with_a_model_configured_the_digest_opens_with_its_narrative(charts, monkeypatch):
    story = "Het NPS-vertrouwen daalde en de reactietijd staat stil: daar zit het gesprek."
    async with serving_model() as model:
        model.answer({"narrative": story})
        for name, value in (("OPENAI_API_KEY", "sk-test"), ("OPENAI_BASE_URL", f"{model.url}/v1"),
                            ("OKRBOT_AI_TIMEOUT", "2")):
            monkeypatch.setenv(name, value)
        result = await asyncio.to_thread(okrbot, "digest", "--manager", "U_BRAM", "--at", PREP_AT.isoformat())
        summary = await asyncio.to_thread(okrbot, "summary", "--team", "Support", "--at", SUMMARY_AT.isoformat())
    assert result.exit_code == 0, result.output
    assert story in result.output and story in summary.output
    assert "Anna" not in str(model.user_data())  # the model sees no names
