"""A Dutch-speaking person uses the terminal in Dutch: days, snooze words and form choices in their language."""

from __future__ import annotations

from datetime import date, timedelta

from scheduler.tick import tick
from tests.absences import last_days
from tests.bot.test_console import MONDAY_0900_AMSTERDAM, Script, chat, org  # noqa: F401  (org is a fixture)


async def test_a_waiting_check_in_is_explained_in_dutch_and_snooze_morgen_is_understood(sessions, org):  # noqa: F811
    script = Script("snooze morgen", "quit")
    conversation = chat(sessions, script)
    await tick(sessions=sessions, messenger=conversation.messenger, now=MONDAY_0900_AMSTERDAM)
    await conversation.run()
    assert "(typ checkin om te antwoorden, of snooze 2u / snooze morgen / skip / away DATUM" in script.text
    assert "snooze tomorrow" not in script.text and "YYYY" not in script.text
    assert "Uitgesteld. Ik vraag het je opnieuw op di 6 okt om 09:00." in script.text


async def test_snooze_and_away_typed_in_dutch_words_and_dates(sessions, org):  # noqa: F811
    later = MONDAY_0900_AMSTERDAM + timedelta(days=2)
    script = Script("snooze morgen", "away 24-12-2026", "away uit", "away 24 december", "terug", "away vrijdag",
                    "quit")
    await chat(sessions, script, now=later).run()
    assert "Gebruik: snooze" not in script.text
    assert "Uitgesteld. Ik vraag het je opnieuw op do 8 okt om 09:00." in script.text
    assert script.text.count("Je bent afwezig tot en met 24 december; tot dan pauzeren je check-ins.") == 2
    assert script.text.count("Welkom terug!") == 2
    assert "Je bent afwezig tot en met 9 oktober" in script.text, "the coming Friday"
    assert await last_days(sessions, "U_ANNA") == [(date(2026, 10, 9), "typed")]


async def test_form_choices_come_back_as_their_dutch_labels(sessions, org):  # noqa: F811
    first = ["Klanten voelen zich welkom", "2", "1", "1", "NPS van 30 naar 50", "1", "30", "50", "NPS", ""]
    script = Script("new", *first, "aanpassen", *[""] * 10, "opslaan", "quit")
    await chat(sessions, script).run()
    assert "Niveau [Team]: " in script.text and "Soort [Toegezegd (we verwachten 100%)]: " in script.text
    assert "Key result 1: soort [stijgen naar een doel]: " in script.text
    assert "[committed]" not in script.text and "[increase]" not in script.text and "[team]" not in script.text


async def test_an_error_about_the_whole_form_names_no_internal_key(sessions, org):  # noqa: F811
    empty = Script("checkin", *[""] * 8, "", "7", *[""] * 6, "quit")
    await chat(sessions, empty).run()
    assert "✗ Je hebt nog geen enkel key result beantwoord." in empty.text
    assert "form:" not in empty.text
