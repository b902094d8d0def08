"""A form in the terminal forgives: a wrong answer is asked again at once, ``-`` clears an optional answer, a form
can be stopped with nothing saved, nothing is printed into it while it is open, long answers are not echoed back,
and a new OKR gets the linter's remarks before it is saved."""

from __future__ import annotations

import pytest

from bot.console import ConsoleChat, ConsoleMessenger
from bot.console_form import INTERRUPTED
from bot.messages import Message, Text
from handlers.ports import Recipient
from models.report_queries import all_checkins
from tests.bot.test_console import MONDAY_0900_AMSTERDAM, Script, chat
from tests.handlers.test_coach import objectives_now
from tests.orgs import SMALL_ORG

SUMMARY = Message("summary", "nl", (Text("Support — week 41", "heading"), Text("2 van 4 ingecheckt.")))


@pytest.fixture
async def org(load_org):
    await load_org(SMALL_ORG)


async def rows(sessions):
    async with sessions() as session:
        return [(r.key_result, r.value, r.confidence, r.one_level_up, r.blockers) for r in await all_checkins(session)]


async def test_a_milestone_marked_done_is_not_asked_for_a_confidence(sessions, org):
    script = Script("checkin", "ja", "", "", "quit")
    await chat(sessions, script, person="U_CARLA").run()
    assert not any("Vertrouwen" in line for line in script.output if line.endswith(": "))
    assert await rows(sessions) == [("Kennisbank live", 1.0, 10, "", "")]


async def test_a_dash_clears_an_optional_answer_and_enter_keeps_the_others(sessions, org):
    asked, shown = [], []
    typed = {"Key result 1: unit": "-", "1: baseline": "8", "1: target": "2", "2: baseline": "48",
             "2: target": "24", "3: baseline": "60", "3: target": "10"}

    async def read_line(prompt: str) -> str:
        asked.append(prompt)
        return next((value for key, value in typed.items() if key in prompt), "")

    conversation = ConsoleChat(sessions, "U_BEN", read_line, shown.append, lambda: MONDAY_0900_AMSTERDAM)
    await conversation.on_line("coach our customers wait too long for an answer")
    assert "- clears an optional answer" in "\n".join(shown), "the form says how"
    assert any(prompt.startswith("  Key result 1: unit [") for prompt in asked), "there was an answer to clear"
    _, krs = (await objectives_now(sessions))[-1]
    assert [kr[4] for kr in krs] == ["", "hours", "tickets"], "only the cleared answer is gone"


@pytest.mark.parametrize("stop", ["annuleer", "cancel", "ANNULEER", INTERRUPTED, None])
async def test_cancel_ctrl_c_or_ctrl_d_stops_the_form_at_once_and_saves_nothing(sessions, org, stop):
    script = Script("checkin", "31", "7")
    script.lines.append(stop)
    script.lines += ["quit"] if stop is not None else []
    await chat(sessions, script).run()
    assert "Gestopt: er is niets opgeslagen." in script.output
    assert await rows(sessions) == []


async def test_posts_and_notes_that_arrive_during_a_form_are_shown_after_it(sessions, org):
    output: list[str] = []
    messenger = ConsoleMessenger(acting_as="U_ANNA", write=output.append)
    typed = iter(["checkin", "31", "7", "", "", "", "", "", "", "quit"])

    async def read_line(prompt: str) -> str | None:
        output.append(prompt)
        if "Vertrouwen" in prompt:  # the scheduler posts while Anna is answering
            await messenger.post("support", SUMMARY)
            await messenger.send(Recipient(2, "slack", "U_BRAM", "Bram Bakker", "nl"), SUMMARY)
        return next(typed, None)

    await ConsoleChat(sessions, "U_ANNA", read_line, output.append, lambda: MONDAY_0900_AMSTERDAM, messenger).run()
    recorded = next(i for i, line in enumerate(output) if line.startswith("Dank je Anna, vastgelegd"))
    posted = output.index("#support\nSupport — week 41\n2 van 4 ingecheckt.")
    assert recorded < output.index("Terwijl je het formulier invulde:") < posted
    assert output[posted + 1] == "  (→ Bram Bakker: summary)"
    last_prompt = max(i for i, line in enumerate(output) if line.endswith(": "))
    assert last_prompt < recorded, "nothing landed between the questions"


async def test_a_long_answer_is_not_echoed_back_whole(sessions, org):
    long = ("Klanten voelen zich welkom " * 17).strip()
    script = Script("new", long, "3", "2", "1", "Klantonderzoek uitvoeren", "5", "", "aanpassen", "annuleer", "quit")
    await chat(sessions, script).run()
    [again] = [line for line in script.output if line.startswith("  Objective [")]
    assert again == f"  Objective [Klanten voelen zich welkom Klanten… {len(long)} tekens]: "


async def test_prompts_end_in_a_colon_and_choices_show_their_words(sessions, org):
    script = Script("new", "Klanten voelen zich welkom", "", "", "", "", "", "", "", "", "", "annuleer", "quit")
    await chat(sessions, script).run()
    prompts = [line for line in script.output if line.endswith(": ")]
    assert prompts and not any(line.endswith("?: ") for line in prompts)
    assert not any("[committed]" in line or "[increase]" in line for line in prompts)


async def test_a_new_okr_shows_the_linters_remarks_before_saving_and_can_be_changed(sessions, org):
    first = ["Klanten voelen zich welkom", "3", "2", "1", "Klantonderzoek uitvoeren", "5", ""]
    second = ["", "", "", "", "NPS van 30 naar 50", "1", "30", "50", "NPS", "Kennisbank live", "5", ""]
    script = Script("new", *first, "aanpassen", *second, "opslaan", "quit")
    await chat(sessions, script).run()
    remarks = script.output.index("Voordat ik het opsla, heeft de linter een paar opmerkingen:")
    saved = next(i for i, line in enumerate(script.output) if "is opgeslagen met 2 key results" in line)
    assert remarks < saved
    assert "Klantonderzoek uitvoeren" in script.output[remarks + 1]
