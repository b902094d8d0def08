"""Forged, stale or malformed requests to /slack/events get 401 or 400 with a reason, never a 500, and change
nothing: the signature is checked over the raw bytes before anything in the body is read."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time

import pytest
from sqlalchemy import func, select

from models import CheckIn, InboundEvent
from tests.bot.slack.conftest import SECRET, TEAM
from tests.fuzz import mutated
from tests.orgs import SMALL_ORG

FORM = "application/x-www-form-urlencoded"


def _signed(body: bytes, content_type: str, *, timestamp: str | None = None) -> dict[str, str]:
    stamp = timestamp or str(int(time.time()))
    digest = hmac.new(SECRET.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}", "Content-Type": content_type}


async def _post(slack_server, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    async with slack_server.http.post(f"{slack_server.url}/slack/events", data=body, headers=headers) as response:
        return response.status, await response.text()


async def _rows(sessions) -> int:
    async with sessions() as session:
        counts = [(await session.execute(select(func.count()).select_from(m))).scalar_one()
                  for m in (InboundEvent, CheckIn)]
    return sum(counts)


@pytest.mark.parametrize(("body", "headers"), [
    (b"not json at all", {"Content-Type": "application/json"}),                      # no signature headers
    (b"{}", {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=ab",
             "Content-Type": "application/json"}),                                   # a timestamp that is no number
    (b"{}", {"X-Slack-Request-Timestamp": "²³", "X-Slack-Signature": "v0=ab",
             "Content-Type": "application/json"}),                                   # digits int() would not read
    (b"{}", {"X-Slack-Request-Timestamp": "9" * 40, "X-Slack-Signature": "v0=ab",
             "Content-Type": "application/json"}),                                   # a huge number
    (b"\xff\xfe\x00", {"X-Slack-Request-Timestamp": "1", "X-Slack-Signature": "v0=ab",
                       "Content-Type": "application/json"}),                         # not UTF-8, not signed
])
async def test_unsigned_or_badly_stamped_requests_get_401_before_the_body_is_read(
        slack_server, sessions, load_org, caplog, body, headers):
    await load_org(SMALL_ORG)
    with caplog.at_level(logging.INFO):
        status, _ = await _post(slack_server, body, headers)
    assert status == 401
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert await _rows(sessions) == 0


@pytest.mark.parametrize(("body", "content_type"), [
    (b"\xff\xfe not utf-8", "application/json"),
    (b'{"type": "event_callback", "event": ', "application/json"),
    (b'["a", "list"]', "application/json"),
    (b"[" * 100_000 + b"]" * 100_000, "application/json"),
    (b"payload=%7Bnot+json", "application/x-www-form-urlencoded"),
    (b"payload=1&payload=2", "application/x-www-form-urlencoded"),
    (b"<xml/>", "text/xml"),
    (b"payload=", "application/x-www-form-urlencoded"),                       # bolt would read "" as JSON
    (b'{"type": "event_callback", "event": ', "application/x-www-form-urlencoded"),  # bolt reads "{" as JSON
    (b"command=/okr&text=help&user_id=U_ANNA&team_id=T0OKR", FORM),          # no response_url to answer at
    (b"command=/okr&text=help&user_id=U_ANNA&response_url=http%3A%2F%2F%5B%3A%3A1", FORM),  # one no client opens
    (b"text=help&user_id=U_ANNA", FORM),                                     # neither a command nor a payload
])
async def test_signed_but_malformed_bodies_get_a_4xx_and_change_nothing(
        slack_server, sessions, load_org, caplog, body, content_type):
    await load_org(SMALL_ORG)
    with caplog.at_level(logging.INFO):
        status, reason = await _post(slack_server, body, _signed(body, content_type))
    assert status in (400, 415) and reason
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    await slack_server.drain()
    assert await _rows(sessions) == 0
    assert slack_server.fake.of("chat.postMessage") == []



@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
async def test_signed_payloads_of_the_wrong_shape_get_4xx_and_no_listener_fails(slack_server, sessions, load_org,
                                                                                 caplog):
    """Real button payloads of Anna's check-in, each with one field removed or replaced by a value of another
    type: every one is answered 2xx or 4xx, none fails after the acknowledgement, and no check-in is recorded from
    a payload Slack could not have sent."""
    import random

    from tests.bot.slack.test_checkin_dm import _checkin_dm

    blocks = await _checkin_dm(slack_server, sessions, load_org)
    buttons = [e for b in blocks for e in b.get("elements", []) if e.get("type") == "button"]
    rng = random.Random(20261204)
    statuses = []
    with caplog.at_level(logging.WARNING):
        for _ in range(150):
            button = rng.choice(buttons)
            payload = {
                "type": "block_actions", "team": {"id": TEAM, "domain": "acme"},
                "user": {"id": "U_ANNA", "team_id": TEAM}, "api_app_id": "A0OKR", "trigger_id": "t",
                "container": {"type": "message", "message_ts": "1.1", "channel_id": "D_ANNA"},
                "channel": {"id": "D_ANNA"}, "message": {"ts": "1.1", "type": "message"},
                "actions": [{"type": "button", "action_id": button["action_id"], "block_id": "b",
                             "value": button.get("value", ""), "action_ts": "1.2"}],
            }
            statuses.append((await slack_server.interaction(mutated(payload, rng)))[0])
        await slack_server.drain()
    assert all(status < 500 for status in statuses), sorted(set(statuses))
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info] == []


async def test_a_header_too_long_to_read_gets_400_without_a_traceback(slack_server, caplog):
    with caplog.at_level(logging.INFO):
        status, _ = await _post(slack_server, b"{}", {"X-Slack-Signature": "v0=" + "a" * 20_000,
                                                      "Content-Type": "application/json"})
    assert status == 400
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


@pytest.mark.parametrize("profile", [7, "away", {"status_emoji": ":palm_tree:", "status_expiration": "soon"}])
async def test_a_user_change_whose_profile_is_of_another_shape_gets_400(slack_server, sessions, load_org, caplog,
                                                                        profile):
    """Slack always sends the profile as an object with a numeric expiry; anything else used to fail after the ack."""
    await load_org(SMALL_ORG)
    event = {"type": "user_change", "user": {"id": "U_ANNA", "tz": "Europe/Amsterdam", "profile": profile}}
    with caplog.at_level(logging.INFO):
        response = await slack_server.event(event, event_id="EvProfile")
        await slack_server.drain()
    assert response.status == 400
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert await _rows(sessions) == 0


@pytest.mark.parametrize("state", [{"selected_option": True}, {"selected_option": {"value": 7}}, {"value": ["7"]}])
async def test_a_view_whose_input_state_has_another_shape_gets_400(slack_server, sessions, load_org, caplog, state):
    await load_org(SMALL_ORG)
    view = {"type": "modal", "callback_id": "away", "private_metadata": "{}", "blocks": []}
    with caplog.at_level(logging.INFO):
        status, _ = await slack_server.submit("U_ANNA", view, {"until": state})
        await slack_server.drain()
    assert status == 400
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert await _rows(sessions) == 0


@pytest.mark.parametrize("blocks", [[{"block_id": "kr:1:value", "element": "plain_text_input"}], "kr:1:value", 7])
async def test_a_check_in_view_whose_blocks_have_another_shape_is_answered_without_an_error(
        slack_server, sessions, load_org, caplog, blocks):
    await load_org(SMALL_ORG)
    meta = '{"kind": "checkin", "slot": "2026-10-12", "period": "1", "page": "0", "pages": "1", "locale": "nl"}'
    view = {"type": "modal", "callback_id": "checkin", "private_metadata": meta, "blocks": blocks}
    with caplog.at_level(logging.INFO):
        status, _ = await slack_server.submit("U_ANNA", view, {"kr:1:value": {"type": "plain_text_input",
                                                                               "value": "veel"}})
        await slack_server.drain()
    assert status < 500
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
