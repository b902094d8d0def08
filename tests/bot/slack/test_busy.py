"""Under load the Slack edge keeps every answer it acknowledged: background work waits for capacity (sized to the
store's connection pool) instead of timing out in the pool, and is stored once capacity frees up. When work has
waited for a slot as long as Slack waits for an answer, a click, ``/okr`` or a check-in is answered "busy, try
again" at once, and nothing of it is done later."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from bot.background import MAX_WAIT, Background
from models import CheckIn
from models.db import capacity
from tests.bot.slack.conftest import TEAM
from tests.bot.slack.test_checkin_ack import _anna_modal, _count, _fields
from tests.bot.slack.test_checkin_dm import _button, _checkin_dm


async def test_at_most_capacity_works_run_at_once_and_the_rest_run_after(engine):
    background, running, peak, release = Background("test", capacity=2), [], [0], asyncio.Event()

    async def work(n: int) -> None:
        running.append(n)
        peak[0] = max(peak[0], len(running))
        await release.wait()
        running.remove(n)

    for n in range(5):
        background.start(work(n), f"work {n}")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert running == [0, 1]
    release.set()
    await background.drain()
    assert peak[0] == 2 and running == []
    assert 1 <= capacity(engine) <= 20


async def test_a_click_acknowledged_while_every_slot_is_busy_is_stored_when_one_frees(slack_server, sessions,
                                                                                      load_org):
    blocks = await _checkin_dm(slack_server, sessions, load_org)
    seven = _button(blocks, "confidence:", "7")
    background, release = slack_server.built.slack.background, asyncio.Event()
    for n in range(capacity(sessions.kw["bind"])):  # other people's work holds every slot
        background.start(release.wait(), f"busy {n}")

    status, _ = await slack_server.click("U_ANNA", seven["action_id"], seven["value"])
    assert status == 200
    async with sessions() as session:
        assert (await session.execute(select(CheckIn))).scalars().all() == []  # waiting, not dropped

    release.set()
    await slack_server.drain()
    async with sessions() as session:
        assert [a.confidence for a in (await session.execute(select(CheckIn))).scalars().all()] == [7]
    assert "vertrouwen 7/10" in str(slack_server.fake.of("chat.update")[-1].args["blocks"])


@pytest.fixture
def overload(slack_server, clock):
    """Other people's work holds every slot of the Slack edge's background and one more work has waited ``waited``
    seconds for a slot (by default the most allowed), until the returned event is set (at the latest when the test
    ends)."""
    releases: list[asyncio.Event] = []

    async def fill(waited: float = MAX_WAIT) -> asyncio.Event:
        background, release = slack_server.built.slack.background, asyncio.Event()
        for n in range(capacity(slack_server.built.slack.sessions.kw["bind"]) + 1):
            background.start(release.wait(), f"other {n}")
        releases.append(release)
        await asyncio.sleep(0)  # each has taken a slot or joined the line
        clock.seconds += waited
        return release

    yield fill
    for release in releases:
        release.set()


async def _okr_help(slack_server, user: str = "U_ANNA") -> tuple[int, str]:
    body = urlencode({"token": "unused", "team_id": TEAM, "team_domain": "acme", "channel_id": "C_SUPPORT",
                      "user_id": user, "command": "/okr", "text": "help", "api_app_id": "A0OKR",
                      "response_url": f"{slack_server.fake.base}/respond/{user}", "trigger_id": "trig-1"})
    headers = slack_server.signed_headers(body, content_type="application/x-www-form-urlencoded")
    async with slack_server.http.post(f"{slack_server.url}/slack/events", data=body.encode(),
                                      headers=headers) as response:
        return response.status, await response.text()


async def test_a_click_while_too_much_work_waits_is_answered_try_again_and_changes_nothing(
        slack_server, overload, sessions, load_org):
    blocks = await _checkin_dm(slack_server, sessions, load_org)
    seven = _button(blocks, "confidence:", "7")
    release = await overload()
    assert slack_server.built.slack.background.busy

    posts = len(slack_server.fake.of("chat.postMessage"))
    status, _ = await slack_server.click("U_ANNA", seven["action_id"], seven["value"])
    busy = await slack_server.fake.wait_for("chat.postMessage", posts + 1)
    assert status == 200
    assert busy[-1].args["channel"] == "D_ANNA"  # in the DM she clicked in, in her language, before any slot frees
    assert busy[-1].args["text"] == "Ik heb het nu heel druk, dus ik heb dat niet opgepakt. Probeer het zo nog eens."
    release.set()
    await slack_server.drain()
    async with sessions() as session:
        assert (await session.execute(select(CheckIn))).scalars().all() == []  # refused, not done later

    await slack_server.click("U_ANNA", seven["action_id"], seven["value"])  # a moment later it is taken
    await slack_server.drain()
    async with sessions() as session:
        assert [a.confidence for a in (await session.execute(select(CheckIn))).scalars().all()] == [7]


async def test_a_click_is_taken_while_the_first_in_line_has_waited_less_than_the_limit(slack_server, overload,
                                                                                      sessions, load_org):
    blocks = await _checkin_dm(slack_server, sessions, load_org)
    seven = _button(blocks, "confidence:", "7")
    background = slack_server.built.slack.background
    release = await overload(waited=MAX_WAIT - 0.1)
    assert not background.busy

    status, _ = await slack_server.click("U_ANNA", seven["action_id"], seven["value"])
    release.set()
    await slack_server.drain()
    async with sessions() as session:
        assert [a.confidence for a in (await session.execute(select(CheckIn))).scalars().all()] == [7]
    assert status == 200 and "druk" not in str([c.args for c in slack_server.fake.of("chat.postMessage")])


async def test_okr_help_while_too_much_work_waits_says_try_again_in_the_answer_itself(slack_server, overload,
                                                                                    sessions, load_org):
    await _checkin_dm(slack_server, sessions, load_org)  # Anna's language is known from her check-in DM
    release = await overload()
    status, text = await _okr_help(slack_server)
    assert status == 200
    assert json.loads(text) == {"text": "Ik heb het nu heel druk, dus ik heb dat niet opgepakt. Probeer het zo nog "
                                        "eens.", "response_type": "ephemeral"}
    release.set()
    await slack_server.drain()
    assert slack_server.fake.responses == []  # no help arrives minutes later

    status, text = await _okr_help(slack_server, user="U_STRANGER")  # capacity again: the usual answer follows
    [answer] = await slack_server.fake.wait_for_responses()
    assert (status, text) == (200, "") and answer["response_type"] == "ephemeral"


async def test_a_check_in_sent_while_too_much_work_waits_stays_open_with_try_again(slack_server, overload, sessions,
                                                                                 load_org):
    view = await _anna_modal(slack_server, sessions, load_org)
    release = await overload()
    status, body = await slack_server.submit("U_ANNA", view, _fields(view, "31", "7"))
    assert status == 200 and body["response_action"] == "errors"
    assert list(body["errors"].values()) == ["Ik heb het nu heel druk, dus ik heb dat niet opgepakt. Probeer het zo "
                                             "nog eens."]
    assert next(iter(body["errors"])).endswith(":confidence")  # next to a field of the form she still sees
    release.set()
    await slack_server.drain()
    assert await _count(sessions) == 0

    status, body = await slack_server.submit("U_ANNA", view, _fields(view, "31", "7"))  # sent again: recorded
    await slack_server.drain()
    assert (status, body) == (200, "") and await _count(sessions) == 1


async def test_a_click_on_a_message_with_a_response_url_hears_try_again_privately(slack_server, overload, sessions,
                                                                                 load_org):
    blocks = await _checkin_dm(slack_server, sessions, load_org)
    seven = _button(blocks, "confidence:", "7")
    release = await overload()
    status, _ = await slack_server.interaction({
        "type": "block_actions", "team": {"id": TEAM, "domain": "acme"}, "user": {"id": "U_ANNA", "team_id": TEAM},
        "api_app_id": "A0OKR", "trigger_id": "trig-2", "response_url": f"{slack_server.fake.base}/respond/U_ANNA",
        "container": {"type": "message", "message_ts": "1760000001.000100", "channel_id": "D_ANNA"},
        "channel": {"id": "D_ANNA"}, "message": {"ts": "1760000001.000100", "type": "message"},
        "actions": [{"type": "button", "action_id": seven["action_id"], "block_id": "b", "value": seven["value"],
                     "action_ts": "1760000002.000200"}]})
    [answer] = await slack_server.fake.wait_for_responses()
    assert status == 200
    assert (answer["response_type"], answer["replace_original"]) == ("ephemeral", False)  # her check-in DM stays
    assert answer["text"] == "Ik heb het nu heel druk, dus ik heb dat niet opgepakt. Probeer het zo nog eens."
    release.set()
    await slack_server.drain()
    assert await _count(sessions) == 0
