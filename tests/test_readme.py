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
