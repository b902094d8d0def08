"""Which workspace, and so which token, reaches a Slack user or channel; and which workspaces are stopped.

With ``SLACK_BOT_TOKEN`` there is one workspace (found with ``auth.test``). With the OAuth install flow there are
as many as installed the app: each user's workspace is learned from their requests and from ``okrbot slack sync``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from handlers.ports import DeliveryFailed
from models.db import SessionFactory, transaction
from models.slack_store import installed_teams, is_stopped, resume_workspace, stop_workspace, team_of_member

log = logging.getLogger(__name__)

REVOKED = ("token_revoked", "account_inactive", "invalid_auth", "not_authed")


@dataclass(frozen=True)
class Workspace:
    team_id: str
    client: AsyncWebClient


@dataclass
class Workspaces:
    sessions: SessionFactory
    clock: Callable[[], datetime]
    client_for: Callable[[str, str], AsyncWebClient]  # (team id, token) -> a client for that workspace
    token: str = field(default="", repr=False)
    client_id: str = ""
    store: AsyncInstallationStore | None = None
    _single: Workspace | None = None

    @property
    def multi(self) -> bool:
        return self.store is not None

    async def single(self) -> Workspace:
        """The one workspace of ``SLACK_BOT_TOKEN``, asked once with auth.test."""
        if self._single is None:
            probe = self.client_for("", self.token)
            try:
                team_id = (await probe.auth_test())["team_id"]
            except SlackApiError as error:
                raise DeliveryFailed(f"auth.test failed: {error.response.get('error')}") from None
            except (aiohttp.ClientError, TimeoutError) as error:
                raise DeliveryFailed(f"Slack unreachable: {type(error).__name__}") from None
            self._single = Workspace(team_id, self.client_for(team_id, self.token))
        return self._single

    async def for_team(self, team_id: str) -> Workspace:
        if not self.multi:
            return await self.single()
        bot = await self.store.async_find_bot(enterprise_id=None, team_id=team_id)
        if bot is None or not bot.bot_token:
            raise DeliveryFailed(f"okrbot is not installed in workspace {team_id}")
        return Workspace(team_id, self.client_for(team_id, bot.bot_token))

    async def for_user(self, user_id: str) -> Workspace:
        """The workspace to reach ``user_id`` through; DeliveryFailed when it is unknown or stopped."""
        if self.multi:
            async with self.sessions() as session:
                team_id = await team_of_member(session, user_id=user_id)
                teams = [] if team_id else await installed_teams(session, client_id=self.client_id)
            if team_id is None and len(teams) != 1:
                raise DeliveryFailed(f"no Slack workspace known for {user_id}; run okrbot slack sync")
            workspace = await self.for_team(team_id or teams[0])
        else:
            workspace = await self.single()
        await self.check_running(workspace.team_id)
        return workspace

    async def running(self) -> list[Workspace]:
        """Every workspace that is installed and not stopped."""
        if not self.multi:
            workspace = await self.single()
            async with self.sessions() as session:
                return [] if await is_stopped(session, team_id=workspace.team_id) else [workspace]
        async with self.sessions() as session:
            teams = await installed_teams(session, client_id=self.client_id)
        found = []
        for team_id in teams:
            try:
                found.append(await self.for_team(team_id))
            except DeliveryFailed as error:
                log.warning("slack: skipping workspace %s: %s", team_id, error)
        return found

    async def check_running(self, team_id: str) -> None:
        async with self.sessions() as session:
            if await is_stopped(session, team_id=team_id):
                raise DeliveryFailed(f"okrbot was uninstalled from workspace {team_id} or its token revoked")

    async def stop(self, team_id: str, reason: str) -> None:
        """Deliver nothing more to this workspace: its tokens no longer work."""
        log.warning("slack: stopping deliveries to workspace %s (%s)", team_id, reason)
        async with transaction(self.sessions) as session:
            await stop_workspace(session, team_id=team_id, reason=reason, now=self.clock())
        if self.store is not None:
            await self.store.async_delete_bot(enterprise_id=None, team_id=team_id)
            await self.store.async_delete_installation(enterprise_id=None, team_id=team_id)

    async def resume(self, team_id: str) -> None:
        async with transaction(self.sessions) as session:
            await resume_workspace(session, team_id=team_id, now=self.clock())

    async def resume_single(self) -> None:
        """At start with SLACK_BOT_TOKEN: a token that passes auth.test means its workspace works again."""
        try:
            workspace = await self.single()
        except DeliveryFailed as error:
            log.error("slack: SLACK_BOT_TOKEN does not work: %s", error)
            return
        await self.resume(workspace.team_id)
