"""The HTTP side: Slack's requests on the project's aiohttp server. An adapter only translates: aiohttp request
-> bolt request -> bolt response -> aiohttp response."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from bot.slack.screen import screen

log = logging.getLogger(__name__)

EVENTS = "/slack/events"
INSTALL = "/slack/install"
OAUTH_REDIRECT = "/slack/oauth_redirect"


def routes(app: AsyncApp, *, events: bool, signing_secret: str,
           wall_clock: Callable[[], float] = time.time) -> list[web.RouteDef]:
    """``POST /slack/events`` over HTTP (not in Socket Mode), and the install flow when OAuth is configured.
    ``wall_clock`` is the real time a signature's timestamp is checked against (tests may pass another)."""
    found: list[web.RouteDef] = []

    async def dispatch(request: web.Request) -> web.Response:
        refusal = screen(await request.read(), request.headers, secret=signing_secret, wall_clock=wall_clock())
        if refusal is not None:
            log.info("refused a request to %s: %s", EVENTS, refusal.reason)
            return web.Response(status=refusal.status, text=refusal.reason)
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
