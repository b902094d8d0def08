"""Requests Slack did not sign, or signed too long ago, are refused; a retried event is acted on once."""

from __future__ import annotations

import json
import time
from datetime import date

from sqlalchemy import func, select

from models import InboundEvent, Person
from tests.absences import last_days
from tests.bot.slack.conftest import TEAM
from tests.orgs import SMALL_ORG

AWAY_TYPED = {"type": "message", "channel_type": "im", "channel": "D_ANNA", "user": "U_ANNA",
              "text": "away 2026-12-24", "ts": "1760000010.000100"}


def _event_body(event_id: str = "Ev42") -> str:
    return json.dumps({"token": "unused", "team_id": TEAM, "api_app_id": "A0OKR", "type": "event_callback",
                       "event_id": event_id, "event_time": 1760000000, "event": AWAY_TYPED})


async def _inbound(sessions) -> int:
    async with sessions() as session:
        return (await session.execute(select(func.count()).select_from(InboundEvent))).scalar_one()


async def _anna(sessions) -> Person:
    async with sessions() as session:
        return (await session.execute(select(Person).where(Person.platform_user_id == "U_ANNA"))).scalar_one()


async def test_a_bad_signature_is_refused_with_401_and_nothing_is_recorded(slack_server, sessions, load_org):
    await load_org(SMALL_ORG)
    body = _event_body()
    headers = slack_server.signed_headers(body, secret="not-the-signing-secret")
    assert await slack_server.send(body, headers) == 401
    await slack_server.drain()
    assert await _inbound(sessions) == 0
    assert await last_days(sessions, "U_ANNA") == []
    assert slack_server.fake.of("chat.postMessage") == []


async def test_a_timestamp_older_than_five_minutes_is_refused_with_401(slack_server, sessions, load_org):
    await load_org(SMALL_ORG)
    body, calls_before = _event_body(), len(slack_server.fake.calls)
    stale = slack_server.signed_headers(body, timestamp=int(time.time()) - 6 * 60)
    assert await slack_server.send(body, stale) == 401
    tampered = slack_server.signed_headers(body)
    assert await slack_server.send(body.replace("2026-12-24", "2027-01-06"), tampered) == 401
    await slack_server.drain()
    assert await _inbound(sessions) == 0
    assert await last_days(sessions, "U_ANNA") == []
    assert len(slack_server.fake.calls) == calls_before  # no Web API call at all


async def test_a_signed_request_is_answered(slack_server, sessions, load_org):
    await load_org(SMALL_ORG)
    body = _event_body()
    assert await slack_server.send(body, slack_server.signed_headers(body)) == 200
    await slack_server.drain()
    assert await last_days(sessions, "U_ANNA") == [(date(2026, 12, 24), "typed")]


async def test_an_event_retried_by_slack_is_recorded_once(slack_server, sessions, load_org):
    await load_org(SMALL_ORG)
    first = await slack_server.event(AWAY_TYPED, event_id="Ev42")
    again = await slack_server.event(AWAY_TYPED, event_id="Ev42", retry=1)
    once_more = await slack_server.event(AWAY_TYPED, event_id="Ev42", retry=2)
    await slack_server.drain()
    assert [first.status, again.status, once_more.status] == [200, 200, 200]
    replies = slack_server.fake.of("chat.postMessage")
    assert len(replies) == 1 and replies[0].args["channel"] == "D_ANNA"
    assert "tot en met 24 december" in json.dumps(replies[0].args["blocks"])
    assert await _inbound(sessions) == 1


async def test_the_url_verification_handshake_is_answered(slack_server):
    body = json.dumps({"token": "unused", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                       "type": "url_verification"})
    async with slack_server.http.post(f"{slack_server.url}/slack/events", data=body,
                                      headers=slack_server.signed_headers(body)) as response:
        assert response.status == 200
        assert (await response.json())["challenge"].startswith("3eZbrw1")
