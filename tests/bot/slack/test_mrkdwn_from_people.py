"""What people type shows as typed in Slack: *bold*, _italic_, ~strike~, `code`, ``` fences and > quotes in a
blocker or a title are plain characters in channel posts and DMs, in the blocks and in the notification text."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from bot.slack.blocks import escape
from scheduler.tick import tick
from tests.bot.slack.conftest import NOW, selected, text_input
from tests.orgs import SMALL_ORG

ZWSP = "\u200b"
MARKUP = "*URGENT* the _ticket tool_ is ~down~ again: ```rm -rf /``` `x`\n> as Bram said"
SUMMARY_DUE = datetime(2026, 10, 7, 7, 0, tzinfo=UTC)  # Wednesday 09:00 in Amsterdam, after Monday's check-in


def live_markup(shown: str) -> list[str]:
    """Emphasis marks Slack would read as formatting (not followed by the zero-width space), and quote lines."""
    marks = re.findall(r"[*_~`](?!\u200b)", shown)
    quotes = re.findall(r"(?m)^&gt;", shown)
    return marks + quotes


def test_escape_leaves_no_mark_slack_reads_as_formatting():
    shown = escape(MARKUP)
    assert live_markup(shown) == []
    assert shown.replace(ZWSP, "") == MARKUP.replace(">", "&gt;")  # the same characters, nothing dropped


async def test_a_blocker_with_markup_shows_as_typed_in_the_team_channel(slack_server, sessions, load_org):
    await load_org(SMALL_ORG)
    await tick(sessions=sessions, messenger=slack_server.built.slack.messenger, now=NOW)
    dm = next(c.args for c in slack_server.fake.of("chat.postMessage") if c.args["channel"] == "U_ANNA")
    button = next(e for b in dm["blocks"] for e in b.get("elements", []) if e.get("action_id") == "checkin_open")
    await slack_server.click("U_ANNA", "checkin_open", button["value"])
    await slack_server.drain()
    view = slack_server.fake.of("views.open")[-1].args["view"]
    kr = next(b["block_id"] for b in view["blocks"] if b.get("block_id", "").endswith(":value")).split(":")[1]
    status, _ = await slack_server.submit("U_ANNA", view, {
        f"kr:{kr}:value": text_input("30"), f"kr:{kr}:blockers": text_input(MARKUP),
        f"kr:{kr}:confidence": {"type": "static_select", "selected_option": {"value": "4"}}})
    assert status == 200
    await slack_server.drain()

    await tick(sessions=sessions, messenger=slack_server.built.slack.messenger, now=SUMMARY_DUE)
    [post] = [c.args for c in slack_server.fake.of("chat.postMessage") if c.args["channel"] == "C_SUPPORT"]
    sections = [b["text"]["text"] for b in post["blocks"] if b["type"] == "section"]
    [shown] = [text for text in sections if "URGENT" in text]
    person_part = shown[shown.index("*" + ZWSP + "URGENT") :]
    assert live_markup(person_part) == [] and "as Bram said" in person_part
    assert "*URGENT*" not in json.dumps(post, ensure_ascii=False)


async def test_a_title_with_markup_shows_as_typed_in_the_dm_and_its_notification(slack_server, load_org):
    await load_org(SMALL_ORG)
    assert await slack_server.command("new", user="U_BEN") == 200
    await slack_server.drain()
    view = slack_server.fake.of("views.open")[-1].args["view"]
    title = "*Win* the _enterprise_ ~market~"
    status, _ = await slack_server.submit("U_BEN", view, {
        "objective": text_input(title), "level": selected("person"), "type": selected("aspirational"),
        "kr1:title": text_input("Activation from 40% to 60%"), "kr1:kind": selected("increase"),
        "kr1:baseline": text_input("40"), "kr1:target": text_input("60"), "kr1:unit": text_input("%"),
        "kr2:title": text_input("Time to first value from 5 to 2 days"), "kr2:kind": selected("decrease"),
        "kr2:baseline": text_input("5"), "kr2:target": text_input("2"), "kr2:unit": text_input("days"),
    })
    assert status == 200
    await slack_server.drain()
    confirmation = slack_server.fake.of("chat.postMessage")[-1].args
    notification = confirmation["text"]
    assert "Win" in notification and "*Win*" not in notification and live_markup(notification) == []
    # In the blocks it is a header, plain text Slack never formats; any mrkdwn text must be neutral as well.
    plain = [b["text"]["text"] for b in confirmation["blocks"] if b["text"]["type"] == "plain_text"]
    mrkdwn = [b["text"]["text"] for b in confirmation["blocks"] if b["text"]["type"] == "mrkdwn"]
    assert any(title in text for text in plain) or any(live_markup(text) == [] and "Win" in text for text in mrkdwn)
