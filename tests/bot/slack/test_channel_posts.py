"""A team summary in a Slack channel: posted once, edited in place when late check-ins arrive; a quarterly recap
brings its chart as a file right under the post. All through slack-sdk against the local Web API."""

from __future__ import annotations

import json

import pytest

from bot.messages import Chart, Message, Text
from handlers.ports import DeliveryFailed
from tests.bot.pngs import TINY_PNG
from tests.bot.slack.conftest import TEAM

SUMMARY = Message("summary", "en", (Text("Support — week 41", "heading"), Text("2 of 4 checked in so far.")))
LATER = Message("summary", "en", (Text("Support — week 41", "heading"), Text("4 of 4 checked in.")))
RECAP = Message("recap", "en", (Text("Support — 2026-Q4 recap", "heading"), Text("What did we learn?"),
                                Chart("support-2026-Q4.png", "Confidence per key result", TINY_PNG)))


async def test_a_recap_is_posted_and_its_chart_uploaded_right_under_it(slack_server):
    fake = slack_server.fake

    await slack_server.built.slack.messenger.post("C_SUPPORT", RECAP)

    assert [c.method for c in fake.calls if c.method != "auth.test"] == [
        "chat.postMessage", "files.getUploadURLExternal", "files.completeUploadExternal"]
    [post] = fake.of("chat.postMessage")
    assert "What did we learn?" in json.dumps(post.args["blocks"])
    assert "png" not in json.dumps(post.args["blocks"])  # the chart is a file, not a block
    [asked] = fake.of("files.getUploadURLExternal")
    assert asked.args["filename"] == "support-2026-Q4.png" and int(asked.args["length"]) == len(TINY_PNG)
    assert asked.args["alt_txt"] == "Confidence per key result"
    assert list(fake.uploads.values()) == [TINY_PNG]  # the picture's bytes arrived at the upload URL as they are
    [shared] = fake.of("files.completeUploadExternal")
    assert shared.args["channel_id"] == "C_SUPPORT" and "thread_ts" not in shared.args
    assert json.loads(shared.args["files"]) == [{"id": next(iter(fake.uploads)), "title": "Confidence per key result"}]


async def test_a_summary_is_edited_in_place_with_the_handle_its_post_returned(slack_server):
    messenger, fake = slack_server.built.slack.messenger, slack_server.fake

    handle = await messenger.post("C_SUPPORT", SUMMARY)
    await messenger.update("C_SUPPORT", handle, LATER)

    [edit] = fake.of("chat.update")
    assert handle == f"{TEAM}:C_SUPPORT:1760000001.000100"  # the ts Slack gave the post
    assert edit.args["channel"] == "C_SUPPORT" and edit.args["ts"] == "1760000001.000100"
    assert "4 of 4 checked in." in json.dumps(edit.args["blocks"])
    assert len(fake.of("chat.postMessage")) == 1  # edited, not posted again


async def test_editing_a_recap_does_not_upload_its_chart_again(slack_server):
    messenger, fake = slack_server.built.slack.messenger, slack_server.fake

    handle = await messenger.post("C_SUPPORT", RECAP)
    await messenger.update("C_SUPPORT", handle, RECAP)

    assert len(fake.of("chat.update")) == 1
    assert len(fake.of("files.getUploadURLExternal")) == 1 and len(fake.uploads) == 1


async def test_a_chart_the_upload_url_refuses_leaves_the_post_up_without_posting_it_twice(slack_server, caplog):
    slack_server.fake.upload_status = 500

    handle = await slack_server.built.slack.messenger.post("C_SUPPORT", RECAP)

    assert handle and len(slack_server.fake.of("chat.postMessage")) == 1  # a retry of the post would repeat it
    assert "without its chart" in caplog.text


async def test_a_post_of_a_workspace_that_no_longer_runs_cannot_be_edited(slack_server):
    messenger, fake = slack_server.built.slack.messenger, slack_server.fake
    handle = await messenger.post("C_SUPPORT", SUMMARY)

    with pytest.raises(DeliveryFailed):
        await messenger.update("C_SUPPORT", f"T0GONE:C_SUPPORT:{handle.rsplit(':', 1)[1]}", LATER)
    await slack_server.event({"type": "app_uninstalled"}, event_id="EvGone")
    await slack_server.drain()
    with pytest.raises(DeliveryFailed, match="uninstalled"):
        await messenger.update("C_SUPPORT", handle, LATER)
    assert fake.of("chat.update") == []
