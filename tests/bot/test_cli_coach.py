"""``okrbot lint``, the linter's advice after ``okrbot import``, and ``okrbot coach`` in the terminal."""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.model_server import serving_model
from tests.orgs import SMALL_ORG

runner = CliRunner()
WITH_AN_ACTIVITY = SMALL_ORG.replace("{id: kb, title: Kennisbank live,", "{id: kb, title: Klantonderzoek uitvoeren,")


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OKRBOT_MODEL", "OKRBOT_AI_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "org.yaml").write_text(WITH_AN_ACTIVITY)
    return tmp_path


def okrbot(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_lint_as_text_marks_each_key_result_and_explains_what_needs_work(env):
    result = okrbot("lint", str(env / "org.yaml"))
    assert result.exit_code == 1, result.output  # 1: something needs work
    lines = result.output.splitlines()
    assert lines[:5] == ["Onze klanten zijn fan van onze dienstverlening", "  ✓ NPS stijgt van 25 naar 45",
                         "  ✓ Eerste reactie binnen 2 uur", "  ✗ Klantonderzoek uitvoeren",
                         "      activity: “Klantonderzoek uitvoeren” describes work to do rather than the "
                         "result you're after. Ask yourself what will be different once it's done, and measure that "
                         "instead — for example “NPS from 25 to 40” rather than “run a customer survey”. The task "
                         "itself can go on your to-do list."]
    assert lines[-1] == "5 key results: 4 look good, 1 needs work."


def test_lint_as_json_lists_every_key_result_with_its_findings_in_the_chosen_language(env):
    result = okrbot("lint", str(env / "org.yaml"), "--format", "json", "--lang", "nl")
    assert result.exit_code == 1, result.output
    entries = json.loads(result.output)
    assert [e["key_result"] for e in entries] == [
        "NPS stijgt van 25 naar 45", "Eerste reactie binnen 2 uur", "Klantonderzoek uitvoeren",
        "Renewal rate from 70% to 85%", "Monthly churn stays below 3%"]
    assert entries[0] == {"objective": "Onze klanten zijn fan van onze dienstverlening",
                          "key_result": "NPS stijgt van 25 naar 45", "findings": []}
    [finding] = entries[2]["findings"]
    assert (finding["code"], finding["severity"]) == ("activity", "warning")
    assert finding["message"].startswith("„Klantonderzoek uitvoeren” beschrijft wat je gaat doen")


def test_lint_shows_an_objectives_own_findings_as_an_entry_without_key_result(env):
    lone = env / "lone.yaml"
    lone.write_text(WITH_AN_ACTIVITY.split("  - id: sales-growth")[0].replace(
        "objective: Onze klanten zijn fan van onze dienstverlening", "objective: NPS naar 45 in Q4"))
    entries = json.loads(okrbot("lint", str(lone), "--format", "json").output)
    assert entries[0]["key_result"] is None
    assert [f["code"] for f in entries[0]["findings"]] == ["metric_objective"]


def test_lint_rejects_an_invalid_file_with_the_importers_located_problems(env):
    bad = env / "bad.yaml"
    bad.write_text(SMALL_ORG.replace("locale: nl, manager: U_BRAM}", "locale: nl, manger: U_BRAM}", 1))
    result = okrbot("lint", str(bad))
    assert result.exit_code == 2
    assert "not linted" in result.output
    assert "line 5, people[0].manger: unknown field 'manger': did you mean 'manager'?" in result.output


def test_lint_refuses_an_unknown_format(env):
    assert okrbot("lint", str(env / "org.yaml"), "--format", "xml").exit_code != 0


def test_import_prints_the_linters_warnings_and_imports_anyway(env):
    result = okrbot("import", str(env / "org.yaml"))
    assert result.exit_code == 0, result.output
    assert "imported 4 people, 2 teams, 1 periods, 2 objectives, 5 key results" in result.output
    assert "the linter has 1 suggestion (okrbot lint" in result.output
    assert "  ✗ Klantonderzoek uitvoeren" in result.output
    assert "✓" not in result.output, "only what needs work"


def test_coach_in_the_terminal_drafts_from_a_template_without_a_key_and_says_how_to_save(env):
    result = okrbot("coach", "we", "keep", "shipping", "late", "--lang", "nl")
    assert result.exit_code == 0, result.output
    assert "Objective: We leveren wat we beloven, wanneer we het beloven" in result.output
    assert "zonder AI" in result.output
    assert "okrbot coach --as JOUW_ID" in result.output


def test_coach_without_text_explains_itself(env):
    result = okrbot("coach")
    assert result.exit_code == 2  # a usage error
    assert "Tell me what bothers you" in result.output


def test_coach_as_a_person_saves_the_draft_they_complete(env):
    today = date.today()  # the command runs on the wall clock: give it a period around today
    running = WITH_AN_ACTIVITY.replace("start: 2026-10-01, end: 2026-12-31",
                                       f"start: {today - timedelta(days=30)}, end: {today + timedelta(days=60)}")
    (env / "now.yaml").write_text(running)
    okrbot("import", str(env / "now.yaml"))
    numbers = {"1: baseline": "12", "1: target": "4", "2: baseline": "99.5", "2: target": "99.9", "3: baseline": "20",
               "3: target": "5"}
    prompts = ["Objective", "Level", "Type", "Aligns to"] + [
        f"{n}{part}" for n in (1, 2, 3, 4) for part in (" title", ": kind", ": baseline", ": target", ": unit")
    ] + ["save"]
    typed = "\n".join(numbers.get(prompt, "") for prompt in prompts) + "\n"
    result = okrbot("coach", "--as", "U_BEN", "too many outages and bugs", input=typed)
    assert result.exit_code == 0, result.output
    assert "Saved \"Our product is something people can rely on\" with 3 key results for 2026-Q4." in result.output


async def test_coach_uses_the_model_the_environment_names(env, monkeypatch):
    async with serving_model() as model:
        model.answer({"objective": "Releases people can count on", "key_results": [
            {"title": "Releases on the planned date", "kind": "increase", "unit": "%", "target": 90},
            {"title": "Hotfixes per release", "kind": "decrease", "unit": "hotfixes", "target": 1}]})
        for name, value in (("OPENAI_API_KEY", "sk-test"), ("OPENAI_BASE_URL", f"{model.url}/v1"),
                            ("OKRBOT_MODEL", "coach-model"), ("OKRBOT_AI_TIMEOUT", "1")):
            monkeypatch.setenv(name, value)
        result = await asyncio.to_thread(okrbot, "coach", "we keep shipping late")
    assert result.exit_code == 0, result.output
    assert "Objective: Releases people can count on" in result.output
    assert "Drafted by the AI coach" in result.output
    assert model.requests[0]["model"] == "coach-model"


def test_coach_in_the_terminal_drafts_on_topic_and_leaves_the_persons_words_alone(env):
    result = okrbot("coach", "we", "lose", "too", "many", "customers", "in", "their", "first", "month")
    assert result.exit_code == 0, result.output
    assert "Objective: Customers stay with us because we keep being worth it" in result.output
    assert "1. Share of new customers still active after 90 days" in result.output
    assert "increase to a target, in %, for example from 70 to 85" in result.output
    assert "About" not in result.output and "doesn't say" not in result.output
    hiring = okrbot("coach", "--lang", "nl", "we moeten 5 engineers aannemen")
    assert "Objective: Goede mensen komen bij ons werken op het moment dat we ze nodig hebben" in hiring.output
    assert "vergader" not in hiring.output


def _running_now(env) -> None:
    today = date.today()  # the command runs on the wall clock: give it a period around today
    running = WITH_AN_ACTIVITY.replace("start: 2026-10-01, end: 2026-12-31",
                                       f"start: {today - timedelta(days=30)}, end: {today + timedelta(days=60)}")
    (env / "now.yaml").write_text(running)
    okrbot("import", str(env / "now.yaml"))


def test_coach_as_a_person_never_offers_the_teams_objective_again(env):
    _running_now(env)
    typed = "\n" * 24 + "nee\n"
    result = okrbot("coach", "--as", "U_ANNA", "klanten", "klagen", "steeds", "vaker", input=typed)
    assert result.exit_code == 0, result.output
    assert "Objective [Klanten raden ons aan bij anderen]" in result.output
    assert "Je hebt deze periode al „Onze klanten zijn fan van onze dienstverlening”" in result.output
    assert "Objective [Onze klanten zijn fan van onze dienstverlening]" not in result.output
    assert "er is niets opgeslagen" in result.output


def test_coach_1on1_in_the_terminal_ends_with_where_to_start(env):
    _running_now(env)
    result = okrbot("coach", "--as", "U_BRAM", "1:1")
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("Begin bij „NPS stijgt van 25 naar 45” van Anna de Vries."), result.output
    assert "Vertel me in je eigen woorden" not in result.output
