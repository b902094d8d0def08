"""Every text follows prompts/glossary.yaml: one word per concept in each language, the chosen Dutch articles, Dutch
quote marks, no English words where Dutch has its own. A translation that slips in a variant fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from prompts import catalog

GLOSSARY = yaml.safe_load((Path(__file__).parents[2] / "prompts" / "glossary.yaml").read_text(encoding="utf-8"))
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def checked_texts(locale: str) -> dict[str, str]:
    """Each text as a reader sees it, without its placeholders; the word lists people type are left out."""
    return {key: PLACEHOLDER.sub("…", text) for key, text in catalog(locale).items()
            if key not in GLOSSARY["parsing_keys"]}


def forbidden(locale: str) -> list[tuple[str, str]]:
    return [(variant, term[locale]) for term in GLOSSARY["terms"] for variant in term.get(f"{locale}_forbidden", ())]


def found(variant: str, text: str) -> bool:
    edges = (r"(?<!\w)" if variant[0].isalnum() else "", r"(?!\w)" if variant[-1].isalnum() else "")
    return re.search(edges[0] + re.escape(variant) + edges[1], text, re.IGNORECASE) is not None


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_no_text_uses_a_forbidden_variant_of_a_glossary_word(locale):
    slips = [f"{key}: {variant!r} (write {chosen!r})" for key, text in checked_texts(locale).items()
             for variant, chosen in forbidden(locale) if found(variant, text)]
    assert slips == []


def test_dutch_quotes_with_dutch_quote_marks():
    marks = GLOSSARY["quotes"]["nl"]["forbidden"]
    slips = [key for key, text in checked_texts("nl").items() if any(mark in text for mark in marks)]
    assert slips == []


def test_dutch_speaks_to_people_as_je_never_as_u():
    slips = [key for key, text in checked_texts("nl").items() if re.search(r"(?<!\w)(u|uw)(?!\w)", text)]
    assert slips == []


def test_every_dutch_loan_word_has_its_article_decided():
    loans = {term["nl"]: term.get("nl_article") for term in GLOSSARY["terms"] if term["nl"] == term["en"]}
    assert loans and all(article in ("de", "het") for article in loans.values()), loans


@pytest.mark.parametrize(("text", "variant"), [
    ("Een nieuwe objective voor Q4", "nieuwe objective"),
    ("Je noemde een blokkade bij NPS", "blokkade"),
    ("Ik ben tevreden over mijn teamleider.", "teamleider"),
    ("My lead zooms out", "my lead"),
])
def test_the_check_would_catch_the_variants_a_translation_slips_in(text, variant):
    assert found(variant, text)
