"""The two servers bench/interactions.py compares, each in its own process so its RSS is its own: a bare slack-bolt
app that only acknowledges, and okrbot's Slack edge on a prepared store. Both are served by the project's aiohttp
server through the same adapter (bot.slack.web.routes). Prints ``PORT <n>`` once listening.

    .venv/bin/python bench/interactions_serve.py bare --slack-api URL
    .venv/bin/python bench/interactions_serve.py okrbot --store URL --slack-api URL
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from aiohttp import web  # noqa: E402
from slack_bolt.async_app import AsyncApp  # noqa: E402
from slack_sdk.web.async_client import AsyncWebClient  # noqa: E402

from bench.slack_ack import NOW, SECRET  # noqa: E402
from bot.server import build_web_app, serve  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.slack import build  # noqa: E402
from bot.slack.web import routes  # noqa: E402
from bot.warm import warm_up  # noqa: E402
from models.db import make_engine, make_session_factory  # noqa: E402

DRAIN = "/bench/drain"


def bare_routes(slack_api: str) -> list[web.RouteDef]:
    """Its single-workspace authorisation asks the same fake Web API once (auth.test), as okrbot's does."""
    client = AsyncWebClient(token="xoxb-bench", base_url=slack_api)
    app = AsyncApp(client=client, signing_secret=SECRET, process_before_response=True)  # as okrbot's

    async def only_ack(ack) -> None:
        await ack()

    app.action(re.compile(".*"))(only_ack)
    app.command("/okr")(only_ack)
    app.view(re.compile(".*"))(only_ack)

    async def drain(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    return [*routes(app, events=True, signing_secret=SECRET), web.post(DRAIN, drain)]


async def run(kind: str, store: str, slack_api: str) -> None:
    engine = make_engine(store or "sqlite+aiosqlite://")
    sessions = make_session_factory(engine)
    if kind == "bare":
        app, stop = build_web_app(sessions=sessions, routes=bare_routes(slack_api)), None
    else:
        settings = Settings(slack_bot_token="xoxb-bench", slack_signing_secret=SECRET, slack_api_url=slack_api,
                            slack_posts_per_minute=1_000_000)
        edge = build(settings, sessions, lambda: NOW)

        async def drain(_request: web.Request) -> web.Response:
            await edge.slack.background.drain()
            return web.Response(text="ok")

        app, stop = build_web_app(sessions=sessions, routes=[*edge.routes, web.post(DRAIN, drain)]), edge.stop
        await edge.start()
    warm_up()  # as `okrbot run` does; the bare app too, so both start from the same footing
    runner = await serve(app, "127.0.0.1", 0)
    print(f"PORT {runner.addresses[0][1]}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        if stop:
            await stop()
        await runner.cleanup()
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["bare", "okrbot"])
    parser.add_argument("--store", default="")
    parser.add_argument("--slack-api", default="")
    args = parser.parse_args()
    asyncio.run(run(args.kind, args.store, args.slack_api))  # until the bench terminates it


if __name__ == "__main__":
    main()
