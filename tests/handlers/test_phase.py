"""Where 2026-Q4 (1 Oct - 31 Dec) stands for a reader on a given day: its phase, its pace, and the words for it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from handlers.phase import pace_at, phase_at, phase_on, span, status_line
from handlers.survey_catalog import objective_ref
from handlers.survey_form import Greeting, survey_message

START, END = date(2026, 10, 1), date(2026, 12, 31)


@pytest.mark.parametrize(("today", "phase"), [
    (date(2026, 9, 26), "before"), (date(2026, 9, 30), "before"),
    (date(2026, 10, 1), "first_weeks"), (date(2026, 10, 14), "first_weeks"),
    (date(2026, 10, 15), "running"), (date(2026, 12, 4), "running"), (date(2026, 12, 24), "running"),
    (date(2026, 12, 25), "last_week"), (date(2026, 12, 31), "last_week"),
    (date(2027, 1, 1), "ended"),
])
def test_the_phase_follows_the_calendar(today, phase):
    assert phase_on(START, END, today).name == phase


def test_a_short_period_ends_rather_than_begins():
    assert phase_on(date(2026, 10, 1), date(2026, 10, 10), date(2026, 10, 5)).name == "last_week"


def test_on_4_december_two_thirds_of_the_quarter_are_behind_us_with_27_days_left():
    phase = phase_at(START, END, datetime(2026, 12, 4, 9, tzinfo=UTC), "Europe/Amsterdam")
    assert (phase.name, phase.today, phase.days_left, phase.days_in) == ("running", date(2026, 12, 4), 27, 64)
    assert 0.70 < phase.pace < 0.71


def test_the_pace_is_read_in_the_readers_zone():
    just_after_midnight_in_tokyo = datetime(2026, 9, 30, 15, 30, tzinfo=UTC)
    assert pace_at(START, END, just_after_midnight_in_tokyo, "Asia/Tokyo") > 0
    assert pace_at(START, END, just_after_midnight_in_tokyo, "America/New_York") == 0
    assert phase_at(START, END, just_after_midnight_in_tokyo, "Asia/Tokyo").name == "first_weeks"
    assert phase_at(START, END, just_after_midnight_in_tokyo, "America/New_York").name == "before"
    assert pace_at(START, END, datetime(2027, 1, 1, 5, tzinfo=UTC), "America/New_York") == 1


@pytest.mark.parametrize(("days", "en", "nl"), [
    (1, "1 day", "1 dag"), (5, "5 days", "5 dagen"), (20, "2 weeks", "2 weken"), (64, "2 months", "2 maanden"),
    (31, "4 weeks", "4 weken"), (92, "3 months", "3 maanden"),
])
def test_time_is_said_as_people_say_it(days, en, nl):
    assert (span("en", days), span("nl", days)) == (en, nl)


@pytest.mark.parametrize(("today", "en", "nl"), [
    (date(2026, 9, 26), "2026-Q4 starts in 5 days.", "2026-Q4 begint over 5 dagen."),
    (date(2026, 10, 1), "2026-Q4 starts today; 91 days to go.", "2026-Q4 begint vandaag; nog 91 dagen te gaan."),
    (date(2026, 12, 4), "2026-Q4: 2 months in, 27 days to go (70% of the period behind us).",
     "2026-Q4: 2 maanden onderweg, nog 27 dagen te gaan (70% van de periode is voorbij)."),
    (date(2026, 12, 30), "The last week of 2026-Q4: 1 day to go.", "De laatste week van 2026-Q4: nog 1 dag te gaan."),
    (date(2026, 12, 31), "Today is the last day of 2026-Q4.", "Vandaag is de laatste dag van 2026-Q4."),
    (date(2027, 1, 4), "2026-Q4 ended on 31 December.", "2026-Q4 is afgelopen op 31 december."),
])
def test_the_status_line_in_both_languages(today, en, nl):
    phase = phase_on(START, END, today)
    assert (status_line(phase, "en", "2026-Q4"), status_line(phase, "nl", "2026-Q4")) == (en, nl)


@pytest.mark.parametrize(("today", "locale", "opening"), [
    (date(2026, 9, 26), "en", 'Hi Anna, 2026-Q4 starts in 5 days. Before the work takes over: a pre-mortem on "NPS".'),
    (date(2026, 9, 26), "nl", 'Hoi Anna, 2026-Q4 begint over 5 dagen. Voordat het werk je opslokt: een pre-mortem '
                              'over „NPS”.'),
    (date(2026, 10, 8), "en", 'Hi Anna, 2026-Q4 started 7 days ago. Before the work takes over: a pre-mortem '
                              'on "NPS".'),
    (date(2026, 12, 4), "nl", 'Hoi Anna, we zijn 2 maanden onderweg in 2026-Q4, nog 27 dagen te gaan. Een pre-mortem '
                              'over „NPS”: wat kan het nog tegenhouden?'),
])
def test_the_premortem_opening_speaks_of_the_period_as_it_stands(today, locale, opening):
    greeting = Greeting("Anna de Vries", "2026-Q4", objective="NPS", phase=phase_on(START, END, today))
    message = survey_message(ref=objective_ref("premortem", 1, 1), locale=locale, greeting=greeting, statements=[],
                             last_day=END)
    assert message.blocks[0].text == opening
