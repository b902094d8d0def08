"""In the terminal a survey arrives like any DM; "survey" asks it question by question, with the scale spelled out."""

from __future__ import annotations

import pytest

from bot.console import ConsoleChat, ConsoleMessenger
from scheduler.tick import tick
from tests.bot.test_console import Script
from tests.survey_orgs import MOOD_DEV_AMSTERDAM, SURVEY_ORG, command


@pytest.fixture
async def org(load_org):
    await load_org(SURVEY_ORG)


async def test_a_person_answers_a_mood_check_fixes_a_seven_point_mistake_and_keeps_the_rest(sessions, org):
    answers = ["6", "Quick reviews", "9", "3", "", "5", "", "4", "", "7", ""]  # the 9 is asked again at once
    script = Script("survey", *answers, "quit")
    messenger = ConsoleMessenger(acting_as="U_CARLA", write=script.write)
    chat = ConsoleChat(sessions, "U_CARLA", script.read_line, script.write, lambda: MOOD_DEV_AMSTERDAM, messenger)
    await tick(sessions=sessions, messenger=messenger, now=MOOD_DEV_AMSTERDAM)
    await chat.run()
    assert "Hi Carla, a short mood check about your own development" in script.text
    assert "Who sees this: you and your manager, Bram Bakker." in script.text
    assert "    1 = strongly disagree … 7 = strongly agree" in script.text
    assert "  ✗ Answer with a whole number from 1 to 7." in script.output
    assert "Thanks Carla, your answers are saved." in script.text
    reopened = await command(sessions, "U_CARLA", "survey", MOOD_DEV_AMSTERDAM)
    assert reopened.values == {"speed": "6", "speed:why": "Quick reviews", "address_behaviour": "3", "feedback": "5",
                               "career": "4", "strengths": "7"}
