"""The suggested 1:1 agenda: at most seven questions, each naming the key result it is about, the most pressing
first, and questions that fit any conversation only to fill up."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.agenda import MAX_QUESTIONS, MIN_QUESTIONS, SITUATIONS, agenda
from handlers.phase import phase_on

NPS = "NPS from 25 to 45"
ABOUT = {situation: NPS for situation in SITUATIONS} | {"open_risk": "The survey tool arrives too late"}
RUNNING = phase_on(date(2026, 10, 1), date(2026, 12, 31), date(2026, 12, 4))
LAST_DAY = phase_on(date(2026, 10, 1), date(2026, 12, 31), date(2026, 12, 31))
ENDED = phase_on(date(2026, 10, 1), date(2026, 12, 31), date(2027, 1, 5))


def test_a_quiet_quarter_gets_a_few_open_questions():
    questions = agenda(set(), "en", phase=RUNNING)
    assert len(questions) == MIN_QUESTIONS
    assert questions[0] == "How are you, really? What's on your mind this week?"
    assert "What would show progress by next week?" in questions


@pytest.mark.parametrize("phase", [LAST_DAY, ENDED])
def test_at_the_end_of_the_period_the_open_questions_look_back_not_to_next_week(phase):
    for locale, next_week, take_along in (
            ("en", "What would show progress by next week?", "What do you take from this period into the next one?"),
            ("nl", "Waaraan zouden we volgende week vooruitgang zien?",
             "Wat neem je uit deze periode mee naar de volgende?")):
        questions = agenda(set(), locale, phase=phase)
        assert next_week not in questions and take_along in questions
    assert "What do you still want to finish before the period ends?" in agenda(set(), "en", phase=LAST_DAY)


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_agenda_names_the_key_result(locale):
    for situation in ("confidence_drop", "stalled", "blocker", "no_number", "confident_not_moving", "ahead_of_pace"):
        first = agenda({situation}, locale, about=ABOUT)[0]
        assert NPS in first, (situation, first)
    how_close = agenda({"no_number"}, locale, about={"no_number": "Self-service portal live"})[0]
    assert "Self-service portal live" in how_close and "that key result" not in how_close
    risk = agenda({"open_risk"}, locale, about=ABOUT)[0]
    assert "The survey tool arrives too late" in risk


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_agenda_at_most_seven_questions_most_pressing_first(locale):
    everything = agenda(set(SITUATIONS), locale, about=ABOUT, phase=RUNNING)
    assert len(everything) == MAX_QUESTIONS
    assert len(set(everything)) == len(everything)
    # one question per situation, most pressing first: drop, stall, frustration, blocker, risk, no number, mood
    expected = [agenda({s}, locale, about=ABOUT)[0] for s in SITUATIONS[:MAX_QUESTIONS]]
    assert list(everything) == expected
    generic = agenda(set(), locale, phase=RUNNING)
    assert not set(everything) & set(generic), "open questions only fill up a short agenda"


def test_a_pressing_situation_comes_before_a_pleasant_one():
    questions = agenda({"good_progress", "low_mood", "confidence_drop"}, "en", about=ABOUT)
    assert questions[0].startswith(f"Your confidence in “{NPS}” went down")
    assert questions[1] == "How do you feel about where you're heading at the moment?"
    assert questions[2].startswith(f"“{NPS}” moved forward since last time")


def test_one_situation_brings_its_second_question_before_open_ones():
    questions = agenda({"frustration"}, "en", about=ABOUT, phase=RUNNING)
    assert questions[:2] == (f"It sounds like something around “{NPS}” has been getting to you. Shall we start there?",
                             "What would make your day easier?")
    assert len(questions) == MIN_QUESTIONS


def test_the_same_situations_give_the_same_agenda_in_both_languages():
    situations = {"stalled", "open_risk", "low_mood", "missed_checkins"}
    english, dutch = agenda(situations, "en", about=ABOUT), agenda(situations, "nl", about=ABOUT)
    assert english == agenda(set(situations), "en", about=ABOUT)
    assert len(english) == len(dutch)
    assert dutch[0] == f"„{NPS}” staat al een tijdje stil. Wat is de kleinste stap die het weer in beweging brengt?"


def test_situations_the_agenda_does_not_know_are_left_out():
    assert agenda({"something_new"}, "en") == agenda(set(), "en")
