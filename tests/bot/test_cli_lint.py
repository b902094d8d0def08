"""``okrbot lint`` on drafts: title-only YAML, plain text from a file or stdin, the chosen language, exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()

DRAFT = """\
okrs:
  - objective: Small shops choose us
    key_results:
      - title: Publish 6 customer stories
      - title: Shops reorder within 30 days
  - objective: Our team keeps its people
    key_results:
      - {title: Regretted attrition below 5%, kind: stay_below, target: 5}
      - title: Engagement score
"""
TEXT = """\
Small shops choose us
  Publish 6 customer stories
  Repeat orders from 20% to 35% of shops
We are the best
  Churn below 3%
  NPS from 20 to 40
"""


def okrbot(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture
def draft(tmp_path):
    path = tmp_path / "draft.yaml"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def test_a_title_only_draft_is_linted_and_exit_1_says_it_needs_work(draft):
    result = okrbot("lint", str(draft))
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[:2] == ["Small shops choose us", "  ✗ Publish 6 customer stories"]
    assert lines[2].startswith("      activity: “Publish 6 customer stories” counts work done (6 customer stories)")
    assert "  ✓ Shops reorder within 30 days" in lines
    assert "  ✗ Engagement score" in lines
    assert any(line.startswith("      no target: “Engagement score” doesn't say how much yet") for line in lines)
    assert lines[-1] == "4 key results: 2 look good, 2 need work."


def test_a_draft_that_looks_good_exits_0(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("okrs:\n  - objective: Small shops choose us\n    key_results:\n"
                    "      - title: Repeat orders from 20% to 35% of shops\n      - title: Churn below 3%\n")
    result = okrbot("lint", str(good))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "2 key results: 2 look good, 0 need work."


def test_plain_text_from_stdin_in_dutch_has_no_english_labels():
    result = okrbot("lint", "-", "--lang", "nl", input=TEXT)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[:2] == ["Small shops choose us", "  ✗ Publish 6 customer stories"]
    assert lines[2].startswith("      activiteit: „Publish 6 customer stories” telt werk (6 customer stories)")
    assert "  ✗ (het objective zelf)" in lines
    assert any(line.startswith("      slogan: „We are the best” klinkt strijdbaar") for line in lines)
    assert lines[-1] == "4 key results — in orde: 3, werk nodig: 1. Objectives met werk nodig: 1."
    for english in ("warning", "activity:", "look good", "the objective itself", "info"):
        assert english not in result.output


def test_a_markdown_file_and_a_bare_list_are_read_as_text(tmp_path):
    notes = tmp_path / "okrs.md"
    notes.write_text("## Small shops choose us\n- Repeat orders from 20% to 35% of shops\n- Churn below 3%\n")
    assert okrbot("lint", str(notes)).exit_code == 0
    result = okrbot("lint", "-", "--format", "json", input="Improve activation\nAdd 25 paying customers\n")
    assert result.exit_code == 1
    assert [(e["objective"], e["key_result"], [f["code"] for f in e["findings"]])
            for e in json.loads(result.output)] == [("", "Improve activation", ["vague"]),
                                                    ("", "Add 25 paying customers", [])]


def test_what_cannot_be_read_exits_2_with_a_reason(tmp_path, draft):
    missing = okrbot("lint", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2
    assert "cannot be read" in missing.output
    empty = okrbot("lint", "-", input="\n  \n")
    assert empty.exit_code == 2
    assert "nothing to lint" in empty.output
    typo = draft.parent / "typo.yaml"
    typo.write_text(DRAFT.replace("      - title: Shops reorder", "      - tittle: Shops reorder"))
    invalid = okrbot("lint", str(typo), "--lang", "nl")
    assert invalid.exit_code == 2
    assert "niet gecontroleerd, het bestand klopt niet" in invalid.output
    assert "line 5, okrs[0].key_results[1].tittle: unknown field 'tittle': did you mean 'title'?" in invalid.output
    assert okrbot("lint", str(draft), "--lang", "fr").exit_code == 2  # a usage error
