"""The Slack edge: check-ins in DMs with buttons and modals, /okr, the App Home, posts to team channels.

``edge(settings, sessions, clock)`` builds it: HTTP (``POST /slack/events``) with ``SLACK_BOT_TOKEN`` and
``SLACK_SIGNING_SECRET``, Socket Mode with ``SLACK_APP_TOKEN``, the OAuth install flow for several workspaces with
``SLACK_CLIENT_ID`` and ``SLACK_CLIENT_SECRET``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from aiohttp import web
from slack_bolt.async_app import AsyncApp

from bot.edges import Edge
from bot.settings import Settings
from bot.slack.app import bolt_app, installation_store, web_client
from bot.slack.background import Background
from bot.slack.messenger import SlackMessenger
from bot.slack.pacing import Monotonic, Pacer, Sleep
from bot.slack.runtime import PLATFORM, Slack
from bot.slack.socket_mode import SocketMode
from bot.slack.web import routes
from bot.slack.workspaces import Workspaces
from models.db import SessionFactory, capacity


@dataclass
class SlackEdge:
    """Everything the Slack edge is made of; ``edge()`` is what the process needs of it."""

    slack: Slack
    app: AsyncApp
    routes: list[web.RouteDef]
    socket: SocketMode | None

    async def start(self) -> None:
        if not self.slack.workspaces.multi:
            await self.slack.workspaces.resume_single()
        if self.socket:
            await self.socket.start()

    async def stop(self) -> None:
        if self.socket:
            await self.socket.stop()
        await self.slack.background.close()

    def edge(self) -> Edge:
        return Edge(platform=PLATFORM, messenger=self.slack.messenger, routes=self.routes, start=self.start,
                    stop=self.stop)


def build(settings: Settings, sessions: SessionFactory, clock: Callable[[], datetime], *,
          sleep: Sleep = asyncio.sleep, monotonic: Monotonic = time.monotonic) -> SlackEdge:
    """The Slack edge for ``settings``; ``sleep`` and ``monotonic`` pace the posts (tests pass a fake clock)."""
    engine = sessions.kw["bind"]
    pacer = Pacer(settings.slack_posts_per_minute, clock=monotonic, sleep=sleep)
    workspaces = make_workspaces(settings, sessions, clock, sleep=sleep, pacer=pacer)
    background = Background(capacity=capacity(engine), monotonic=monotonic)
    slack = Slack(settings, sessions, clock, background, workspaces, SlackMessenger(workspaces, pacer))
    app = bolt_app(slack, engine, sleep=sleep)
    socket = SocketMode(app, settings.slack_app_token) if settings.slack_app_token else None
    return SlackEdge(slack, app, routes(app, events=socket is None, signing_secret=settings.slack_signing_secret),
                     socket)


def make_workspaces(settings: Settings, sessions: SessionFactory, clock: Callable[[], datetime], *,
                    sleep: Sleep = asyncio.sleep, pacer: Pacer | None = None) -> Workspaces:
    """The workspaces the settings reach: one bot token, or the installations of the OAuth flow."""

    def client_for(team_id: str, token: str):
        on_wait = (lambda seconds: pacer.hold(team_id, seconds)) if pacer else None
        return web_client(settings, token, sleep=sleep, on_wait=on_wait)

    return Workspaces(sessions, clock, client_for, token=settings.slack_bot_token, client_id=settings.slack_client_id,
                      store=installation_store(settings, sessions.kw["bind"]))


def edge(settings: Settings, sessions: SessionFactory, clock: Callable[[], datetime]) -> Edge:
    return build(settings, sessions, clock).edge()
