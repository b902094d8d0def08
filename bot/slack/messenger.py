"""The Slack messenger: neutral messages out as Block Kit, paced, to a person's DM or a team channel.

A channel post is named by a handle, ``team:channel:ts`` of its first page, so a later ``update`` finds the
workspace, the channel id (chat.update refuses a channel name) and the message again, in whichever process runs it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.messages import Chart, Message
from bot.slack.blocks import fallback_text, message_pages
from bot.slack.delivered import channel_holds, dm_holds, metadata
from bot.slack.pacing import Pacer
from bot.slack.workspaces import REVOKED, Workspace, Workspaces
from handlers.ports import DeliveryFailed, Recipient

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Posted:
    channel: str
    ts: str


@dataclass(frozen=True)
class Handle:
    """Where a post is: the workspace, the channel id and the ts of its first page."""

    team_id: str
    channel: str
    ts: str

    def __str__(self) -> str:
        return f"{self.team_id}:{self.channel}:{self.ts}"

    @classmethod
    def parse(cls, text: str) -> Handle:
        team_id, channel, ts = [*text.split(":", 2), "", ""][:3]
        if not (team_id and channel and ts):
            raise DeliveryFailed(f"not a Slack post handle: {text!r}")
        return cls(team_id, channel, ts)


@dataclass
class SlackMessenger:
    workspaces: Workspaces
    pacer: Pacer
    # The language of each person written to or heard from: a failure while the store is down is told in it.
    languages: dict[str, str] = field(default_factory=dict)

    async def send(self, recipient: Recipient, message: Message) -> None:
        """A direct message, in the app's Messages tab of the person."""
        self.languages[recipient.platform_user_id] = recipient.locale
        workspace = await self.workspaces.for_user(recipient.platform_user_id)
        await self.post_in(workspace, recipient.platform_user_id, message)

    async def was_delivered(self, recipient: Recipient, message: Message) -> bool | None:
        """Whether the person's DM holds ``message`` (found by its ``ref``, bot/slack/delivered.py)."""
        if not message.ref:
            return None
        workspace = await self.workspaces.for_user(recipient.platform_user_id)
        return await dm_holds(self._caller(workspace), recipient.platform_user_id, message)

    async def was_posted(self, channel: str, message: Message) -> bool | None:
        """Whether ``channel`` holds ``message``, in any of the running workspaces."""
        if not message.ref:
            return None
        candidates = await self.workspaces.running()
        for workspace in candidates:
            try:
                return await channel_holds(self._caller(workspace), channel, message)
            except DeliveryFailed as error:
                if len(candidates) == 1 or "channel_not_found" not in str(error):
                    raise
        return False

    def _caller(self, workspace: Workspace):
        async def call(method: str, **arguments):
            return await self._call(workspace, method, **arguments)

        return call

    async def post(self, channel: str, message: Message) -> str:
        """A team channel post; the channel belongs to one of the running workspaces (usually the only one).

        Returns the handle ``update`` takes to edit the post in place."""
        candidates = await self.workspaces.running()
        for workspace in candidates:
            try:
                posted = await self.post_in(workspace, channel, message)
                return str(Handle(workspace.team_id, posted.channel, posted.ts))
            except DeliveryFailed as error:
                if len(candidates) == 1 or "channel_not_found" not in str(error):
                    raise
        raise DeliveryFailed(f"no running workspace has channel {channel}")

    async def update(self, channel: str, handle: str, message: Message) -> None:
        """Show ``message`` in place of the post ``handle`` names; its charts were uploaded with the post already.

        The channel id comes from the handle: ``channel`` may be a name, which chat.update does not take."""
        where = Handle.parse(handle)
        workspace = await self.workspaces.for_team(where.team_id)
        if workspace.team_id != where.team_id:  # SLACK_BOT_TOKEN now belongs to another workspace
            raise DeliveryFailed(f"workspace {where.team_id} of post {handle} is not the one running")
        await self.workspaces.check_running(where.team_id)
        await self.update_in(workspace, where.channel, where.ts, message)

    async def post_in(self, workspace: Workspace, channel: str, message: Message) -> Posted:
        """Post every page of ``message``, then upload its charts; the first page's channel and ts name the
        message for updates."""
        first: Posted | None = None
        for blocks in message_pages(message):
            await self.pacer.wait(workspace.team_id, channel)
            extra = {"metadata": metadata(message)} if first is None and message.ref else {}
            response = await self._call(workspace, "chat_postMessage", channel=channel, blocks=blocks,
                                        text=fallback_text(message), unfurl_links=False, **extra)
            first = first or Posted(response["channel"], response["ts"])
        for chart in message.charts:
            try:
                await self.upload(workspace, first.channel, chart)
            except DeliveryFailed as error:  # the post is up: failing it now would post it twice on the retry
                log.warning("posted %s in %s without its chart %s: %s", message.kind, first.channel, chart.filename,
                            error)
        return first

    async def upload(self, workspace: Workspace, channel: str, chart: Chart) -> None:
        """A chart as a file shared in the channel, right under the post it belongs to.

        Not in the post's thread: a team reads the channel, and a picture behind "1 reply" is one nobody opens.
        ``channel`` is an id (a DM's D..., not a user's U...), as files.completeUploadExternal needs."""
        await self.pacer.wait(workspace.team_id, channel)
        await self._call(workspace, "files_upload_v2", channel=channel, file=chart.png, filename=chart.filename,
                         title=chart.title, alt_txt=chart.title)

    async def update_in(self, workspace: Workspace, channel: str, ts: str, message: Message) -> None:
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
        except SlackRequestError as error:  # files_upload_v2: the upload URL refused the bytes
            raise DeliveryFailed(f"{method.replace('_', '.')}: {error}") from None
        except (aiohttp.ClientError, TimeoutError) as error:
            raise DeliveryFailed(f"{method.replace('_', '.')}: {type(error).__name__}") from None
