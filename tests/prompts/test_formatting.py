"""Numbers read as people write them: a confidence average of 6.666… is "6,7" to a Dutch manager and "6.7" to an
English one, never "6.666666666666667" or "5.0"; a value someone typed keeps its digits; 100% means done."""

from __future__ import annotations

from datetime import date

import pytest

from bot.console_render import render
from handlers.prep_message import confidence_text
from handlers.prep_model import ObjectiveChange
from handlers.progress import grade
from handlers.recap import ObjectiveRecap, TeamRecap
from handlers.recap_message import recap_message
from prompts.formatting import bar, clip, day_in_words, measure, number, percent, typed_number


@pytest.mark.parametrize(("value", "english", "dutch"), [
    (5.5, "5.5", "5,5"),
    (5.0, "5", "5"),  # no trailing ".0"
    (20 / 3, "6.7", "6,7"),  # one decimal at most
    (6.25, "6.3", "6,3"),  # half up, as people round (Python's round() says 6.2)
    (5.55, "5.6", "5,6"),
    (0.1 + 0.2, "0.3", "0,3"),
    (42, "42", "42"),
    (-0.04, "0", "0"),  # never "-0"
    (1234.5, "1234.5", "1234,5"),
    (None, "–", "–"),
])
def test_numbers_rounded_in_dutch_and_english(value, english, dutch):
    assert (number("en", value), number("nl", value)) == (english, dutch)


@pytest.mark.parametrize(("value", "english", "dutch"), [
    (99.95, "99.95", "99,95"),  # an uptime target: rounding it to 100 would make a threshold look held
    (0.05, "0.05", "0,05"),
    (2.4, "2.4", "2,4"),
    (120.0, "120", "120"),
    (0.1 + 0.2, "0.3", "0,3"),  # float noise goes
])
def test_a_typed_value_keeps_the_digits_its_author_gave(value, english, dutch):
    assert (typed_number("en", value), typed_number("nl", value)) == (english, dutch)
    assert measure("nl", value, 300, "%") == f"{dutch}% → doel 300%"


@pytest.mark.parametrize(("progress", "shown", "cells"), [
    (0.125, "13%", 1), (0.5, "50%", 5), (0.996, "99%", 9), (1.0, "100%", 10), (0.0, "0%", 0)])
def test_a_percentage_is_whole_and_100_only_when_it_is_all_there(progress, shown, cells):
    assert percent(progress) == shown and bar(progress).count("▓") == cells


def test_every_message_prints_averages_the_same_way_in_both_languages():
    """The prep digest's objective confidence and the recap's confidence path, in Dutch and in English."""
    objective = ObjectiveChange("Fans", 0.5, 0.4, 20 / 3, 5.5, ())
    assert confidence_text(objective, "nl") == "5,5 → 6,7 (▲)"
    assert confidence_text(objective, "en") == "5.5 → 6.7 (▲)"
    recap = TeamRecap(1, "Support", "2026-Q4", (ObjectiveRecap(
        1, "Fans", "aspirational", 0.72, grade("aspirational", 0.72),
        ((date(2026, 10, 5), 5.0), (date(2026, 10, 12), 20 / 3), (date(2026, 10, 19), 5.5)), ()),))
    assert "vertrouwen door de periode heen: 5 → 6,7 → 5,5" in render(recap_message(recap, locale="nl", chart=None))
    assert "confidence over the period: 5 → 6.7 → 5.5" in render(recap_message(recap, locale="en", chart=None))


def test_a_threshold_nobody_reported_on_shows_no_value_rather_than_its_target():
    assert measure("en", None, 7, "score", "stay_above") == "no value yet (should stay above 7)"
    assert measure("nl", None, 2.5, "%", "stay_below") == "nog geen waarde (hoort onder 2,5% te blijven)"


@pytest.mark.parametrize(("kind", "value", "target", "unit", "english", "dutch"), [
    ("decrease", 39, 4, "h", "39 h → target 4 h", "39 h → doel 4 h"),
    ("decrease", 5.9, 2, "uur", "5.9 uur → target 2 uur", "5,9 uur → doel 2 uur"),
    ("decrease", 3.5, 4, "h", "3.5 h → target 4 h ✓", "3,5 h → doel 4 h ✓"),
    ("decrease", 96, 40, "tickets", "96 tickets → target 40 tickets", "96 tickets → doel 40 tickets"),
    ("increase", 32, 45, "NPS", "32 NPS → target 45 NPS", "32 NPS → doel 45 NPS"),
    ("increase", 54, 60, "%", "54% → target 60%", "54% → doel 60%"),
    ("stay_above", 7.2, 7, "score", "7.2 score (stays above 7 ✓)", "7,2 score (blijft boven 7 ✓)"),
    ("stay_above", 6.5, 7, "", "6.5 (should stay above 7 ✗)", "6,5 (hoort boven 7 te blijven ✗)"),
    ("stay_below", 1.8, 2, "%", "1.8% (stays below 2% ✓)", "1,8% (blijft onder 2% ✓)"),
    ("stay_below", 2.5, 2, "%", "2.5% (should stay below 2% ✗)", "2,5% (hoort onder 2% te blijven ✗)"),
    ("milestone", 1, 1, "", "done", "klaar"),
    ("milestone", 0, 1, "", "not done yet", "nog niet klaar"),
])
def test_where_a_key_result_stands_reads_as_people_write_it_not_as_a_fraction(kind, value, target, unit, english,
                                                                                dutch):
    assert measure("en", value, target, unit, kind) == english
    assert measure("nl", value, target, unit, kind) == dutch
    assert "/" not in english + dutch


def test_a_day_in_a_sentence_is_written_in_words_with_the_year_only_when_it_is_another_year():
    today = date(2026, 10, 5)
    assert day_in_words("en", date(2026, 12, 24), today) == "24 December"
    assert day_in_words("nl", date(2026, 12, 24), today) == "24 december"
    assert day_in_words("nl", date(2027, 1, 3), today) == "3 januari 2027"


@pytest.mark.parametrize(("text", "limit", "shown"), [
    ("Customers stay with us because we make their work easier", 52,
     "Customers stay with us because we make their work…"),
    ("Short enough", 52, "Short enough"),
    ("Eén, twee, drie, vier", 12, "Eén, twee…"),  # no dangling comma before the ellipsis
    ("Onvoorstelbaarlangwoord", 10, "Onvoorste…"),  # one word longer than the room: cut inside, nothing else fits
    ("line\nbreaks   and  spaces", 40, "line breaks and spaces"),
])
def test_a_clipped_text_ends_at_a_whole_word_with_an_ellipsis(text, limit, shown):
    assert clip(text, limit) == shown and len(clip(text, limit)) <= limit
