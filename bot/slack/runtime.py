"""What every Slack listener works with, and the few steps they share: find the person, record a reply all or
nothing, answer in the DM, refresh the App Home."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ai import ai_client
from bot.messages import Message, Text
from bot.settings import Settings
from bot.slack.background import Background, Tell
from bot.slack.blocks import fallback_text, message_pages
from bot.slack.messenger import SlackMessenger
from bot.slack.views import home_view
from bot.slack.workspaces import Workspace, Workspaces
from handlers.checkin import notice
from handlers.checkin_slot import slot_progress
from handlers.commands import Reply, handle_command, handle_reply, unknown_person
from handlers.forms import form_for
from models import Person
from models.db import SessionFactory, retried_on_conflict, transaction
from models.people_queries import person_by_platform_id

PLATFORM = "slack"
Accept = Callable[[AsyncSession, Message], Awaitable[bool]]
Then = Callable[[AsyncSession, Person, Message], Awaitable[Message | None]]


@dataclass
class Slack:
    settings: Settings
    sessions: SessionFactory
    clock: Callable[[], datetime]
    background: Background
    workspaces: Workspaces
    messenger: SlackMessenger

    def here(self, body: Mapping, client: AsyncWebClient) -> Workspace:
        """The workspace a request came from, with the client bolt authorised for it."""
        team = body.get("team")
        team_id = team.get("id", "") if isinstance(team, Mapping) else body.get("team_id") or ""
        return Workspace(str(team_id), client)

    async def person(self, session: AsyncSession, user_id: str) -> Person | None:
        person = await person_by_platform_id(session, platform_user_id=user_id, platform=PLATFORM)
        if person is not None:
            self.messenger.languages[user_id] = person.locale
        return person

    def tell_failed(self, workspace: Workspace, user_id: str, *, respond=None, channel: str = "",
                    key: str = "trouble.not_done") -> Tell:
        """How the person hears that what they asked failed after the answer: privately through ``respond``
        (``/okr``), else in ``channel`` or their DM. Needs nothing from the store, which may be what failed."""

        async def tell() -> None:
            message = notice(self.messenger.languages.get(user_id, "en"), key, kind="trouble")
            if respond is None:
                await self.messenger.post_in(workspace, channel or user_id, message)
                return
            for blocks in message_pages(message):
                await respond(text=fallback_text(message), blocks=blocks, response_type="ephemeral",
                              replace_original=False)

        return tell

    async def command(self, user_id: str, text: str) -> tuple[Person | None, Message]:
        """A typed command, exactly as the console and Teams run it."""
        async with transaction(self.sessions) as session:
            person = await self.person(session, user_id)
            if person is None:
                return None, unknown_person()
            answer = await handle_command(
                session, person=person, text=text, now=self.clock(), ai=ai_client(self.settings),
                min_respondents=self.settings.min_respondents,
            )
            self.messenger.languages[user_id] = person.locale  # "lang nl" changes it
            return person, answer

    async def form(self, user_id: str, context: Mapping[str, str]) -> Message | None:
        """The form a button's context stands for (a survey, a check-in, a new OKR), or None for a stranger."""
        async with transaction(self.sessions) as session:
            person = await self.person(session, user_id)
            if person is None:
                return None
            return await form_for(session, person=person, context=context, now=self.clock(),
                                  min_respondents=self.settings.min_respondents)

    async def reply(self, reply: Reply, accept: Accept | None = None) -> Message:
        """Record a reply; when it comes back with errors (or ``accept`` says no) nothing of it is kept."""
        return (await self.replied(reply, accept)).answer

    async def replied(self, reply: Reply, accept: Accept | None = None, then: Then | None = None) -> Replied:
        """``reply``, with the person who replied, looked up once, for what the edge shows next; ``then`` reads
        that (e.g. the slot's progress) once the reply is committed, in the same session, so what recording
        already read (the person, the period) is not read again."""
        return await retried_on_conflict(lambda: self._reply(reply, accept, then))

    async def _reply(self, reply: Reply, accept: Accept | None, then: Then | None) -> Replied:
        person = None
        async with self.sessions() as session:
            try:
                async with session.begin():
                    person = await self.person(session, reply.person)
                    answer = await handle_reply(session, reply=reply, platform=PLATFORM, now=self.clock(),
                                                person=person)
                    # A survey keeps its valid answers (the core's rule); check-ins and new OKRs are all or nothing.
                    partial_ok = getattr(reply, "context", {}).get("kind") == "survey"
                    if (answer.errors and not partial_ok) or (accept and not await accept(session, answer)):
                        raise _Rejected(answer)
            except _Rejected as rejected:
                return Replied(person, rejected.answer)
            shown = await then(session, person, answer) if then is not None and person is not None else None
            return Replied(person, answer, shown)

    async def publish_home(self, client: AsyncWebClient, user_id: str) -> None:
        person, answer = await self.command(user_id, "mine")
        await client.views_publish(user_id=user_id, view=home_view(answer, known=person is not None))


def progress_then(context: Mapping[str, str]) -> Then:
    """For ``Slack.replied``: the slot's progress, read right after a check-in answer is recorded; nothing when the
    answer was refused (a stranger, a week that is not theirs, a mistake), which the edge shows instead."""
    async def progress(session: AsyncSession, person: Person, answer: Message) -> Message | None:
        if answer.kind in ("unknown_person", "notice") or answer.errors:
            return None
        return await slot_progress(session, person=person, context=context)
    return progress


def refusal(answer: Message) -> Message:
    """What the store refused of a check-in answer, said in the DM (a form's own errors show only in a modal)."""
    return Message("checkin_refused", answer.locale,
                   tuple(Text(message, "error") for message in dict.fromkeys(answer.errors.values())))


@dataclass(frozen=True)
class Replied:
    person: Person | None
    answer: Message
    then: Message | None = None  # what ``then`` made of it


class _Rejected(Exception):
    def __init__(self, answer: Message):
        super().__init__(answer.kind)
        self.answer = answer
