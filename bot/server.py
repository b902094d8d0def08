"""The one aiohttp server: the platforms' webhooks and a health check."""

from __future__ import annotations

from collections.abc import Sequence

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from models.db import SessionFactory

MAX_BODY = 1024 * 1024


def build_web_app(*, sessions: SessionFactory, routes: Sequence[web.RouteDef] = ()) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY)
    app["sessions"] = sessions
    app.router.add_get("/healthz", healthz)
    app.add_routes(routes)
    return app


async def healthz(request: web.Request) -> web.Response:
    """200 when the database answers, 503 when it doesn't (the reason stays in the log, not the response)."""
    try:
        async with request.app["sessions"]() as session:
            await session.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        return web.json_response({"status": "database unavailable"}, status=503)
    return web.json_response({"status": "ok"})


async def serve(app: web.Application, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
