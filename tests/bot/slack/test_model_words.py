"""A model's words reach a Slack channel or DM only as plain, escaped text: a narrative that mentions, links or
hides control characters is dropped for the deterministic digest (with one log line), through the real tick."""

from __future__ import annotations

import json
import logging

import pytest

from bot.ai import ai_client
from handlers.model_text import problem
from scheduler.tick import tick
from tests.bot.slack.conftest import slack_settings, start_slack_server, stop_slack_server
from tests.digest_quarter import PREP_AT, SUMMARY_AT, play_quarter
from tests.model_server import serving_model

EVIL = [
    "<!channel> [Claim your bonus](https://evil.example) before Friday, everyone.",
    "Het vertrouwen daalt; <@U_ANNA> moet dit uitleggen aan het hele team vandaag.",
    "Confidence fell. Log in at evil.example/login to see what your team really thinks.",
    "Het vertrouwen in de NPS daalde van 7 naar 5 @here, bespreek wat er blokkeert.",
    "Het vertrouwen in de NPS daalde\u202e van 7 naar 5\x1b[2J; bespreek wat er blokkeert.",
]


def _shown(fake, method: str, channel: str) -> str:
    calls = [c.args for c in fake.of(method) if c.args["channel"] == channel]
    return json.dumps([(c["text"], c["blocks"]) for c in calls], ensure_ascii=False)


PLAIN = ["Het vertrouwen in de NPS daalde van 7 naar 5 (3,5 gemiddeld); bespreek wat er blokkeert, o.a. de tool.",
         "Confidence in activation rose from 4 to 6 while time to first response stalled at 3.5 hours."]


def test_plain_words_pass_and_mentions_links_and_control_characters_do_not():
    assert [problem(story) for story in EVIL] == ["a mention", "a mention", "a link", "a mention",
                                                  "control characters"]
    assert [problem(story) for story in PLAIN] == [None, None]
    assert problem("  ") == "empty" and problem("Mail bob@evil.com") == "a link"


@pytest.mark.parametrize("story", [EVIL[0], EVIL[4]])
async def test_a_summary_narrative_that_is_not_plain_words_is_left_out(slack_server, sessions, load_org, caplog,
                                                                      story):
    await play_quarter(sessions, load_org)
    async with serving_model() as model:
        model.answer({"narrative": story})
        with caplog.at_level(logging.WARNING, logger="bot.ai"):
            await tick(sessions=sessions, messenger=slack_server.built.slack.messenger, now=SUMMARY_AT,
                       ai=ai_client(model.settings(timeout=5)))
    shown = _shown(slack_server.fake, "chat.postMessage", "C_SUPPORT")
    assert "Support — check-in van ma 23 nov" in shown and "Wat leren we van deze week?" in shown
    for part in ("channel", "evil", "Claim", "U_ANNA", "@here", "\u202e", "\x1b", "\\u001b", "daalde van 7"):
        assert part not in shown
    said = [r.getMessage() for r in caplog.records if r.name == "bot.ai"]
    assert len(said) == 1 and "not plain text" in said[0] and "evil" not in said[0]


async def test_a_plain_narrative_is_shown_escaped_in_the_channel_and_the_prep_dm(slack_server, sessions, load_org):
    story = "De NPS & reactietijd: vertrouwen <5 bij 2 van de 3 key results, dus daar zit het gesprek."
    await play_quarter(sessions, load_org)
    async with serving_model() as model:
        model.answer({"narrative": story})
        for at in (SUMMARY_AT, PREP_AT):
            await tick(sessions=sessions, messenger=slack_server.built.slack.messenger, now=at,
                       ai=ai_client(model.settings(timeout=5)))
    escaped = story.replace("&", "&amp;").replace("<", "&lt;")
    for method, channel in (("chat.postMessage", "C_SUPPORT"), ("chat.postMessage", "U_BRAM")):
        shown = _shown(slack_server.fake, method, channel)
        assert escaped in shown and story not in shown


async def test_coach_questions_with_a_link_give_way_to_the_catalogs(sessions, fake_slack, clock, load_org):
    await play_quarter(sessions, load_org)
    async with serving_model() as model:
        ai = model.settings(timeout=5)
        server = await start_slack_server(sessions, fake_slack, clock, slack_settings(
            fake_slack, openai_api_key=ai.openai_api_key, openai_base_url=ai.openai_base_url, model=ai.model))
        try:
            model.answer({"reports": [{"questions": ["Heb je [de enquête](https://evil.example) al ingevuld?"]}] * 3})
            assert await server.command("coach 1:1", user="U_BRAM") == 200
            await server.drain()
        finally:
            await stop_slack_server(server)
    assert model.requests  # the model was asked, and its answer refused
    shown = json.dumps(fake_slack.responses[-1], ensure_ascii=False)
    assert "Wat zou je belangrijkste key result een stap verder brengen?" in shown
    assert "evil" not in shown and "Verwoord door de AI-coach" not in shown
