"""The README's two quick-start commands stay true: CI runs the test command verbatim."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_the_quick_start_has_a_demo_command_and_a_test_command():
    demo, tests = quick_start_commands()
    assert demo.endswith("okrbot demo")
    assert tests.endswith("pytest -q")


def test_ci_runs_the_readme_test_command_verbatim():
    _, tests = quick_start_commands()
    assert tests in (ROOT / ".ci" / "run").read_text().splitlines()


def test_the_example_organisation_is_the_one_the_readme_names():
    assert (ROOT / "examples" / "org.yaml").exists()


def cycle_commands() -> list[str]:
    """The chat commands of the table in "The cycle as a person lives it", as typed in the console: Slack's
    ``/okr`` and Teams' ``@okrbot`` in front taken off."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### The cycle as a person lives it", 1)[1].split("\n**", 1)[0]
    rows = [line.strip().strip("|").split("|")[2:] for line in section.splitlines() if line.startswith("| ")]
    spans = [span for row in rows[1:] for cell in row for span in re.findall(r"`([^`]+)`", cell) if span != "/okr"]
    return list(dict.fromkeys(span.removeprefix("/okr ").removeprefix("@okrbot ") for span in spans))


async def test_every_command_the_cycle_names_is_one_the_bot_knows(sessions, load_org):
    from datetime import UTC, datetime

    from handlers.commands import handle_command
    from models.db import transaction
    from models.people_queries import person_by_platform_id

    await load_org((ROOT / "examples" / "org.yaml").read_text())
    commands = cycle_commands()
    assert {"plan carry 1", "agree", "1on1 plan @Anna", "skip", "premortem"} <= set(commands)
    now = datetime(2026, 12, 22, 10, tzinfo=UTC)  # the planning round of 2027-Q1 is open
    for command in commands:
        async with transaction(sessions) as session:
            lead = await person_by_platform_id(session, platform_user_id="U01BRAM")
            lead.locale = "en"
            answer = await handle_command(session, person=lead, text=command, now=now)
        unknown = answer.kind == "help" and answer.blocks[0].style == "error"
        assert not unknown, f"{command!r} is not a command the bot knows"
