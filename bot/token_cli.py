"""``okrbot tokens create|list|revoke``: the REST API's tokens (bot/cli.py parses the arguments)."""

from __future__ import annotations

from datetime import datetime

from bot.settings import Settings
from handlers.api_tokens import TokenLine, issue_token, revoke_token, token_lines
from models.db import make_engine, make_session_factory, transaction, upgrade


async def _sessions(settings: Settings):
    engine = make_engine(settings.database_url)
    await upgrade(engine)
    return engine, make_session_factory(engine)


async def create(settings: Settings, *, name: str, scope: str, team: str | None, per_minute: int,
                 now: datetime) -> str:
    engine, sessions = await _sessions(settings)
    try:
        async with transaction(sessions) as session:
            return await issue_token(session, name=name, scope=scope, team=team, per_minute=per_minute, now=now)
    finally:
        await engine.dispose()


async def revoke(settings: Settings, *, name: str, now: datetime) -> None:
    engine, sessions = await _sessions(settings)
    try:
        async with transaction(sessions) as session:
            await revoke_token(session, name=name, now=now)
    finally:
        await engine.dispose()


async def listing(settings: Settings) -> list[TokenLine]:
    engine, sessions = await _sessions(settings)
    try:
        async with sessions() as session:
            return await token_lines(session)
    finally:
        await engine.dispose()


def render(line: TokenLine) -> str:
    state = f"revoked {line.revoked_at:%Y-%m-%d}" if line.revoked_at else f"created {line.created_at:%Y-%m-%d}"
    return (f"{line.name}  scope {line.scope}  {'team ' + line.team if line.team else 'whole organisation'}  "
            f"{line.per_minute}/min  {state}")
