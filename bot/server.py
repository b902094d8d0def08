"""The one aiohttp server: the platforms' webhooks, the REST API (bot/api/) and a health check."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot import api
from bot.app_keys import SESSIONS
from bot.clock import utc_now
from models.db import SessionFactory

MAX_BODY = 1024 * 1024


def build_web_app(*, sessions: SessionFactory, routes: Sequence[web.RouteDef] = (),
                  clock: Callable[[], datetime] = utc_now) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY)
    app[SESSIONS] = sessions
    app.router.add_get("/healthz", healthz)
    api.install(app, clock=clock)
    app.add_routes(routes)
    return app


async def healthz(request: web.Request) -> web.Response:
    """200 when the database answers, 503 when it doesn't (the reason stays in the log, not the response)."""
    try:
        async with request.app[SESSIONS]() as session:
            await session.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        return web.json_response({"status": "database unavailable"}, status=503)
    return web.json_response({"status": "ok"})


class _MalformedHttp(logging.Filter):
    """aiohttp logs a request it cannot even parse (a header over 8 KB, a broken request line) with a traceback at
    ERROR and answers it 400 itself: the client's fault, so one line at INFO, and nobody can fill the log with it."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError) and 400 <= (error.code or 0) < 500:
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.msg, record.args, record.exc_info = "refused a malformed HTTP request: %s", (error.message,), None
        return True


async def serve(app: web.Application, host: str, port: int) -> web.AppRunner:
    server_log = logging.getLogger("aiohttp.server")
    if not any(isinstance(f, _MalformedHttp) for f in server_log.filters):
        server_log.addFilter(_MalformedHttp())
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
