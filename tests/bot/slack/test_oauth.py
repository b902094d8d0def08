"""The OAuth install flow for several workspaces: installations are kept in the project's database."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select

from bot.settings import Settings
from handlers.ports import DeliveryFailed, Recipient
from models.slack_store import slack_bots, slack_installations
from scheduler.tick import tick
from tests.bot.slack.conftest import NOW, SECRET, start_slack_server, stop_slack_server
from tests.orgs import SMALL_ORG


def oauth_settings(fake) -> Settings:
    return Settings(slack_client_id="111.222", slack_client_secret="client-secret", slack_signing_secret=SECRET,
                    slack_api_url=fake.url)


async def _install(server) -> str:
    """Walk through /slack/install and /slack/oauth_redirect as a browser does; returns the success page."""
    async with server.http.get(f"{server.url}/slack/install", allow_redirects=False) as response:
        page = await response.text()
        cookie = response.headers.get("Set-Cookie", "").split(";")[0]
    authorize = re.search(r'href="(https://slack.com/oauth/v2/authorize[^"]+)"', page)[1].replace("&amp;", "&")
    query = parse_qs(urlparse(authorize).query)
    assert query["client_id"] == ["111.222"]
    assert query["scope"] == ["chat:write,commands,files:write,im:history,im:write,channels:history,groups:history,"
                              "users:read"]
    redirect = f"{server.url}/slack/oauth_redirect?code=the-code&state={query['state'][0]}"
    async with server.http.get(redirect, headers={"Cookie": cookie}, allow_redirects=False) as response:
        assert response.status == 200, await response.text()
        return await response.text()


async def test_a_workspace_installs_the_app_and_gets_its_check_ins(sessions, load_org, fake_slack, clock):
    await load_org(SMALL_ORG)
    server = await start_slack_server(sessions, fake_slack, clock, oauth_settings(fake_slack))
    try:
        assert {r.path for r in server.built.routes} == {"/slack/events", "/slack/install", "/slack/oauth_redirect"}
        await _install(server)
        exchange = fake_slack.of("oauth.v2.access")[0].args
        assert exchange["code"] == "the-code" and "client-secret" not in str(server.built.slack.settings)
        async with sessions() as session:
            bots = (await session.execute(select(slack_bots.c.team_id, slack_bots.c.bot_token))).all()
            installs = (await session.execute(select(slack_installations.c.team_id))).scalars().all()
        assert bots == [("T0NEW", "xoxb-installed-token")] and installs == ["T0NEW"]

        report = await tick(sessions=sessions, messenger=server.built.slack.messenger, now=NOW)
        assert report.sent["checkin"] == 2
        assert {c.token for c in fake_slack.of("chat.postMessage")} == {"xoxb-installed-token"}

        await server.event({"type": "app_uninstalled"}, event_id="EvBye", team="T0NEW")
        await server.drain()
        async with sessions() as session:
            assert (await session.execute(select(slack_bots.c.id))).all() == []
        anna = Recipient(1, "slack", "U_ANNA", "Anna", "nl")
        with pytest.raises(DeliveryFailed):
            await server.built.slack.messenger.send(anna, report_message())
    finally:
        await stop_slack_server(server)


def report_message():
    from bot.messages import Message, Text

    return Message("notice", "en", (Text("hello"),))
