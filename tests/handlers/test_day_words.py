"""Days and snooze choices typed in Dutch or English, whatever language the person chats in."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.day_words import parse_day, parse_days, snooze_choice
from tests.handlers.test_away import MONDAY, org, typed  # noqa: F401  (org is a fixture)

TODAY = date(2026, 10, 7)  # a Wednesday


@pytest.mark.parametrize(("text", "day"), [
    ("2026-12-24", date(2026, 12, 24)),
    ("24-12-2026", date(2026, 12, 24)),
    ("24/12/2026", date(2026, 12, 24)),
    ("24.12.2026", date(2026, 12, 24)),
    ("24 december", date(2026, 12, 24)),
    ("24 December", date(2026, 12, 24)),
    ("December 24", date(2026, 12, 24)),
    ("december 24th, 2026", date(2026, 12, 24)),
    ("24 dec", date(2026, 12, 24)),
    ("3 januari", date(2027, 1, 3)),  # no year: the next one to come
    ("3 mrt", date(2027, 3, 3)),
    ("7 oktober", date(2026, 10, 7)),  # today counts
    ("vrijdag", date(2026, 10, 9)),
    ("Friday", date(2026, 10, 9)),
    ("vr", date(2026, 10, 9)),
    ("woensdag", date(2026, 10, 14)),  # a weekday is the coming one, never today
    ("morgen", date(2026, 10, 8)),
    ("tomorrow", date(2026, 10, 8)),
    ("vandaag", TODAY),
])
def test_a_day_is_read_in_either_language(text, day):
    assert parse_day(text, on_or_after=TODAY) == day


@pytest.mark.parametrize("text", ["31 februari", "2026-13-01", "volgende-week", "24", "december", "morgen vroeg"])
def test_what_is_no_day_is_not_guessed(text):
    assert parse_day(text, on_or_after=TODAY) is None


@pytest.mark.parametrize(("text", "days"), [
    ("24 december", (None, date(2026, 12, 24))),
    ("20 december tot 3 januari", (date(2026, 12, 20), date(2027, 1, 3))),
    ("20 december tot en met 3 januari", (date(2026, 12, 20), date(2027, 1, 3))),
    ("December 20 to January 3", (date(2026, 12, 20), date(2027, 1, 3))),
    ("2026-12-21 2026-12-24", (date(2026, 12, 21), date(2026, 12, 24))),
    ("21-12-2026 t/m 24-12-2026", (date(2026, 12, 21), date(2026, 12, 24))),
    ("volgende week dinsdag", None),
])
def test_an_interval_is_two_days_with_or_without_a_word_between(text, days):
    assert parse_days(text, today=TODAY) == days


@pytest.mark.parametrize(("text", "choice"), [
    ("morgen", "tomorrow"), ("tomorrow", "tomorrow"), ("Morgen", "tomorrow"),
    ("2h", "2h"), ("2u", "2h"), ("2 uur", "2h"), ("2 hours", "2h"), ("later", None), ("", None)])
def test_snooze_words_in_either_language(text, choice):
    assert snooze_choice(text) == choice


@pytest.mark.parametrize("text", ["away 24-12-2026", "away 24 december", "away 2026-12-24", "away December 24"])
async def test_away_on_a_day_written_the_dutch_way_pauses_through_it(sessions, org, text):  # noqa: F811
    assert await typed(sessions, "U_ANNA", text) == [
        "Je bent afwezig tot en met 24 december; tot dan pauzeren je check-ins."]


async def test_away_from_a_day_to_a_day_in_words(sessions, org):  # noqa: F811
    assert await typed(sessions, "U_BEN", "away 21 December to 4 January") == [
        "You're away from 21 December through 4 January 2027; check-ins pause then."]


async def test_snooze_morgen_through_the_handler_without_an_open_form(sessions, org):  # noqa: F811
    assert await typed(sessions, "U_ANNA", "snooze morgen") == [
        "Uitgesteld. Ik vraag het je opnieuw op di 6 okt om 09:00."]
    assert await typed(sessions, "U_BEN", "snooze banana") == ["Use: snooze 2h or snooze tomorrow"]
