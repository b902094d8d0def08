"""The Teams bot: activities in, the core's commands and replies through, cards and texts back.

Every activity that names a person or channel updates where the bot can reach them (see ``installs``). Messages are
typed commands or card submits; each is recorded once even when Teams delivers it twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from botbuilder.core import ActivityHandler, TurnContext
from botbuilder.schema import Activity, ChannelAccount

from bot.edges import Clock
from bot.messages import AwayUntil, Message
from bot.teams import installs
from bot.teams.inbound import card_submit, command_text, conversation_type, event_key, tenant_of
from bot.teams.messenger import TeamsMessenger
from bot.teams.reliability import RETRYABLE, TeamsHttpError
from bot.teams.render import copy_activity, outgoing
from handlers.commands import handle_command, handle_reply, help_message, unknown_person
from handlers.ports import AiClient, DeliveryFailed
from models import Person
from models.db import SessionFactory, transaction
from models.inbound import first_sighting, seen_before
from models.teams_store import PLATFORM
from prompts import normalize_locale, t

log = logging.getLogger(__name__)
PUBLIC_KINDS = ("help", "team", "unknown_person")  # what may be answered in a channel; the rest goes to the 1:1 chat


class OkrTeamsBot(ActivityHandler):
    def __init__(self, *, sessions: SessionFactory, clock: Clock, messenger: TeamsMessenger,
                 ai: AiClient | None = None, min_respondents: int = 3,
                 served: frozenset[str] = frozenset({"teams"})) -> None:
        self.sessions = sessions
        self.clock = clock
        self.messenger = messenger
        self.ai = ai  # for ``coach``; None: the coach answers from its templates
        self.min_respondents = min_respondents  # OKRBOT_MIN_RESPONDENTS, for survey results
        self.installs = installs.Installs(sessions, clock, messenger, served)
        self.languages: dict[str, str] = {}  # Teams user id -> the person's language, for answers without the store

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        background = self.messenger.background
        if background.busy:  # more work waits than clears in a moment: "try again" now, rather than an answer later
            sender = activity.from_property.id if activity.from_property else ""
            locale = self.languages.get(sender) or normalize_locale(activity.locale)  # no store read when busy
            busy = Activity(type="message", text=t(locale, "trouble.busy"))
            self._later(activity, lambda context: self.reply(context, busy), "busy")
            return  # nothing recorded, not even the activity's id: sent again, it is handled
        async with background.slot():  # the store's capacity, shared with the work done after answers
            handled = await self._handle(turn_context)
        if handled is not None:
            self._later(activity, handled, "reply")

    async def _handle(self, turn_context: TurnContext) -> Callable[[TurnContext], Awaitable[None]] | None:
        """Record what the message says; returns how to answer it (None: it arrived before and was answered)."""
        activity = turn_context.activity
        person_id = await self.installs.sender(turn_context)
        await self.installs.channel_seen(activity)
        key = event_key(activity)
        try:
            async with transaction(self.sessions) as session:
                # Looked up first and recorded last: a command that waits for the AI coach holds no write meanwhile
                # (on SQLite that would keep every other write waiting).
                if key and await seen_before(session, platform=PLATFORM, event_id=key):
                    raise _Repeat
                person = await session.get(Person, person_id) if person_id else None
                submitted, answer = await self._answer(session, person, activity)
                if key and not await first_sighting(session, platform=PLATFORM, event_id=key, now=self.clock()):
                    raise _Repeat  # a copy was handled meanwhile: this one's work is rolled back
        except _Repeat:
            log.info("activity %s arrived again; it was handled the first time", activity.id)
            return None
        if person is not None:  # after the answer: "lang en" changes it
            self.languages[activity.from_property.id] = person.locale

        async def respond(context: TurnContext) -> None:
            if submitted and activity.reply_to_id and not isinstance(submitted, AwayUntil):
                await self._replace(context, answer, activity.reply_to_id)
            elif person and conversation_type(activity) != "personal" and answer.kind not in PUBLIC_KINDS:
                await self._privately(context, person, answer)
            else:
                await self.reply(context, outgoing(answer))

        return respond

    def _later(self, inbound: Activity, respond: Callable[[TurnContext], Awaitable[None]], name: str) -> None:
        """Answer after Teams got its HTTP answer: a reply that must be retried (throttled, a gateway error) may take
        longer than the 15 seconds Teams waits. Replies in one conversation go out in the order they came in."""
        reference = TurnContext.get_conversation_reference(inbound)

        async def turn(context: TurnContext) -> None:
            context.activity.id = inbound.id  # a reply, as if sent within the request (in a channel: in the thread)
            context.activity.channel_data = inbound.channel_data  # the tenant, for pacing
            await respond(context)

        conversation = inbound.conversation.id if inbound.conversation else ""
        # A reply is a send (retried with pauses when Teams throttles), not store work: it takes no slot of the
        # store's capacity, so a throttled conversation never makes the bot look busy to everyone else.
        self.messenger.background.start(
            _delivered(self.messenger.adapter.continue_conversation(reference, turn, self.messenger.app_id),
                       conversation), name, in_turn=f"conversation:{conversation}", store=False)

    async def _answer(self, session, person: Person | None, activity: Activity) -> tuple[object, Message]:
        """The neutral reply or command the message carries, and the core's answer to it."""
        if person is None:
            return None, unknown_person(normalize_locale(activity.locale))
        now = self.clock()
        if activity.value is None:
            return None, await handle_command(session, person=person, text=command_text(activity), now=now,
                                              ai=self.ai, min_respondents=self.min_respondents)
        submitted = card_submit(activity.value, person.platform_user_id)
        if submitted is None:
            return None, help_message(person.locale)
        if isinstance(submitted, str):  # the date picker sent no usable date: the command explains what is needed
            return None, await handle_command(session, person=person, text=submitted, now=now)
        return submitted, await handle_reply(session, reply=submitted, platform=person.platform, now=now)

    async def reply(self, turn_context: TurnContext, activity: Activity) -> None:
        await self.messenger.attempt(lambda: turn_context.send_activity(copy_activity(activity)),
                                     conversation=turn_context.activity.conversation.id,
                                     tenant=tenant_of(turn_context.activity))

    async def _replace(self, turn_context: TurnContext, answer: Message, card_id: str) -> None:
        """Show the answer in place of the card that was submitted; a card Teams won't update gets a new reply."""
        replacement = outgoing(answer, as_card=True, replaces=card_id)
        try:
            await self.messenger.attempt(lambda: turn_context.update_activity(copy_activity(replacement)),
                                         conversation=turn_context.activity.conversation.id,
                                         tenant=tenant_of(turn_context.activity))
        except TeamsHttpError as error:
            if error.status in RETRYABLE or error.status == 0:
                raise
            log.warning("could not update card %s (%s); answering with a new message", card_id, error.status)
            await self.reply(turn_context, outgoing(answer))

    async def _privately(self, turn_context: TurnContext, person: Person, answer: Message) -> None:
        """Personal answers asked for in a channel go to the person's 1:1 chat; the channel gets a short note."""
        first_name = person.name.split()[0] if person.name else ""
        try:
            delivered = await self.messenger.send_to(person.id, answer)
        except DeliveryFailed:
            delivered = False
        key = "teams.sent_privately" if delivered else "teams.no_private_chat"
        await self.reply(turn_context, Activity(type="message", text=t(person.locale, key, name=first_name)))

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        await self.installs.installed(turn_context)

    async def on_installation_update_remove(self, turn_context: TurnContext) -> None:
        await self.installs.removed(turn_context.activity)

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        await self.installs.channel_event(turn_context.activity)
        await super().on_conversation_update_activity(turn_context)

    async def on_members_added_activity(self, members_added: list[ChannelAccount], turn_context: TurnContext) -> None:
        welcome = await self.installs.members_added(turn_context, members_added)
        if welcome is not None:
            self._later(turn_context.activity, lambda context: self.reply(context, outgoing(welcome)), "welcome")

    async def on_members_removed_activity(self, members_removed: list[ChannelAccount],
                                          turn_context: TurnContext) -> None:
        await self.installs.members_removed(turn_context.activity, members_removed)


class _Repeat(Exception):
    """The activity was handled before."""


async def _delivered(work, conversation: str) -> None:
    """A reply whose every try failed (the serviceUrl is gone, Teams keeps refusing): one warning line; the activity
    itself was handled and recorded."""
    try:
        await work
    except TeamsHttpError as error:
        log.warning("teams: the reply in conversation %s could not be delivered (%s)", conversation[:80], error)
