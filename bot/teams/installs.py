"""Keeping the addresses current: who installed the app, which teams and channels it is in, who is in them.

The bot stores a Teams account whenever one shows up (a message, an install, a team's member list) and a channel
whenever the app is added to its team or someone writes there; an uninstall or removal marks them dead.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema import Activity, ChannelAccount

from bot.edges import Clock
from bot.messages import Message, Text
from bot.teams.inbound import (
    bot_is_among,
    channel_address,
    conversation_type,
    event_key,
    event_type,
    team_name,
    tenant_of,
    user_address,
)
from bot.teams.messenger import TeamsMessenger
from bot.teams.reliability import TeamsHttpError
from handlers.commands import unknown_person
from models import Person
from models.db import SessionFactory, transaction
from models.inbound import first_sighting
from models.teams_store import (
    PLATFORM,
    mark_channel_dead,
    mark_team_dead,
    mark_user_dead,
    move_to_teams,
    person_for_user,
    save_channel,
    save_user,
    team_in,
)
from prompts import normalize_locale, t

log = logging.getLogger(__name__)
PAGE_SIZE = 500
MAX_PAGES = 100
CHANNEL_SAVED = ("channelCreated", "channelRenamed", "channelRestored")


class Installs:
    def __init__(self, sessions: SessionFactory, clock: Clock, messenger: TeamsMessenger,
                 served: frozenset[str] = frozenset({PLATFORM})) -> None:
        self.sessions = sessions
        self.clock = clock
        self.messenger = messenger
        self.served = served  # the platforms this process sends through; a person on another one moves to Teams

    async def sender(self, turn_context: TurnContext) -> int | None:
        """Remember who wrote (and their 1:1 chat), and return the person they are; when the Teams ids match no
        one, ask the connector for the account's e-mail address and Azure AD id once and match on those."""
        activity = turn_context.activity
        if not activity.from_property or not activity.from_property.id:
            return None
        address = user_address(activity)
        async with transaction(self.sessions) as session:
            account = await save_user(session, address=address, now=self.clock(), revive=True)
            person = await self._recognised(session, account)
            if person or account.email:
                return person.id if person else None
        member = await self._member(turn_context, address.user_id)
        if member is None:
            return None
        email = getattr(member, "email", None) or getattr(member, "user_principal_name", None)
        looked_up = replace(address, email=email or None, aad_id=member.aad_object_id or address.aad_id)
        async with transaction(self.sessions) as session:
            account = await save_user(session, address=looked_up, now=self.clock(), revive=True)
            person = await self._recognised(session, account)
            return person.id if person else None

    async def _recognised(self, session, account) -> Person | None:
        """The person behind ``account``; one listed for a platform this process does not serve (a file written
        without ``platform:``, or a move from Slack) is reached on Teams from now on."""
        person = await person_for_user(session, user_id=account.user_id, aad_id=account.aad_id, email=account.email)
        if person and person.platform not in self.served and await move_to_teams(session, person=person):
            log.info("teams: person %s is reached on Teams from now on", person.id)
        return person

    async def channel_seen(self, activity: Activity) -> None:
        channel = channel_address(activity)
        if channel:
            async with transaction(self.sessions) as session:
                await save_channel(session, address=channel, now=self.clock())

    async def installed(self, turn_context: TurnContext) -> None:
        """installationUpdate/add: for a person, their chat; in a team, the channel and the team's members."""
        activity = turn_context.activity
        if conversation_type(activity) == "personal":
            await self.sender(turn_context)
            return
        await self.channel_seen(activity)
        channel = channel_address(activity)
        if channel:
            await self._roster(turn_context, channel.team_id)

    async def removed(self, activity: Activity) -> None:
        """installationUpdate/remove, or the bot removed from a conversation: stop sending there."""
        now = self.clock()
        channel = channel_address(activity)
        async with transaction(self.sessions) as session:
            if conversation_type(activity) == "personal":
                await mark_user_dead(session, user_id=activity.from_property.id, now=now)
            elif channel:
                await mark_team_dead(session, team_id=channel.team_id, now=now)

    async def channel_event(self, activity: Activity) -> None:
        """A channel created, renamed, restored or deleted in a team the app is in."""
        happened = event_type(activity)
        channel = channel_address(activity)
        if channel is None or not happened.startswith("channel"):
            return
        async with transaction(self.sessions) as session:
            if happened in CHANNEL_SAVED:
                await save_channel(session, address=channel, now=self.clock())
            elif happened == "channelDeleted":
                await mark_channel_dead(session, conversation_id=channel.conversation_id, now=self.clock())

    async def members_added(self, turn_context: TurnContext, members: list[ChannelAccount]) -> Message | None:
        """The app installed (the bot among the members) or people joining a team; returns the welcome to send."""
        activity = turn_context.activity
        if conversation_type(activity) == "personal":
            person_id = await self.sender(turn_context)
            return await self._welcome(activity, person_id) if bot_is_among(members, activity) else None
        await self.channel_seen(activity)
        others = [m for m in members if m.id != activity.recipient.id]
        if others:
            async with transaction(self.sessions) as session:
                for member in others:
                    await save_user(session, address=user_address(activity, member), now=self.clock(), revive=False)
        channel = channel_address(activity)
        if not bot_is_among(members, activity) or channel is None:
            return None
        await self._roster(turn_context, channel.team_id)
        return await self._welcome_team(activity, channel.team_id)

    async def members_removed(self, activity: Activity, members: list[ChannelAccount]) -> None:
        if bot_is_among(members, activity):
            await self.removed(activity)

    async def _welcome(self, activity: Activity, person_id: int | None) -> Message | None:
        async with transaction(self.sessions) as session:
            if not await self._first_time(session, activity):
                return None
            person = await session.get(Person, person_id) if person_id else None
        if person is None:
            return unknown_person(normalize_locale(activity.locale))
        text = t(person.locale, "teams.welcome", name=person.name.split()[0] if person.name else "")
        return Message("welcome", person.locale, (Text(text),))

    async def _welcome_team(self, activity: Activity, team_id: str) -> Message | None:
        name = team_name(activity)
        async with transaction(self.sessions) as session:
            if not await self._first_time(session, activity):
                return None
            team = await team_in(session, channel_ids=[team_id, activity.conversation.id.split(";")[0]], name=name)
        locale = team.locale if team else normalize_locale(activity.locale)
        return Message("welcome_team", locale, (Text(t(locale, "teams.welcome_team", team=name or "team")),))

    async def _first_time(self, session, activity: Activity) -> bool:
        key = event_key(activity)
        return key is None or await first_sighting(session, platform=PLATFORM, event_id=key, now=self.clock())

    async def _member(self, turn_context: TurnContext, user_id: str) -> ChannelAccount | None:
        activity = turn_context.activity
        try:
            return await self.messenger.attempt(lambda: TeamsInfo.get_member(turn_context, user_id),
                                                conversation=activity.conversation.id, tenant=tenant_of(activity))
        except TeamsHttpError as error:
            log.warning("could not look up Teams member %s: %s", user_id, error)
            return None

    async def _roster(self, turn_context: TurnContext, team_id: str) -> None:
        """Every member of the team, so their check-ins can open a 1:1 chat before they ever write."""
        activity, token = turn_context.activity, None
        for _ in range(MAX_PAGES):
            try:
                page = await self.messenger.attempt(
                    lambda token=token: TeamsInfo.get_paged_team_members(turn_context, team_id, token, PAGE_SIZE),
                    conversation=team_id, tenant=tenant_of(activity))
            except TeamsHttpError as error:
                log.warning("could not read the members of team %s (%s); they are remembered when they write",
                            team_id, error)
                return
            async with transaction(self.sessions) as session:
                for member in page.members or []:
                    address = user_address(activity, member, email=member.email or member.user_principal_name)
                    account = await save_user(session, address=address, now=self.clock(), revive=False)
                    await self._recognised(session, account)
            token = page.continuation_token
            if not token:
                return
