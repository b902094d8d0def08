"""Slack workspaces: installations (in the layout slack-sdk's SQLAlchemy stores read), stopped workspaces, and which
workspace each Slack user belongs to.

The three ``slack_*`` tables are declared here, column for column as slack-sdk's ``AsyncSQLAlchemyInstallationStore``
and ``AsyncSQLAlchemyOAuthStateStore`` build them, so that Alembic creates them with the rest of the schema; the
store classes themselves live in ``bot/slack`` (only ``bot/`` imports slack-sdk). A test keeps both layouts equal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from models.db import insert_for
from models.types import UTCDateTime

INSTALLATIONS = "slack_installations"
BOTS = "slack_bots"
OAUTH_STATES = "slack_oauth_states"


class SlackWorkspace(SQLModel, table=True):
    """A workspace the bot delivers to; ``stopped_at`` is set when the app was uninstalled or its tokens revoked."""

    __tablename__ = "slackworkspace"

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, unique=True)
    stopped_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    stopped_reason: str | None = Field(default=None, max_length=32)
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class SlackMember(SQLModel, table=True):
    """The workspace of a Slack user, so a message to them goes out with that workspace's token."""

    __tablename__ = "slackmember"

    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(max_length=32, unique=True)
    team_id: str = Field(max_length=32, index=True)


slack_installations = Table(
    INSTALLATIONS,
    SQLModel.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(32), nullable=False),
    Column("app_id", String(32), nullable=False),
    Column("enterprise_id", String(32)),
    Column("enterprise_name", String(200)),
    Column("enterprise_url", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    Column("bot_token", String(200)),
    Column("bot_id", String(32)),
    Column("bot_user_id", String(32)),
    Column("bot_scopes", String(1000)),
    Column("bot_refresh_token", String(200)),
    Column("bot_token_expires_at", DateTime),
    Column("user_id", String(32), nullable=False),
    Column("user_token", String(200)),
    Column("user_scopes", String(1000)),
    Column("user_refresh_token", String(200)),
    Column("user_token_expires_at", DateTime),
    Column("incoming_webhook_url", String(200)),
    Column("incoming_webhook_channel", String(200)),
    Column("incoming_webhook_channel_id", String(200)),
    Column("incoming_webhook_configuration_url", String(200)),
    Column("is_enterprise_install", Boolean, default=False, nullable=False),
    Column("token_type", String(32)),
    Column("installed_at", DateTime, nullable=False, default=func.now()),
    Index(f"{INSTALLATIONS}_idx", "client_id", "enterprise_id", "team_id", "user_id", "installed_at"),
)

slack_bots = Table(
    BOTS,
    SQLModel.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(32), nullable=False),
    Column("app_id", String(32), nullable=False),
    Column("enterprise_id", String(32)),
    Column("enterprise_name", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    Column("bot_token", String(200)),
    Column("bot_id", String(32)),
    Column("bot_user_id", String(32)),
    Column("bot_scopes", String(1000)),
    Column("bot_refresh_token", String(200)),
    Column("bot_token_expires_at", DateTime),
    Column("is_enterprise_install", Boolean, default=False, nullable=False),
    Column("installed_at", DateTime, nullable=False, default=func.now()),
    Index(f"{BOTS}_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
)

slack_oauth_states = Table(
    OAUTH_STATES,
    SQLModel.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)



async def stop_workspace(session: AsyncSession, *, team_id: str, reason: str, now: datetime) -> None:
    """Deliver nothing more to this workspace until it is installed again."""
    statement = insert_for(session)(SlackWorkspace).values(
        team_id=team_id, stopped_at=now, stopped_reason=reason[:32], updated_at=now
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["team_id"], set_={"stopped_at": now, "stopped_reason": reason[:32], "updated_at": now}
        )
    )


async def resume_workspace(session: AsyncSession, *, team_id: str, now: datetime) -> None:
    """The app works in this workspace (again): a fresh install, or a token that passed auth.test."""
    statement = insert_for(session)(SlackWorkspace).values(team_id=team_id, updated_at=now)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["team_id"], set_={"stopped_at": None, "stopped_reason": None, "updated_at": now}
        )
    )


async def is_stopped(session: AsyncSession, *, team_id: str) -> bool:
    statement = select(SlackWorkspace.stopped_at).where(SlackWorkspace.team_id == team_id)
    return (await session.execute(statement)).scalar_one_or_none() is not None


async def remember_members(session: AsyncSession, *, team_id: str, user_ids: Sequence[str]) -> None:
    """Note (or move) these users as members of ``team_id``."""
    if not user_ids:
        return
    statement = insert_for(session)(SlackMember)
    statement = statement.on_conflict_do_update(
        index_elements=["user_id"], set_={"team_id": statement.excluded.team_id}
    )
    await session.execute(statement, [{"user_id": u[:32], "team_id": team_id} for u in dict.fromkeys(user_ids)])


async def team_of_member(session: AsyncSession, *, user_id: str) -> str | None:
    statement = select(SlackMember.team_id).where(SlackMember.user_id == user_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def installed_teams(session: AsyncSession, *, client_id: str) -> list[str]:
    """Workspaces with a bot token from the OAuth install flow, stopped ones left out."""
    stopped = select(SlackWorkspace.team_id).where(SlackWorkspace.stopped_at.is_not(None))
    statement = (
        select(slack_bots.c.team_id)
        .distinct()
        .where(
            slack_bots.c.client_id == client_id,
            slack_bots.c.bot_token.is_not(None),
            slack_bots.c.team_id.is_not(None),
            slack_bots.c.team_id.not_in(stopped),
        )
        .order_by(slack_bots.c.team_id)
    )
    return list((await session.execute(statement)).scalars())


async def workspace_count(session: AsyncSession, *, stopped: bool | None = None) -> int:
    statement = select(func.count(SlackWorkspace.id))
    if stopped is not None:
        condition = SlackWorkspace.stopped_at.is_not(None) if stopped else SlackWorkspace.stopped_at.is_(None)
        statement = statement.where(condition)
    return (await session.execute(statement)).scalar_one()
