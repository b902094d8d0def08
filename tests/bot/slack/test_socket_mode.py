"""Socket Mode: with SLACK_APP_TOKEN the bot opens a WebSocket to Slack instead of serving /slack/events."""

from __future__ import annotations

import json

from bot.edges import build_edges
from bot.settings import Settings
from tests.bot.slack.conftest import BOT_TOKEN, TEAM, start_slack_server, stop_slack_server
from tests.orgs import SMALL_ORG


def socket_settings(fake) -> Settings:
    return Settings(slack_bot_token=BOT_TOKEN, slack_app_token="xapp-test-token", slack_api_url=fake.url)


async def test_socket_mode_acknowledges_and_answers_over_the_websocket(sessions, load_org, fake_slack, clock):
    await load_org(SMALL_ORG)
    fake_slack.socket_url = fake_slack.base.replace("http", "ws") + "/socket"
    server = await start_slack_server(sessions, fake_slack, clock, socket_settings(fake_slack))
    try:
        assert server.built.routes == []  # nothing to serve over HTTP
        async with server.http.post(f"{server.url}/slack/events", data="{}") as response:
            assert response.status == 404
        opened = fake_slack.of("apps.connections.open")
        assert len(opened) == 1 and opened[0].token == "xapp-test-token"
        await fake_slack.wait_until(lambda: fake_slack.ws is not None)

        command = {"token": "unused", "team_id": TEAM, "user_id": "U_BEN", "command": "/okr", "text": "mine",
                   "response_url": f"{fake_slack.base}/respond/U_BEN", "trigger_id": "trig-s", "channel_id": "C1"}
        await fake_slack.ws.send_json({"envelope_id": "env-1", "type": "slash_commands", "payload": command,
                                       "accepts_response_payload": True})
        event = {"type": "event_callback", "team_id": TEAM, "event_id": "EvSock1",
                 "event": {"type": "message", "channel_type": "im", "channel": "D_BEN", "user": "U_BEN",
                           "text": "away 2026-12-24", "ts": "1760000030.000100"}}
        for envelope in ("env-2", "env-3"):  # the same event delivered twice
            await fake_slack.ws.send_json({"envelope_id": envelope, "type": "events_api", "payload": event,
                                           "retry_attempt": 0, "accepts_response_payload": False})
        await fake_slack.wait_until(lambda: len(fake_slack.acks) >= 3)
        await fake_slack.wait_for_responses(1)
        await server.drain()
    finally:
        await stop_slack_server(server)

    assert sorted(a["envelope_id"] for a in fake_slack.acks) == ["env-1", "env-2", "env-3"]  # each acknowledged
    assert "Your OKRs in 2026-Q4" in json.dumps(fake_slack.responses[0]["blocks"])
    replies = fake_slack.of("chat.postMessage")
    assert len(replies) == 1 and "away through 24 December" in json.dumps(replies[0].args["blocks"])


def test_the_slack_edge_is_built_when_slack_is_configured(sessions):
    edges = build_edges(Settings(slack_bot_token=BOT_TOKEN, slack_signing_secret="s"), sessions, lambda: None)
    assert [e.platform for e in edges] == ["slack"]
    assert [r.path for r in edges[0].routes] == ["/slack/events"]
    assert build_edges(Settings(), sessions, lambda: None) == []
