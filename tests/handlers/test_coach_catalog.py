"""The offline coach's catalog and topic rule: every draft key result is one the linter passes, and the coach
drafts on the topic people write about, in English and Dutch (the small version of bench/coach_topics.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from handlers.coach_catalog import all_topics, near_copy
from handlers.coach_topic import topic_of
from handlers.lint import KeyResultDraft, ObjectiveDraft, lint_key_result, lint_plan

BENCH = Path(__file__).resolve().parents[2] / "bench" / "coach_topics.py"
DOMAINS = {"sales", "marketing", "support", "product", "engineering", "people", "finance", "operations",
           "community", "personal"}


def _bench():
    spec = importlib.util.spec_from_file_location("coach_topics_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _key_results(texts: dict) -> tuple[KeyResultDraft, ...]:
    return tuple(KeyResultDraft(kr["title"], kr["kind"], *kr["example"], kr["unit"]) for kr in texts["key_results"])


def test_every_domain_has_sub_topics_in_both_languages_each_with_two_objectives_and_three_key_results():
    topics = {name: texts for name, texts in all_topics().items() if name != "generic"}
    assert {name.split(".")[0] for name in topics} == DOMAINS
    assert len(topics) >= 25
    for name, texts in topics.items():
        for language in ("en", "nl"):
            assert len(texts[language]["objectives"]) >= 2, (name, language)
            assert len(texts[language]["key_results"]) >= 3, (name, language)
        assert [kr["kind"] for kr in texts["en"]["key_results"]] == [kr["kind"] for kr in texts["nl"]["key_results"]]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_linter_passes_every_draft_objective_and_key_result_with_its_example_numbers(language):
    flagged = []
    for name, texts in all_topics().items():
        krs = _key_results(texts[language])
        flagged += [(name, kr.title, f.code) for kr in krs for f in lint_key_result(kr, language)]
        for objective in texts[language].get("objectives", []):
            plan = lint_plan([ObjectiveDraft(objective, krs)], language)
            flagged += [(name, objective, f.code) for entry in plan for f in entry.findings]
    assert flagged == []


def test_each_example_goes_the_way_its_key_result_should():
    for name, texts in all_topics().items():
        for language in ("en", "nl"):
            for kr in texts[language]["key_results"]:
                baseline, target = kr["example"]
                assert (target > baseline) == (kr["kind"] == "increase"), (name, kr["title"])


def test_the_coach_is_on_topic_for_at_least_nine_in_ten_labelled_frustrations_also_those_never_tuned_on():
    bench = _bench()
    cases = bench.cases()
    assert len(cases) >= 150
    for part in (cases, [c for c in cases if c["part"] == "held_out"],
                 [c for c in cases if c["lang"] == "en"], [c for c in cases if c["lang"] == "nl"]):
        assert sum(map(bench.on_topic, part)) / len(part) >= 0.9


@pytest.mark.parametrize(("text", "topic"), [
    ("klanten zeggen hun abonnement op na de eerste maand", "sales.retention"),
    ("We keep losing subscribers before their second invoice", "sales.retention"),
    ("we need three more data engineers by spring", "people.hiring"),
    ("our on-call people get woken up every night", "engineering.reliability"),
    ("de cloudkosten zijn verdubbeld", "finance.costs"),
    ("subscribtion cancelations are way up", "sales.retention"),
    ("coffee tastes awful", None),
])
def test_topics_are_read_from_stems_phrases_compounds_and_typos(text, topic):
    assert topic_of(text) == topic


def test_near_copies_are_told_apart_from_different_objectives():
    assert near_copy("Onze klanten zijn fan van onze dienstverlening",
                     "onze klanten zijn FAN van onze dienstverlening!")
    assert near_copy("Our customers are fans of our service", "Our customers are fans of the service")
    assert not near_copy("Customers recommend us to others", "Our customers are fans of our service")
    assert not near_copy("Customers choose us again", "Customers stay with us because we keep being worth it")
