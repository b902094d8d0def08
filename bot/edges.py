"""The chat platforms this process serves, chosen by the settings. Each platform's folder builds its own edge."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from aiohttp import web

from bot.settings import Settings
from handlers.ports import Messenger
from models.db import SessionFactory

Clock = Callable[[], datetime]


@dataclass
class Edge:
    """A platform: how to reach people on it, the HTTP routes it serves, and what to start and stop."""

    platform: str
    messenger: Messenger
    routes: list[web.RouteDef] = field(default_factory=list)
    posts_to_channels: bool = True
    start: Callable[[], Awaitable[None]] | None = None
    stop: Callable[[], Awaitable[None]] | None = None


def build_edges(settings: Settings, sessions: SessionFactory, clock: Clock) -> list[Edge]:
    """One edge per platform with credentials in ``settings``; none means the console."""
    edges: list[Edge] = []
    # Each platform registers here, importing its SDK only when configured:
    #   if settings.slack_enabled: edges.append(bot.slack.edge(settings, sessions, clock))
    #   if settings.teams_enabled: edges.append(bot.teams.edge(settings, sessions, clock))
    if settings.slack_enabled:
        from bot import slack

        edges.append(slack.edge(settings, sessions, clock))
    if settings.teams_enabled:
        from bot import teams

        edges.append(teams.edge(settings, sessions, clock))
    return edges
