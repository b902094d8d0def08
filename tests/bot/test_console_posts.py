"""Team channel posts in the terminal: a summary is printed, later printed again as an edit; a recap's chart is
written as a PNG file whose path is printed, so it can be opened."""

from __future__ import annotations

import re
from pathlib import Path

from bot.console import ConsoleMessenger
from bot.console_render import render
from bot.demo import Outbox
from bot.messages import Chart, Message, Text
from bot.router import RouterMessenger
from bot.settings import Settings
from bot.terminal import TerminalMessenger
from tests.bot.pngs import TINY_PNG
from tests.fakes import RecordingMessenger

CHART = Chart("support-2026-Q4.png", "Confidence per key result", TINY_PNG)
RECAP = Message("recap", "en", (Text("Support — 2026-Q4 recap", "heading"), Text("What did we learn?"), CHART))
SUMMARY = Message("summary", "en", (Text("Support — week 41", "heading"), Text("2 of 4 checked in so far.")))
LATER = Message("summary", "en", (Text("Support — week 41", "heading"), Text("4 of 4 checked in.")))


def printed_chart(output: str) -> Path:
    return Path(re.search(r"\[chart: Confidence per key result -> (.+)\]", output)[1])


async def test_the_console_prints_a_recap_and_writes_its_chart_where_it_says(tmp_path):
    output: list[str] = []
    console = ConsoleMessenger(acting_as="U_ANNA", write=output.append, chart_dir=tmp_path / "charts")

    handle = await console.post("support", RECAP)

    text = "\n".join(output)
    assert text.startswith("#support\nSupport — 2026-Q4 recap\nWhat did we learn?")
    path = printed_chart(text)
    assert path == tmp_path / "charts" / "support-2026-Q4.png"  # the folder was made for it
    assert path.read_bytes() == TINY_PNG
    assert handle == "#support/1"


async def test_the_console_prints_an_edited_summary_as_an_update(tmp_path):
    output: list[str] = []
    console = ConsoleMessenger(acting_as="U_ANNA", write=output.append, chart_dir=tmp_path)

    handle = await console.post("support", SUMMARY)
    await console.update("support", handle, LATER)

    assert output[-1] == "#support (updated #support/1)\nSupport — week 41\n4 of 4 checked in."
    assert list(tmp_path.iterdir()) == []  # no charts, no files


async def test_a_tick_in_the_terminal_names_the_post_and_the_chart_file(tmp_path):
    output: list[str] = []
    terminal = TerminalMessenger(output.append, chart_dir=tmp_path)

    handle = await terminal.post("support", RECAP)
    await terminal.update("support", handle, RECAP)

    assert output[0] == "#support: recap"
    assert printed_chart(output[1]).read_bytes() == TINY_PNG
    assert output[2] == "#support: recap (updated #support/1)"
    assert len(output) == 3 and len(list(tmp_path.iterdir())) == 1  # the edit writes no second file


def test_a_chart_that_was_not_written_shows_its_title():
    assert render(RECAP).endswith("What did we learn?\n[chart: Confidence per key result]")


async def test_the_router_edits_a_post_where_it_posted_it():
    channels, fallback = RecordingMessenger(), RecordingMessenger()
    router = RouterMessenger({}, fallback, channels)

    handle = await router.post("support", SUMMARY)
    await router.update("support", handle, LATER)

    assert channels.updates == [("support", handle, LATER)] and fallback.posts == []


async def test_the_demo_keeps_channel_posts_apart_from_what_people_answer():
    outbox = Outbox()
    handle = await outbox.post("support", SUMMARY)
    await outbox.update("support", handle, LATER)
    assert outbox.received == [] and outbox.updates == [("support", "#support/1", LATER)]


def test_the_chart_folder_comes_from_the_environment():
    assert Settings.from_env({"OKRBOT_CHART_DIR": "/var/okrbot/charts"}).chart_dir == Path("/var/okrbot/charts")
    assert Settings.from_env({}).chart_dir == Path("charts")
