"""The HTTP side: Slack's requests on the project's aiohttp server. An adapter only translates: aiohttp request
-> bolt request -> bolt response -> aiohttp response."""

from __future__ import annotations

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

EVENTS = "/slack/events"
INSTALL = "/slack/install"
OAUTH_REDIRECT = "/slack/oauth_redirect"


def routes(app: AsyncApp, *, events: bool) -> list[web.RouteDef]:
    """``POST /slack/events`` over HTTP (not in Socket Mode), and the install flow when OAuth is configured."""
    found: list[web.RouteDef] = []

    async def dispatch(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    if events:
        found.append(web.post(EVENTS, dispatch))
    if app.oauth_flow is not None:

        async def install(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await app.oauth_flow.handle_installation(await to_bolt_request(request)))

        async def redirect(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await app.oauth_flow.handle_callback(await to_bolt_request(request)))

        found += [web.get(INSTALL, install), web.get(OAUTH_REDIRECT, redirect)]
    return found
