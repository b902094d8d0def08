"""The OKR linter: labelled key results, one story per rule, both languages, and odd input."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
import yaml

from handlers.lint import (
    Finding,
    KeyResultDraft,
    ObjectiveDraft,
    PlanEntry,
    lint_key_result,
    lint_objective,
    lint_plan,
    needs_work,
)
from prompts import catalog, t

CASES = yaml.safe_load(Path(__file__).with_name("lint_cases.yaml").read_text(encoding="utf-8"))
LOCALES = Path(__file__).resolve().parents[2] / "prompts" / "locales"


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def kr(title: str, kind: str | None = None, baseline: float | None = None, target: float | None = None):
    return KeyResultDraft(title, kind, baseline, target)


def good_krs(n: int) -> tuple[KeyResultDraft, ...]:
    return tuple(kr(f"Churn below {i + 1}%", "stay_below", target=i + 1) for i in range(n))


FANS = "Our customers are fans of our service"


def objective(title: str = FANS, owner: str = "anna", period: str = "2026-Q4") -> ObjectiveDraft:
    return ObjectiveDraft(title, good_krs(3), owner, period)


# --- the labelled set ----------------------------------------------------------------------------------


def test_labelled_set_is_big_enough_and_bilingual():
    locales = [c["locale"] for c in CASES]
    assert len(CASES) >= 60
    assert 0.4 <= locales.count("nl") / len(CASES) <= 0.6
    assert {c["needs_work"] for c in CASES} == {True, False}


def test_labelled_key_results_get_the_expected_verdict():
    wrong = []
    tp = fp = fn = 0
    for case in CASES:
        draft = KeyResultDraft(case["title"], case["kind"], case["baseline"], case["target"], case["unit"])
        got = needs_work(lint_key_result(draft, case["locale"]))
        tp += got and case["needs_work"]
        fp += got and not case["needs_work"]
        fn += not got and case["needs_work"]
        if got != case["needs_work"]:
            wrong.append(f"{case['title']!r}: expected needs_work={case['needs_work']}")
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.9 and recall >= 0.9, "\n".join(wrong)
    assert len(wrong) <= 0.1 * len(CASES), "\n".join(wrong)


# --- rule 1: activity instead of outcome ---------------------------------------------------------------


def test_english_activity_key_result_gets_an_english_suggestion():
    findings = lint_key_result(kr("Run a customer survey", "milestone"), "en")
    assert codes(findings) == ["activity"]
    assert findings[0].severity == "warning"
    assert findings[0].message == t("en", "lint.activity", title="Run a customer survey",
                                    example=t("en", "lint.example.research"))


def test_dutch_activity_key_result_gets_a_dutch_suggestion():
    findings = lint_key_result(kr("Klantonderzoek uitvoeren", "milestone"), "nl")
    assert codes(findings) == ["activity"]
    assert findings[0].message == t("nl", "lint.activity", title="Klantonderzoek uitvoeren",
                                    example=t("nl", "lint.example.research"))
    assert "in plaats van" in findings[0].message


@pytest.mark.parametrize(
    "title",
    [
        "een workshop organiseren",  # verb at the end
        "We gaan een nieuwe website bouwen",  # "gaan" + infinitive
        "Voer een klanttevredenheidsonderzoek uit",  # separable verb, imperative
        "Kennisbank opzetten voor het supportteam",  # infinitive mid-sentence
        "SSO is geïmplementeerd voor alle klanten",  # participle
        "3 nieuwe features live zetten",
    ],
)
def test_dutch_ways_of_saying_what_you_will_do_are_activities(title):
    assert "activity" in codes(lint_key_result(kr(title, "milestone"), "nl"))


@pytest.mark.parametrize(
    "title",
    [
        "We will build a new website",
        "Partner portal launched in Q3",
        "Launched the partner portal",
        "Go live with the CRM",
    ],
)
def test_english_ways_of_saying_what_you_will_do_are_activities(title):
    assert "activity" in codes(lint_key_result(kr(title, "milestone")))


@pytest.mark.parametrize(
    "title",
    [
        "Increase NPS from 25 to 45",
        "Verhoog de NPS van 25 naar 45",
        "Deploy frequency from 2 to 10 per week",
        "Test coverage of the billing service above 80%",
        "Klanten geven ons gemiddeld een 8,5 of hoger",
        "80% of tickets answered within 4 hours",
    ],
)
def test_a_measured_change_is_an_outcome_even_when_it_starts_with_a_verb(title):
    assert lint_key_result(kr(title, "increase", baseline=1, target=2)) == []


def test_counting_activities_is_still_an_activity():
    assert "activity" in codes(lint_key_result(kr("Launch 3 features", "increase", 0, 3)))
    assert "activity" in codes(lint_key_result(kr("Organiseer 3 workshops", "increase", 0, 3), "nl"))


def test_a_deadline_does_not_make_an_activity_measurable():
    assert "activity" in codes(lint_key_result(kr("Implement SSO within 2 months", "milestone")))
    dutch = kr("Alle servers migreren binnen 3 maanden", "milestone")
    assert "activity" in codes(lint_key_result(dutch, "nl"))


def test_dutch_onder_meaning_among_is_not_a_threshold():
    survey = kr("Klantenquête afnemen onder 500 klanten", "milestone")
    assert "activity" in codes(lint_key_result(survey, "nl"))
    assert lint_key_result(kr("Reactietijd op chats onder 1 minuut", "stay_below", target=1), "nl") == []


def test_a_metric_name_that_starts_with_a_verb_is_fine_when_a_target_is_set():
    assert lint_key_result(kr("Build success rate on main", "increase", 82, 97)) == []
    assert "activity" in codes(lint_key_result(kr("Build a status page", "increase", 0, 1)))


# --- rule 2: not measurable ----------------------------------------------------------------------------


def test_a_key_result_without_number_or_target_is_not_measurable():
    findings = lint_key_result(kr("Customer happiness"))
    assert codes(findings) == ["no_target"]
    assert findings[0].severity == "warning"


def test_a_target_in_the_fields_makes_it_measurable_and_only_the_baseline_is_a_tip():
    findings = lint_key_result(kr("Customer satisfaction", "increase", target=8.5))
    assert codes(findings) == ["no_baseline"]
    assert findings[0].severity == "info"
    assert not needs_work(findings)


def test_a_date_or_quarter_is_not_a_target():
    assert codes(lint_key_result(kr("Customer happiness by 1 March"))) == ["no_target"]
    assert codes(lint_key_result(kr("Klanttevredenheid in Q3"), "nl")) == ["no_target"]
    assert codes(lint_key_result(kr("Klanttevredenheid verbeteren in Q3"), "nl")) == ["vague"]


def test_a_milestone_needs_no_number():
    assert lint_key_result(kr("ISO certification achieved", "milestone")) == []


def test_a_from_to_title_already_states_the_baseline():
    assert lint_key_result(kr("NPS from 25 to 45", "increase", target=45)) == []
    assert codes(lint_key_result(kr("NPS up to 45", "increase", target=45))) == ["no_baseline"]


def test_stay_kinds_need_no_baseline():
    assert lint_key_result(kr("Churn below 3%", "stay_below", target=3)) == []


# --- rules 3 and 5: the objective itself ---------------------------------------------------------------


@pytest.mark.parametrize(("count", "expected"), [(0, ["too_few_krs"]), (1, ["too_few_krs"]), (2, []), (5, []),
                                                 (6, ["too_many_krs"])])
def test_an_objective_has_two_to_five_key_results(count, expected):
    obj = ObjectiveDraft(FANS, good_krs(count))
    assert codes(lint_objective(obj)) == expected


def test_too_few_key_results_says_how_many_in_dutch():
    [finding] = lint_objective(ObjectiveDraft("Klanten zijn fan", good_krs(1)), "nl")
    assert finding.message.startswith("Objective „Klanten zijn fan” heeft 1 key result (2 tot 5 maken een goed "
                                      "objective): ")


def test_an_objective_that_reads_as_a_metric_gets_a_tip_to_move_the_number():
    findings = lint_objective(ObjectiveDraft("Increase revenue by 20%", good_krs(3)))
    assert codes(findings) == ["metric_objective"]
    assert findings[0].severity == "info"
    assert codes(lint_objective(ObjectiveDraft("NPS 45", good_krs(2)), "nl")) == ["metric_objective"]


def test_a_year_or_quarter_in_an_objective_is_not_a_metric():
    assert lint_objective(ObjectiveDraft("Best place to work in 2026", good_krs(2))) == []
    assert lint_objective(ObjectiveDraft("Klaar voor groei in Q4", good_krs(2))) == []


# --- rule 6: duplicates --------------------------------------------------------------------------------


def test_a_repeated_key_result_is_flagged_once_ignoring_case_and_punctuation():
    krs = (kr("Churn below 3%", "stay_below", target=3), kr("KR2: churn below 3 %!", "stay_below", target=3),
           kr("NPS from 25 to 45", "increase", 25, 45))
    obj = ObjectiveDraft("Customers stay with us", krs)
    assert codes(lint_objective(obj)) == ["duplicate_kr"]
    entries = lint_plan([obj])
    assert [codes(e.findings) for e in entries] == [[], ["duplicate_kr"], []]
    assert entries[1].key_result == "KR2: churn below 3 %!"


# --- rule 4 and the plan -------------------------------------------------------------------------------


def objective_entries(entries: list[PlanEntry]) -> list[PlanEntry]:
    return [e for e in entries if e.key_result is None]


def test_the_sixth_objective_of_one_owner_in_one_period_is_one_too_many():
    plan = [objective(f"Objective {n}", owner="anna") for n in "ABCDEF"]
    entries = objective_entries(lint_plan(plan))
    flagged = [e.objective for e in entries if "too_many_objectives" in codes(e.findings)]
    assert flagged == ["Objective F"]


def test_five_objectives_are_fine():
    plan = [objective(f"Objective {n}") for n in "ABCDE"]
    assert objective_entries(lint_plan(plan)) == []


def test_six_objectives_over_two_periods_are_fine():
    periods = ["2026-Q3", "2026-Q4"] * 3
    plan = [objective(f"Objective {n}", period=p) for n, p in zip("ABCDEF", periods, strict=True)]
    assert objective_entries(lint_plan(plan)) == []


def test_objectives_are_counted_per_owner():
    owners = ["anna", "team-support"] * 3
    plan = [objective(f"Objective {n}", owner=o) for n, o in zip("ABCDEF", owners, strict=True)]
    assert objective_entries(lint_plan(plan)) == []


def test_too_many_objectives_names_owner_and_period_or_falls_back_in_dutch():
    plan = [objective(f"Doel {n}", owner="", period="") for n in "ABCDEF"]
    [entry] = objective_entries(lint_plan(plan, "nl"))
    assert "deze eigenaar" in entry.findings[0].message and "deze periode" in entry.findings[0].message


def test_a_plan_has_one_entry_per_key_result_and_one_for_an_objective_with_findings():
    good = objective(FANS)
    bare = ObjectiveDraft("Happy team", ())
    entries = lint_plan([good, bare])
    assert [(e.objective, e.key_result) for e in entries] == [
        (FANS, "Churn below 1%"),
        (FANS, "Churn below 2%"),
        (FANS, "Churn below 3%"),
        ("Happy team", None),
    ]
    assert codes(entries[-1].findings) == ["too_few_krs"]


# --- needs_work, locales and odd input -----------------------------------------------------------------


def test_only_warnings_make_a_draft_need_work():
    assert not needs_work([Finding("no_baseline", "info", "tip")])
    assert needs_work([Finding("no_baseline", "info", "tip"), Finding("activity", "warning", "fix")])
    assert not needs_work([])


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def flat(data: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        out.update(flat(value, f"{prefix}{key}.") if isinstance(value, dict) else {f"{prefix}{key}": value})
    return out


def test_both_locale_files_have_the_same_keys_and_placeholders():
    en, nl = (flat(yaml.safe_load((LOCALES / loc / "lint.yaml").read_text("utf-8"))) for loc in ("en", "nl"))
    assert en.keys() == nl.keys()
    assert {k: placeholders(v) for k, v in en.items()} == {k: placeholders(v) for k, v in nl.items()}
    assert all(en[k] != nl[k] for k in en)


def written_from(message: str, code: str, locale: str) -> bool:
    """Whether ``message`` is one of the ``code`` templates of ``locale`` with its placeholders filled in."""
    templates = [text for key, text in catalog(locale).items() if key.startswith(f"lint.{code}")]
    for template in templates:
        parts = [re.escape(literal) + (".*?" if name is not None else "")
                 for literal, name, _, _ in string.Formatter().parse(template)]
        if re.fullmatch("".join(parts), message, flags=re.S):
            return True
    return False


def test_every_finding_message_is_in_the_requested_locale():
    drafts = [kr("Write the documentation"), kr("NPS", "increase", target=40), kr(""), kr("Customer happiness"),
              kr("Better onboarding"), kr("Churn", "increase", baseline=5, target=3), kr("Publish 4 case studies"),
              kr("A mentoring programme for new team leads")]
    obj = ObjectiveDraft("", (*drafts, kr("nps", "increase", target=40), *good_krs(3)))
    plan = [objective(f"Objective {n}", owner="", period="") for n in "ABCDEF"]
    plan += [obj, ObjectiveDraft("Revenue +20%", good_krs(1)), ObjectiveDraft("We are the best", good_krs(2))]
    seen = set()
    for locale, other in (("en", "nl"), ("nl", "en")):
        findings = [f for d in drafts for f in lint_key_result(d, locale)] + lint_objective(obj, locale)
        findings += [f for entry in lint_plan(plan, locale) for f in entry.findings]
        for f in findings:
            assert written_from(f.message, f.code, locale), (locale, f)
            assert not written_from(f.message, f.code, other), (locale, f)
        seen |= set(codes(findings))
    assert seen == {"activity", "no_target", "no_baseline", "empty_title", "too_few_krs", "too_many_krs",
                    "duplicate_kr", "too_many_objectives", "metric_objective", "vague", "wrong_direction",
                    "slogan_objective"}


def test_a_regional_locale_gets_its_language_and_an_unknown_one_english():
    [nl_finding] = lint_key_result(kr("Klantonderzoek uitvoeren", "milestone"), "nl-NL")
    [fallback] = lint_key_result(kr("Klantonderzoek uitvoeren", "milestone"), "fr")
    assert nl_finding.message.startswith("„")
    assert fallback.message == t("en", "lint.activity", title="Klantonderzoek uitvoeren",
                                 example=t("en", "lint.example.research"))


@pytest.mark.parametrize("title", ["", "   ", None, "!!!", "KR1:"])
def test_an_empty_title_is_a_finding_not_a_crash(title):
    assert codes(lint_key_result(KeyResultDraft(title))) == ["empty_title"]  # type: ignore[arg-type]
    obj = ObjectiveDraft(title, good_krs(2))  # type: ignore[arg-type]
    assert codes(lint_objective(obj, "nl")) == ["empty_title"]


def test_odd_input_never_raises():
    odd = [
        KeyResultDraft("Churn below 3%", kind="Stay-Below", target=3),
        KeyResultDraft("x" * 500, kind="weird"),
        KeyResultDraft("{title} and {0}", kind=None),
        KeyResultDraft("100%"),
    ]
    for draft in odd:
        lint_key_result(draft, "nl")
    plan = [ObjectiveDraft("X", None, owner=None, period=None), ObjectiveDraft("Y", list(odd))]  # type: ignore[arg-type]
    assert lint_plan(plan)
    assert lint_key_result(odd[0]) == []
    assert len(lint_key_result(odd[1])[0].message) < 400
