"""The Slack messenger: neutral messages out as Block Kit, paced, to a person's DM or a team channel."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.messages import Message
from bot.slack.blocks import fallback_text, message_pages
from bot.slack.pacing import Pacer
from bot.slack.workspaces import REVOKED, Workspace, Workspaces
from handlers.ports import DeliveryFailed, Recipient

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Posted:
    channel: str
    ts: str


@dataclass
class SlackMessenger:
    workspaces: Workspaces
    pacer: Pacer

    async def send(self, recipient: Recipient, message: Message) -> None:
        """A direct message, in the app's Messages tab of the person."""
        workspace = await self.workspaces.for_user(recipient.platform_user_id)
        await self.post_in(workspace, recipient.platform_user_id, message)

    async def post(self, channel: str, message: Message) -> None:
        """A team channel post; the channel belongs to one of the running workspaces (usually the only one)."""
        candidates = await self.workspaces.running()
        for workspace in candidates:
            try:
                await self.post_in(workspace, channel, message)
                return
            except DeliveryFailed as error:
                if len(candidates) == 1 or "channel_not_found" not in str(error):
                    raise
        raise DeliveryFailed(f"no running workspace has channel {channel}")

    async def post_in(self, workspace: Workspace, channel: str, message: Message) -> Posted:
        """Post every page of ``message``; the first page's channel and ts name the message for updates."""
        first: Posted | None = None
        for blocks in message_pages(message):
            await self.pacer.wait(workspace.team_id, channel)
            response = await self._call(workspace, "chat_postMessage", channel=channel, blocks=blocks,
                                        text=fallback_text(message), unfurl_links=False)
            first = first or Posted(response["channel"], response["ts"])
        return first

    async def update(self, workspace: Workspace, channel: str, ts: str, message: Message) -> None:
        """Show ``message`` in place of the one at ``ts``; pages beyond the first follow as new messages."""
        first, *rest = message_pages(message)
        await self._call(workspace, "chat_update", channel=channel, ts=ts, blocks=first, text=fallback_text(message))
        for blocks in rest:
            await self.pacer.wait(workspace.team_id, channel)
            await self._call(workspace, "chat_postMessage", channel=channel, blocks=blocks,
                             text=fallback_text(message))

    async def _call(self, workspace: Workspace, method: str, **arguments):
        try:
            return await getattr(workspace.client, method)(**arguments)
        except SlackApiError as error:
            code = str(error.response.get("error", "unknown_error"))
            if code in REVOKED:
                await self.workspaces.stop(workspace.team_id, code)
            raise DeliveryFailed(f"{method.replace('_', '.')}: {code}") from None
        except (aiohttp.ClientError, TimeoutError) as error:
            raise DeliveryFailed(f"{method.replace('_', '.')}: {type(error).__name__}") from None
