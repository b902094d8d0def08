"""The survey catalogs: what each survey asks, in English and in Dutch, with the same keys."""

from __future__ import annotations

from handlers.survey_catalog import OPEN_QUESTIONS, builtin_keys, statements
from prompts import catalog


def survey_texts(locale: str) -> dict[str, str]:
    return {k: v for k, v in catalog(locale).items() if k.startswith("surveys.")}


def test_every_survey_text_and_catalog_key_exists_in_english_and_dutch():
    english, dutch = survey_texts("en"), survey_texts("nl")
    assert english.keys() == dutch.keys()
    statement_keys = [k for k in english if k.startswith("surveys.statements.")]
    assert len(statement_keys) == 9
    untranslated = [k for k in statement_keys + [k for k in english if k.startswith("surveys.questions.")]
                    if english[k] == dutch[k]]
    assert untranslated == []


def test_the_catalogs_hold_what_the_surveys_ask():
    assert builtin_keys("mood_development") == ("speed", "address_behaviour", "feedback", "career", "strengths")
    assert builtin_keys("mood_leadership") == ("satisfied", "zooms_out", "challenges", "example")
    assert OPEN_QUESTIONS == {"premortem": ("failure", "minimum", "story", "gain"),
                              "reflection": ("achieved", "learned", "differently", "closeness", "one_up")}
    career = next(s for s in statements("mood_development", "nl") if s.key == "career")
    assert (career.text, career.tag) == ("Ik zie hier een aantrekkelijk loopbaanpad voor mezelf.", "#Growth")
    tags = {s.key: s.tag for s in statements("mood_leadership", "en")}
    assert tags == {"satisfied": "#JobSatisfaction", "zooms_out": "#Leadership", "challenges": "#Feedback #Leadership",
                    "example": "#Leadership"}
