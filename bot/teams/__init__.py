"""The Microsoft Teams edge. Every botbuilder import lives in this package, so moving to another SDK (the Bot
Framework SDK is archived; the Microsoft 365 Agents SDK succeeds it) touches this folder alone."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable

from bot.background import Background
from bot.edges import Clock, Edge
from bot.settings import Settings
from models.db import SessionFactory, capacity

log = logging.getLogger(__name__)


def edge(settings: Settings, sessions: SessionFactory, clock: Clock, *,
         sleep: Callable[[float], Awaitable[None]] = asyncio.sleep, monotonic: Callable[[], float] = time.monotonic,
         jitter: Callable[[], float] = random.random) -> Edge:
    """The Teams bot behind POST /api/messages and the messenger for proactive sends. ``sleep``, ``monotonic`` and
    ``jitter`` drive pacing and backoff; tests pass a fake clock so nothing waits for real."""
    from bot.teams.connector import bot_app_id, make_adapter, messages_route
    from bot.teams.handler import OkrTeamsBot
    from bot.teams.messenger import TeamsMessenger
    from bot.teams.reliability import Backoff, Pacer

    if settings.teams_local:
        log.warning("TEAMS_LOCAL is on: /api/messages accepts requests without authentication (local testing only)")
    adapter = make_adapter(settings)
    background = Background("teams", capacity=capacity(sessions.kw["bind"]), monotonic=monotonic)
    messenger = TeamsMessenger(adapter, sessions, clock, bot_app_id(settings), Pacer(monotonic, sleep),
                               Backoff(sleep, jitter), background)
    bot = OkrTeamsBot(sessions=sessions, clock=clock, messenger=messenger, ai=_ai(settings),
                      min_respondents=settings.min_respondents, served=_served(settings))
    route = messages_route(adapter, bot, requires_token=bool(bot_app_id(settings)))
    return Edge(platform="teams", messenger=messenger, routes=[route], stop=messenger.background.close)


def _served(settings: Settings) -> frozenset[str]:
    """The platforms this process sends through: people on any other are moved to Teams when they show up here."""
    return frozenset({"teams", "slack"} if settings.slack_enabled else {"teams"})


def _ai(settings: Settings):
    """The coach's AI model; the openai package is only imported when a key is configured."""
    if not settings.openai_api_key:
        return None
    from bot.ai import ai_client

    return ai_client(settings)
