"""The suggested 1:1 agenda: five parts, 2-4 questions each, picked by what is going on for the report."""

from __future__ import annotations

import pytest

from handlers.agenda import PARTS, SITUATIONS, agenda

PREMORTEM = "Imagine the quarter is over and the key result you're less sure about didn't make it."
HOW_CLOSE = "On a scale from 1 to 10, how close are you to that key result?"
DAY_EASIER = "What would make your day easier?"


def questions(situations, locale="en") -> list[str]:
    return [q for part in agenda(situations, locale) for q in part.questions]


def has(situations, start: str) -> bool:
    return any(q.startswith(start) for q in questions(situations))


def test_a_quiet_quarter_gets_two_open_questions_per_part():
    parts = agenda(set(), "en")
    assert [p.title for p in parts] == ["Opening", "Brainstorm on goals", "Defining key results",
                                        "Support and resources", "Closing"]
    assert [len(p.questions) for p in parts] == [2] * 5
    assert parts[0].questions[0] == "How are you, really? What's on your mind this week?"


@pytest.mark.parametrize("situations", [set(), {"stalled"}, {"confidence_drop", "frustration", "no_number"},
                                        set(SITUATIONS)])
def test_every_part_has_two_to_four_questions_and_the_agenda_ten_to_twenty(situations):
    parts = agenda(situations, "en")
    assert [p.key for p in parts] == list(PARTS)
    assert all(2 <= len(p.questions) <= 4 for p in parts)
    assert 10 <= len(questions(situations)) <= 20
    assert all(len(set(p.questions)) == len(p.questions) for p in parts)


@pytest.mark.parametrize(("situation", "question"), [("confidence_drop", PREMORTEM), ("no_number", HOW_CLOSE),
                                                     ("frustration", DAY_EASIER)])
def test_a_situation_always_brings_its_own_question_even_among_all_others(situation, question):
    assert has({situation}, question)
    assert has(set(SITUATIONS), question)
    assert not has(set(SITUATIONS) - {situation}, question)


def test_a_situation_comes_before_the_open_questions_of_its_part():
    support = agenda({"frustration"}, "en")[3]
    assert support.questions == (DAY_EASIER, "What do you need from me in the coming weeks?")


def test_the_same_situations_give_the_same_agenda_in_both_languages():
    situations = {"stalled", "open_risk", "low_mood", "missed_checkins"}
    english, dutch = agenda(situations, "en"), agenda(situations, "nl")
    assert english == agenda(set(situations), "en")
    assert [len(p.questions) for p in english] == [len(p.questions) for p in dutch]
    assert dutch[3].title == "Steun en middelen"
    assert "Wat zou je dag makkelijker maken?" in [q for p in agenda({"frustration"}, "nl") for q in p.questions]
