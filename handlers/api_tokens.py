"""API tokens: made, listed and revoked by an admin on the command line. The secret is shown once and only its
SHA-256 is kept (a token is 256 random bits, so a plain hash can't be searched back)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.api_access import SCOPES
from models.api_tokens import ApiToken, all_tokens, token_by_name
from models.org_queries import teams_by_name
from models.share_store import teams_by_id

PREFIX = "okr_"
MAX_NAME = 100


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class TokenLine:
    name: str
    scope: str
    team: str | None
    per_minute: int
    created_at: datetime
    revoked_at: datetime | None


async def issue_token(session: AsyncSession, *, name: str, scope: str, team: str | None, per_minute: int,
                      now: datetime) -> str:
    """Keep a new token and return its secret (the only time anyone sees it). ValueError says what is wrong."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise ValueError(f"a token's name has 1 to {MAX_NAME} characters")
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}")
    if per_minute < 1:
        raise ValueError("the rate limit is at least 1 request per minute")
    if await token_by_name(session, name=name) is not None:
        raise ValueError(f"a token named {name!r} exists already (names stay taken after a revoke: choose another)")
    team_id = None
    if team is not None:
        found = (await teams_by_name(session, names=[team])).get(team)
        if found is None:
            raise ValueError(f"no team named {team!r}")
        team_id = found.id
    secret = PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(name=name, token_hash=hash_token(secret), scope=scope, team_id=team_id,
                         per_minute=per_minute, created_at=now))
    await session.flush()
    return secret


async def revoke_token(session: AsyncSession, *, name: str, now: datetime) -> None:
    token = await token_by_name(session, name=name)
    if token is None:
        raise ValueError(f"no token named {name!r}")
    if token.revoked_at is None:
        token.revoked_at = now


async def token_lines(session: AsyncSession) -> list[TokenLine]:
    tokens = await all_tokens(session)
    teams = await teams_by_id(session, ids=sorted({t.team_id for t in tokens if t.team_id is not None}))
    return [TokenLine(t.name, t.scope, teams[t.team_id].name if t.team_id in teams else None, t.per_minute,
                      t.created_at, t.revoked_at) for t in tokens]
