"""The REST API under /api/v1/ on the bot's one aiohttp server (see docs/openapi.json)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from bot.api.limits import RateLimits
from bot.api.operations import routes
from bot.api.problems import problems
from bot.app_keys import API_CLOCK, API_LIMITS


def install(app: web.Application, *, clock: Callable[[], datetime], ticks: Callable[[], float] = time.monotonic
            ) -> None:
    """Add the API's routes and its error middleware to ``app`` (before it starts); ``clock`` dates pushed
    values, ``ticks`` (seconds, monotonic) refills the rate limits."""
    from bot.api.spec import SPEC_PATH, document

    spec = document()

    async def openapi(_request: web.Request) -> web.Response:
        return web.json_response(spec)

    app[API_CLOCK], app[API_LIMITS] = clock, RateLimits(ticks)
    app.middlewares.append(problems)
    app.router.add_get(SPEC_PATH, openapi)
    app.add_routes(routes())
