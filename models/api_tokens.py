"""API tokens (stored as a hash, never the secret) and the answers kept for an ``Idempotency-Key``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime

SCOPES = ("read", "values", "admin")


class ApiToken(SQLModel, table=True):
    """Who may call the REST API: a name people know it by, a scope, optionally one team, a rate limit."""

    __tablename__ = "apitoken"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    token_hash: str = Field(max_length=64, unique=True)  # sha256 of the token: the token itself is shown once
    scope: str = Field(max_length=16)
    team_id: int | None = Field(default=None, foreign_key="team.id")
    per_minute: int = 120
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


class ApiIdempotency(SQLModel, table=True):
    """The first answer to a write with an ``Idempotency-Key``, per token: a retry gets it again."""

    __tablename__ = "apiidempotency"
    __table_args__ = (UniqueConstraint("token_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    token_id: int = Field(foreign_key="apitoken.id")
    key: str = Field(max_length=200)
    request_hash: str = Field(max_length=64)
    status: int
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


async def token_by_hash(session: AsyncSession, *, token_hash: str) -> ApiToken | None:
    """The live token with this hash; None when unknown or revoked."""
    statement = select(ApiToken).where(ApiToken.token_hash == token_hash, ApiToken.revoked_at.is_(None))
    return (await session.execute(statement)).scalars().first()


async def token_by_name(session: AsyncSession, *, name: str) -> ApiToken | None:
    return (await session.execute(select(ApiToken).where(ApiToken.name == name))).scalars().first()


async def all_tokens(session: AsyncSession) -> list[ApiToken]:
    return list((await session.execute(select(ApiToken).order_by(ApiToken.name))).scalars())


async def kept_answer(session: AsyncSession, *, token_id: int, key: str) -> ApiIdempotency | None:
    statement = select(ApiIdempotency).where(ApiIdempotency.token_id == token_id, ApiIdempotency.key == key)
    return (await session.execute(statement)).scalars().first()
