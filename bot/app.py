"""The process factory: settings in, a wired application out. Nothing is built at import time."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import utc_now
from bot.edges import Clock, Edge, build_edges
from bot.router import RouterMessenger
from bot.settings import Settings
from handlers.ports import Messenger
from models.db import SessionFactory, make_engine, make_session_factory, transaction, upgrade
from models.webhook_store import set_env_webhook


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine
    sessions: SessionFactory
    messenger: Messenger
    edges: list[Edge] = field(default_factory=list)

    async def close(self) -> None:
        for edge in self.edges:
            if edge.stop:
                await edge.stop()
        await self.engine.dispose()


async def create_app(settings: Settings, *, fallback: Messenger, migrate: bool = True, clock: Clock = utc_now) -> App:
    """Engine and sessions for ``settings.database_url`` (migrated to head), the configured platform edges, and
    the messenger that routes each recipient to their platform's edge; anyone else goes to ``fallback``."""
    engine = make_engine(settings.database_url)
    if migrate:
        try:
            await upgrade(engine)
            await _set_env_webhook(engine, settings)
        except BaseException:
            await engine.dispose()  # a store that can't be reached: let go of it before the loop ends
            raise
    sessions = make_session_factory(engine)
    edges = build_edges(settings, sessions, clock)
    channels = next((e.messenger for e in edges if e.posts_to_channels), None)
    messenger = RouterMessenger({e.platform: e.messenger for e in edges}, fallback, channels)
    return App(settings, engine, sessions, messenger, edges)


async def _set_env_webhook(engine: AsyncEngine, settings: Settings) -> None:
    for attempt in range(2):
        try:
            async with transaction(make_session_factory(engine)) as session:
                await set_env_webhook(session, url=settings.webhook_url, events=settings.webhook_events)
            return
        except IntegrityError:  # another process starting at the same moment added it: read it again
            if attempt:
                raise
