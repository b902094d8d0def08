"""Proactive messages: check-ins, surveys and digests sent later to the chats and channels the bot has seen.

A person the bot never saw in Teams is skipped (``okrbot doctor`` lists them); a 403 means the app was blocked or
removed, so the address is marked dead and nothing more is sent there until the person comes back. Neither raises:
retrying could only fail again. Throttling and gateway errors are retried here, paced; when they persist the
delivery fails and the tick tries again after its lease, a bounded number of times.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import (
    Activity,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)

from bot.background import Background
from bot.edges import Clock
from bot.messages import Message
from bot.teams.connector import connector_call
from bot.teams.reliability import Backoff, Pacer, TeamsHttpError
from bot.teams.render import copy_activity, fits, outgoing
from handlers.ports import DeliveryFailed, Recipient
from models import Person
from models.db import SessionFactory, transaction
from models.teams_store import (
    TeamsChannel,
    TeamsUser,
    account_of,
    channel_of,
    mark_channel_dead,
    mark_user_dead,
    set_conversation,
)

log = logging.getLogger(__name__)
FORBIDDEN = 403
Target = TeamsUser | TeamsChannel


@dataclass
class TeamsMessenger:
    adapter: CloudAdapter
    sessions: SessionFactory
    clock: Clock
    app_id: str
    pacer: Pacer
    backoff: Backoff
    background: Background = field(default_factory=lambda: Background("teams"))  # replies sent after the answer

    async def send(self, recipient: Recipient, message: Message) -> None:
        """A direct message in the person's one-to-one chat with the bot, opened first when there is none yet."""
        await self.send_to(recipient.person_id, message)

    async def send_to(self, person_id: int, message: Message) -> bool:
        """True when delivered; False when the person can't be reached in Teams (never seen, or blocked the app)."""
        async with self.sessions() as session:
            person = await session.get(Person, person_id)
            account = await account_of(session, person=person) if person else None
        if account is None or account.dead:
            why = "blocked or removed the app" if account else "has never been seen in Teams (see okrbot doctor)"
            log.warning("not sending %s to person %s: %s", message.kind, person_id, why)
            return False
        try:
            if account.conversation_id is None:
                await self._open_chat(account)
            await self.deliver(reference(account), outgoing(message), tenant=account.tenant_id)
        except TeamsHttpError as error:
            await self._failed(error, account, f"person {person_id}")
            return False
        return True

    async def post(self, channel: str, message: Message) -> str | None:
        """A new post in a team channel the app was added to. Returns the id Teams gave it, the handle ``update``
        edits it by. DeliveryFailed when the app is not (or no longer) in that channel's team: nothing was posted,
        so the post stays due and the tick tries again later, once the app may have been added."""
        target = await self._channel(channel, message)
        if target is None:
            raise DeliveryFailed(f"Teams: the okrbot app is not in the team of channel {channel} (yet)")
        for chart in message.charts:
            if not fits(chart):
                log.warning("chart %s of %s is too big for a Teams message; only its title is posted",
                            chart.filename, message.kind)
        # Always a card: a post may be edited later, and its edit is a card too, the same kind of message in place.
        try:
            return await self.deliver(reference(target), outgoing(message, as_card=True), tenant=target.tenant_id)
        except TeamsHttpError as error:
            await self._failed(error, target, f"channel {channel}")
            return None

    async def update(self, channel: str, handle: str, message: Message) -> None:
        """Show ``message`` in place of the channel post ``handle``: a PUT of the activity with that id. The charts
        go along again: an edit replaces the whole activity, attachments included."""
        target = await self._channel(channel, message)
        if target is None:
            raise DeliveryFailed(f"Teams: the okrbot app is not in the team of channel {channel} any more")
        replacement = outgoing(message, as_card=True, replaces=handle)

        async def edit(context: TurnContext) -> None:
            context.activity.id = None  # the continuation's own id would become a replyToId
            await context.update_activity(copy_activity(replacement))

        try:
            await self.attempt(lambda: self.adapter.continue_conversation(reference(target), edit, self.app_id),
                               conversation=channel, tenant=target.tenant_id)
        except TeamsHttpError as error:
            await self._failed(error, target, f"channel {channel}")

    async def _channel(self, channel: str, message: Message) -> TeamsChannel | None:
        async with self.sessions() as session:
            target = await channel_of(session, conversation_id=channel)
        if target is None or target.dead:
            log.warning("not posting %s to %s: the okrbot app is not in that channel's team", message.kind, channel)
            return None
        return target

    async def deliver(self, to: ConversationReference, activity: Activity, *, tenant: str) -> str | None:
        """Send one activity to a conversation, paced and retried; returns the id Teams gave it."""
        sent: list[str | None] = []

        async def send(context: TurnContext) -> None:
            # botbuilder gives the continuation a random id and would send a reply to it; a proactive message is a
            # new message in the conversation (in a channel: a new post, not a reply in some thread).
            context.activity.id = None
            response = await context.send_activity(copy_activity(activity))
            sent.append(response.id if response else None)

        await self.attempt(lambda: self.adapter.continue_conversation(to, send, self.app_id),
                           conversation=to.conversation.id, tenant=tenant)
        return sent[-1] if sent else None

    async def attempt(self, call: Callable[[], Awaitable], *, conversation: str, tenant: str):
        """One connector call under the pacing and retry rules; failures come out as ``TeamsHttpError``."""

        async def paced():
            await self.pacer.wait(conversation=conversation, tenant=tenant)
            return await connector_call(call)

        return await self.backoff.run(paced)

    async def _open_chat(self, account: TeamsUser) -> None:
        """Start the one-to-one chat with someone known from a team's roster, and keep it for next time."""
        parameters = ConversationParameters(
            is_group=False, bot=ChannelAccount(id=account.bot_id), members=[ChannelAccount(id=account.user_id)],
            tenant_id=account.tenant_id or None, channel_data={"tenant": {"id": account.tenant_id}},
        )
        opened: list[str] = []

        async def keep(context: TurnContext) -> None:
            opened.append(context.activity.conversation.id)

        await self.attempt(
            lambda: self.adapter.create_conversation(self.app_id, keep, parameters, account.channel_id,
                                                     account.service_url),
            conversation=f"new:{account.user_id}", tenant=account.tenant_id,
        )
        account.conversation_id = opened[-1]
        async with transaction(self.sessions) as session:
            await set_conversation(session, user_id=account.user_id, conversation_id=account.conversation_id,
                                   now=self.clock())

    async def _failed(self, error: TeamsHttpError, target: Target, who: str) -> None:
        if error.status != FORBIDDEN:
            raise DeliveryFailed(f"Teams: {error}") from error
        log.warning("Teams refused delivery to %s (403: app blocked or removed); no more deliveries there", who)
        async with transaction(self.sessions) as session:
            if isinstance(target, TeamsUser):
                await mark_user_dead(session, user_id=target.user_id, now=self.clock())
            else:
                await mark_channel_dead(session, conversation_id=target.conversation_id, now=self.clock())


def reference(target: Target) -> ConversationReference:
    """The ConversationReference botbuilder continues a conversation from."""
    if isinstance(target, TeamsUser):
        conversation = ConversationAccount(id=target.conversation_id, tenant_id=target.tenant_id or None,
                                           conversation_type="personal")
        user = ChannelAccount(id=target.user_id, aad_object_id=target.aad_id)
    else:
        conversation = ConversationAccount(id=target.conversation_id, tenant_id=target.tenant_id or None,
                                           conversation_type="channel", is_group=True)
        user = None
    return ConversationReference(channel_id=target.channel_id, service_url=target.service_url,
                                 conversation=conversation, bot=ChannelAccount(id=target.bot_id), user=user)
