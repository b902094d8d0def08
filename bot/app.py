"""The process factory: settings in, a wired application out. Nothing is built at import time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.router import RouterMessenger
from handlers.ports import Messenger
from models.db import SessionFactory, make_engine, make_session_factory, upgrade


@dataclass
class App:
    engine: AsyncEngine
    sessions: SessionFactory
    messenger: Messenger

    async def close(self) -> None:
        await self.engine.dispose()


async def create_app(settings, *, fallback: Messenger, migrate: bool = True) -> App:
    """Engine and sessions for ``settings.database_url`` (migrated to head), and the messenger that routes
    each recipient to their platform's edge; without chat credentials everything goes to ``fallback``."""
    engine = make_engine(settings.database_url)
    if migrate:
        await upgrade(engine)
    messenger = RouterMessenger(edges={}, fallback=fallback)
    return App(engine, make_session_factory(engine), messenger)
