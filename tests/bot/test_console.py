"""A person chats with the bot in the terminal: answers a check-in, fixes a typo, snoozes, goes away."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.console import ConsoleChat, ConsoleMessenger
from models.db import transaction
from models.people_queries import person_by_platform_id
from models.report_queries import all_checkins
from scheduler.tick import tick
from tests.absences import last_days
from tests.orgs import SMALL_ORG

MONDAY_0900_AMSTERDAM = datetime(2026, 10, 5, 7, tzinfo=UTC)


class Script:
    """Feeds typed lines to the chat and keeps everything it printed."""

    def __init__(self, *lines: str):
        self.lines = list(lines)
        self.output: list[str] = []

    async def read_line(self, prompt: str) -> str | None:
        self.output.append(prompt)
        return self.lines.pop(0) if self.lines else None

    def write(self, text: str) -> None:
        self.output.append(text)

    @property
    def text(self) -> str:
        return "\n".join(self.output)


@pytest.fixture
async def org(load_org):
    await load_org(SMALL_ORG)


def chat(sessions, script: Script, person: str = "U_ANNA", now=MONDAY_0900_AMSTERDAM) -> ConsoleChat:
    messenger = ConsoleMessenger(acting_as=person, write=script.write)
    return ConsoleChat(sessions, person, script.read_line, script.write, lambda: now, messenger)


async def test_a_person_answers_the_check_in_the_scheduler_sent_them(sessions, org):
    script = Script("checkin", "31", "7", "", "", "6", "6", "Meer mensen", "Vakantie", "quit")
    conversation = chat(sessions, script)
    await tick(sessions=sessions, messenger=conversation.messenger, now=MONDAY_0900_AMSTERDAM)
    await conversation.run()
    assert "Hoi Anna, tijd voor je check-in" in script.text
    assert "NPS stijgt van 25 naar 45: 31 NPS, vertrouwen 7/10" in script.text
    async with sessions() as session:
        rows = await all_checkins(session)
    assert [(r.key_result, r.value, r.confidence, r.blockers) for r in rows] == [
        ("NPS stijgt van 25 naar 45", 31.0, 7, ""),
        ("Eerste reactie binnen 2 uur", 6.0, 6, "Vakantie"),
    ]


async def test_a_typo_is_asked_again_at_once_with_the_reason_and_nothing_else_is_asked_twice(sessions, org):
    script = Script("checkin", "31", "11", "7", "", "", "", "", "", "", "quit")
    await chat(sessions, script).run()
    after_typo = script.output[script.output.index("  NPS stijgt van 25 naar 45 — Vertrouwen (1-10): ") + 1:]
    assert after_typo[:2] == ["  ✗ Vertrouwen is een heel getal van 1 tot en met 10.",
                              "  NPS stijgt van 25 naar 45 — Vertrouwen (1-10): "]
    assert sum("Huidige waarde (NPS)" in line for line in script.output) == 1, "the value is asked once"
    async with sessions() as session:
        [row] = await all_checkins(session)
    assert (row.value, row.confidence) == (31.0, 7)


async def test_snooze_skip_away_and_language_are_one_line_each(sessions, org):
    later = MONDAY_0900_AMSTERDAM + timedelta(days=2)
    script = Script("snooze tomorrow", "skip", "away 2026-10-20", "lang en", "help", "quit")
    await chat(sessions, script, now=later).run()
    assert "Uitgesteld. Ik vraag het je opnieuw op do 8 okt om 09:00." in script.text
    assert "Deze week overgeslagen." in script.text
    assert "Je bent afwezig tot en met 20 oktober" in script.text
    assert "From now on I'll talk to you in English." in script.text
    assert "Here is what I can do" in script.text
    async with transaction(sessions) as session:
        anna = await person_by_platform_id(session, platform_user_id="U_ANNA")
        assert anna.locale == "en"
    assert await last_days(sessions, "U_ANNA") == [(date(2026, 10, 20), "typed")]


async def test_progress_of_my_okrs_and_my_team(sessions, org):
    script = Script("mine", "team", "quit")
    await chat(sessions, script, person="U_BEN", now=datetime(2026, 10, 6, 15, tzinfo=UTC)).run()
    assert "Your OKRs in 2026-Q4" in script.text
    assert "Customers choose us again · committed" in script.text
    assert "Sales — progress in 2026-Q4" in script.text


async def test_someone_unknown_gets_a_friendly_explanation(sessions, org):
    script = Script("checkin", "quit")
    await chat(sessions, script, person="U_NOBODY").run()
    assert "I don't know you yet" in script.text


async def test_an_unknown_command_shows_the_help(sessions, org):
    script = Script("please do my okrs", "quit")
    await chat(sessions, script).run()
    assert "Ik begreep „please do my okrs” niet." in script.text
    assert "Dit kan ik voor je doen" in script.text


async def test_a_person_adds_an_okr_picking_options_by_number_and_fixing_a_mistake_at_once(sessions, org):
    first = ["NPS van 30 naar 50", "1", "30", "20", "50", "NPS"]  # the target below the start is refused at once
    milestone = ["Kennisbank live", "5"]  # a milestone: no start, target or unit asked
    script = Script("new", "Klanten voelen zich welkom", "3", "2", "1", *first, *milestone, "", "opslaan", "quit")
    await chat(sessions, script).run()
    assert "  ✗ Bij stijgen moet het doel boven de startwaarde liggen." in script.output
    assert "„Klanten voelen zich welkom” is opgeslagen met 2 key results voor 2026-Q4." in script.text
    assert not any(line.startswith("  Key result 3 — ") or "Key result 4" in line for line in script.output)
    assert not any("Key result 2: startwaarde" in line for line in script.output)


def test_what_people_wrote_reaches_the_terminal_without_escape_sequences():
    from bot.console_render import render
    from bot.messages import Message, Text

    message = Message("notice", "en", (Text("Blocked\x1b[2J\x1b]0;owned\x07 by \x9bIT"),))
    shown = render(message, color=True)
    assert "\x1b[2J" not in shown and "\x1b]0" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "Blocked[2J]0;owned by IT" in shown
