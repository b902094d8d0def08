"""The linter's verdicts on the shapes people write key results in, with examples of our own, English and Dutch."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from handlers import _lint_rules as rules
from handlers.lint import KeyResultDraft, ObjectiveDraft, lint_key_result, lint_objective, needs_work
from prompts import t


def codes(title: str, kind: str | None = None, locale: str = "en", **fields) -> list[str]:
    return [f.code for f in lint_key_result(KeyResultDraft(title, kind, **fields), locale)]


def message(title: str, locale: str = "en") -> str:
    [finding] = lint_key_result(KeyResultDraft(title), locale)
    return finding.message


@pytest.mark.parametrize("title", [
    "Record 6 product videos", "Send 300 cold emails", "Host 2 meetups for developers",
    "Verstuur 150 nieuwsbrieven", "Geef 4 trainingen aan nieuwe collega's", "Wekelijks 3 posts op LinkedIn",
])
def test_a_count_of_work_is_still_work(title):
    assert codes(title) == ["activity"]


@pytest.mark.parametrize("title", [
    "Our designers deliver 5 mock-ups", "The sales team visited 30 dealers", "We are rolling out the new intranet",
    "Wij publiceren elke maand een whitepaper", "Het team herschrijft de handleiding",
    "Jullie richten een klantenpanel in", "De afdeling heeft 12 webinars georganiseerd",
])
def test_work_is_found_after_a_subject_in_any_tense_or_person(title):
    assert codes(title) == ["activity"]


@pytest.mark.parametrize("title", ["A buddy programme for new hires", "Een kennisbank voor de servicedesk",
                                   "Swagger docs for the billing API"])
def test_a_deliverable_named_as_a_thing_is_work(title):
    assert codes(title) == ["activity"]


@pytest.mark.parametrize(("title", "locale"), [
    ("Improve the partner experience", "en"), ("Better collaboration between teams", "en"),
    ("Meer focus op kwaliteit", "nl"), ("Het klantbelang staat centraal", "nl"),
    ("Het aantal verkochte abonnementen", "nl"),
])
def test_a_direction_without_a_target_is_vague(title, locale):
    findings = lint_key_result(KeyResultDraft(title), locale)
    assert [f.code for f in findings] == ["vague"]
    assert findings[0].message == t(locale, "lint.vague", title=title)


@pytest.mark.parametrize("title", [
    "Win three public tenders", "Ticket backlog halves", "Ledenaantal verdubbelt", "Revenue from partners doubles",
    "Energielabel van C naar A", "Security rating from grade C to A", "Every release passes the security scan",
    "De samenwerkingsovereenkomst met de provincie is ondertekend",
    "The framework agreement with the hospital group is signed", "Customers rate the app 4.5 stars every month",
    "Elke maand komen er twee nieuwe leden bij",
])
def test_a_measure_written_without_digits_is_measurable(title):
    assert codes(title) == []


@pytest.mark.parametrize("title", [
    "Add 40 new webshop customers", "Finish three half marathons", "Each sales rep closes 5 deals a month",
    "Voeg 30 betalende klanten toe", "Sign 4 new resellers in Belgium", "Gain 800 newsletter subscribers",
])
def test_results_that_others_produce_are_outcomes_even_after_a_verb(title):
    assert codes(title) == []


def test_a_measured_result_next_to_the_work_makes_it_an_outcome():
    assert codes("Launch the referral scheme with 300+ referrals a month") == []
    assert codes("Redesign the pricing page so that conversion rises from 2% to 3%") == []
    assert codes("Help center articles read by 35% of new users") == []
    assert codes("Launch the referral scheme") == ["activity"]


def test_words_are_matched_whole():
    assert not rules.is_metric_word("operates") and not rules.is_metric_word("times")
    assert rules.is_metric_word("rates") and rules.is_metric_word("klanttevredenheid")
    assert codes("Post on Facebook 4 times a week") == ["activity"]
    assert codes("Team operates 3 sites without incidents") == []


def test_a_comparison_before_people_reached_by_work_is_no_measure():
    assert codes("at least 60 dealers visited") == ["activity"]
    assert codes("minstens 60 dealers bezocht", locale="nl") == ["activity"]
    assert codes("At least 60 dealers reorder within a month") == []


def test_milestone_does_not_exempt_work_or_wishes():
    assert codes("Improve onboarding", "milestone") == ["vague"]
    assert codes("Intranet opschonen", "milestone", "nl") == ["activity"]
    assert codes("Partner agreement signed", "milestone") == []


def test_the_count_message_asks_what_the_work_would_change_with_an_outcome_of_its_topic():
    english = message("Record 6 product videos")
    assert "What would 6 product videos change?" in english
    assert t("en", "lint.example.marketing") in english
    dutch = message("Stuur 20 offertes uit", "nl")
    assert "Wat moeten die 20 offertes veranderen?" in dutch
    assert t("nl", "lint.example.sales") in dutch


def test_each_shape_of_work_explains_itself_differently_in_both_languages():
    for locale in ("en", "nl"):
        shapes = {message(title, locale) for title in ("Hire a data analyst", "Hire 3 data analysts",
                                                        "A buddy programme for new hires")}
        assert len(shapes) == 3
    assert t("nl", "lint.example.hiring") in message("Twee ontwikkelaars aannemen", "nl")


def test_a_target_below_the_baseline_of_an_increase_is_the_wrong_direction():
    assert codes("Churn", "increase", baseline=6.0, target=4.0) == ["wrong_direction"]
    [finding] = lint_key_result(KeyResultDraft("Wachttijd", "decrease", 3.0, 5.0), "nl")
    assert finding.message == t("nl", "lint.wrong_direction.decrease", title="Wachttijd", baseline="3", target="5")


@pytest.mark.parametrize(("title", "locale"), [("We want to be number one", "en"), ("Simply the best", "en"),
                                               ("Wij zijn de beste", "nl"), ("Excellentie", "nl")])
def test_an_objective_that_only_cheers_gets_its_own_finding(title, locale):
    krs = (KeyResultDraft("Churn below 3%", "stay_below", target=3), KeyResultDraft("NPS from 20 to 40"))
    findings = lint_objective(ObjectiveDraft(title, krs), locale)
    assert [f.code for f in findings] == ["slogan_objective"]
    assert needs_work(findings)


def test_an_objective_with_a_real_change_in_it_is_no_slogan():
    krs = (KeyResultDraft("Churn below 3%", "stay_below", target=3), KeyResultDraft("NPS from 20 to 40"))
    assert lint_objective(ObjectiveDraft("Be the first bank small farmers call", krs)) == []
    assert [f.code for f in lint_objective(ObjectiveDraft("Omzet +30%", krs), "nl")] == ["metric_objective"]
    assert [f.code for f in lint_objective(ObjectiveDraft("Subscription revenue triples", krs))] == ["metric_objective"]
    assert lint_objective(ObjectiveDraft("Double down on the shops that love us", krs)) == []


# --- the labelled set of other people's key results ----------------------------------------------------------

CORPUS = yaml.safe_load(Path(__file__).with_name("lint_corpus.yaml").read_text(encoding="utf-8"))


def test_the_labelled_set_is_big_bilingual_sourced_and_has_a_held_out_part():
    assert len(CORPUS) >= 400
    assert {item["label"] for item in CORPUS} == {"outcome", "activity", "vague"}
    for lang in ("en", "nl"):
        part = [item for item in CORPUS if item["lang"] == lang]
        assert len(part) >= 150
        assert {item["split"] for item in part} == {"tuned", "heldout"}
    assert all(item["source"].startswith(("https://", "github:")) for item in CORPUS)
    assert [item["split"] == "heldout" for item in CORPUS] == [i % 4 == 3 for i in range(len(CORPUS))]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_linter_agrees_with_the_labels_on_the_tuned_part(lang):
    items = [item for item in CORPUS if item["split"] == "tuned" and item["lang"] == lang]
    tp = fp = fn = 0
    wrong = []
    for item in items:
        got = needs_work(lint_key_result(KeyResultDraft(item["title"]), lang))
        want = item["label"] != "outcome"
        tp, fp, fn = tp + (got and want), fp + (got and not want), fn + (want and not got)
        if got != want:
            wrong.append(f"{item['label']}: {item['title']}")
    assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.95, "\n".join(wrong)


@pytest.mark.parametrize(("title", "locale"), [
    ("Share of trial accounts that invite a colleague in week one", "en"),
    ("Average rating of the onboarding call", "en"),
    ("Deel van de offertes dat binnen een week wordt getekend", "nl"),
    ("Gemiddeld aantal dagen tot de eerste factuur", "nl"),
])
def test_the_name_of_a_measure_with_a_direction_is_no_activity_even_when_it_starts_like_a_verb(title, locale):
    assert "activity" not in [f.code for f in lint_key_result(KeyResultDraft(title, "increase"), locale)]
