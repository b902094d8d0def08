"""What ``okrbot lint`` reads: draft YAML with title-only key results, and plain text in the shapes people paste."""

from __future__ import annotations

import pytest

from handlers.importer import ImportRejected
from handlers.lint_draft import lint_text, lint_yaml, read_text

TITLE_ONLY = """\
okrs:
  - objective: Small shops choose us
    key_results:
      - title: Publish 6 customer stories
      - title: Shops that reorder within 30 days
      - {title: Churn from 5% to 3%, kind: decrease, baseline: 5, target: 3}
"""


def test_a_key_result_with_only_a_title_is_linted_not_refused():
    entries = lint_yaml(TITLE_ONLY, "en")
    assert [(e.key_result, [f.code for f in e.findings]) for e in entries] == [
        ("Publish 6 customer stories", ["activity"]),
        ("Shops that reorder within 30 days", []),
        ("Churn from 5% to 3%", []),
    ]


def test_an_objective_without_key_results_or_owner_is_a_finding_too():
    entries = lint_yaml("okrs:\n  - objective: Small shops choose us\n", "nl")
    assert [f.code for f in entries[0].findings] == ["too_few_krs"]


def test_a_typo_in_a_field_name_gets_a_suggestion_and_a_line():
    with pytest.raises(ImportRejected) as rejected:
        lint_yaml(TITLE_ONLY.replace("      - title: Publish", "      - titel: Publish"), "en")
    assert sorted(map(str, rejected.value.problems)) == [
        "line 4, okrs[0].key_results[0].titel: unknown field 'titel': did you mean 'title'?",
        "line 4, okrs[0].key_results[0].title: is missing (required)",
    ]


def test_an_empty_list_and_a_wrong_kind_are_said_in_words():
    with pytest.raises(ImportRejected) as rejected:
        lint_yaml("okrs:\n  - objective: Grow\n    key_results:\n      - {title: X, kind: up}\n", "en")
    assert [p.reason for p in rejected.value.problems] == [
        "'up' is not one of 'increase', 'decrease', 'stay_above', 'stay_below' or 'milestone'"]


def test_indented_key_results_belong_to_the_unindented_objective_above():
    plan = read_text("Small shops choose us\n  Publish 6 customer stories\n\tChurn below 3%\nTeam is proud\n"
                     "    Regretted attrition below 5%\n")
    assert [(o.title, [k.title for k in o.key_results]) for o in plan.objectives] == [
        ("Small shops choose us", ["Publish 6 customer stories", "Churn below 3%"]),
        ("Team is proud", ["Regretted attrition below 5%"]),
    ]
    assert plan.loose == ()


def test_markdown_headings_and_bullets_and_labels_are_read():
    plan = read_text("## Objective 1: Small shops choose us\n- KR1: Publish 6 customer stories\n"
                     "- KR2: Churn below 3%\n\n## O2 - Team is proud\n* Regretted attrition below 5%\n")
    assert [(o.title, [k.title for k in o.key_results]) for o in plan.objectives] == [
        ("Small shops choose us", ["Publish 6 customer stories", "Churn below 3%"]),
        ("Team is proud", ["Regretted attrition below 5%"]),
    ]


def test_plain_lines_with_bullets_under_them_are_objectives_and_key_results():
    plan = read_text("Klanten blijven\n- Churn onder 3%\n- Klantonderzoek uitvoeren\n")
    assert [(o.title, len(o.key_results)) for o in plan.objectives] == [("Klanten blijven", 2)]


def test_a_bare_list_is_a_list_of_key_results():
    plan = read_text("Publish 6 customer stories\nChurn below 3%\n")
    assert plan.objectives == ()
    assert [k.title for k in plan.loose] == ["Publish 6 customer stories", "Churn below 3%"]
    entries = lint_text("- Publish 6 customer stories\n- Churn below 3%\n", "en")
    assert [(e.objective, e.key_result, [f.code for f in e.findings]) for e in entries] == [
        ("", "Publish 6 customer stories", ["activity"]), ("", "Churn below 3%", [])]
