"""The HTTP server answers health checks from the database's point of view."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.server import build_web_app
from models.db import make_engine, make_session_factory


async def test_healthz_is_ok_while_the_database_answers(sessions):
    async with TestClient(TestServer(build_web_app(sessions=sessions))) as client:
        response = await client.get("/healthz")
        assert response.status == 200
        assert await response.json() == {"status": "ok"}


async def test_healthz_is_503_without_a_database_and_says_nothing_secret(tmp_path):
    engine = make_engine("postgresql+asyncpg://okr:s3cret-pass@127.0.0.1:1/none")
    try:
        async with TestClient(TestServer(build_web_app(sessions=make_session_factory(engine)))) as client:
            response = await client.get("/healthz")
            assert response.status == 503
            assert "s3cret" not in await response.text()
    finally:
        await engine.dispose()
