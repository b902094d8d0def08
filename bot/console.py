"""The console edge: chat with the bot in a terminal as one person; messages to others are noted in one line."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bot.console_render import render, terminal_safe
from bot.messages import FormSubmitted, Message, ScaleQuestion, SelectQuestion, SkipSlot, Snooze
from bot.terminal import CHART_DIR, save_charts
from handlers.commands import handle_command, handle_reply, unknown_person
from handlers.ports import AiClient, Recipient
from models.db import SessionFactory, transaction
from models.people_queries import person_by_platform_id
from prompts import t

ReadLine = Callable[[str], Awaitable[str | None]]
Write = Callable[[str], None]
Clock = Callable[[], datetime]
FORM_KINDS = ("checkin", "reminder", "snoozed")
FORMS = ("checkin", "okr_new", "survey_mood_dev", "survey_mood_lead", "survey_premortem", "survey_reflection")


@dataclass
class ConsoleMessenger:
    """Delivers to the terminal: the acting person's messages wait in an inbox, others get a one-line note.

    Channel posts are printed whole, their charts written as PNG files to ``chart_dir``."""

    acting_as: str
    write: Write
    inbox: asyncio.Queue = field(default_factory=asyncio.Queue)
    color: bool = False
    chart_dir: Path = CHART_DIR
    posted: int = 0

    async def send(self, recipient: Recipient, message: Message) -> None:
        if recipient.platform_user_id == self.acting_as:
            self.inbox.put_nowait(message)
        else:
            self.write(terminal_safe(f"  (→ {recipient.name}: {message.kind})"))

    async def post(self, channel: str, message: Message) -> str:
        """Print the post and write its charts; the handle is ``#channel/n``."""
        self.posted += 1
        charts = save_charts(message, self.chart_dir)
        self.write(f"#{channel}\n{render(message, color=self.color, charts=charts)}")
        return f"#{channel}/{self.posted}"

    async def update(self, channel: str, handle: str, message: Message) -> None:
        """Print the new version of the post ``handle``, marked as an edit."""
        self.write(f"#{channel} (updated {handle})\n{render(message, color=self.color)}")


@dataclass
class ConsoleChat:
    """One person's conversation: typed commands, and check-in forms asked question by question."""

    sessions: SessionFactory
    person: str
    read_line: ReadLine
    write: Write
    clock: Clock
    messenger: ConsoleMessenger | None = None
    color: bool = False
    pending: Message | None = None
    ai: AiClient | None = None  # the coach's model; None answers from templates
    min_respondents: int = 3  # OKRBOT_MIN_RESPONDENTS, for survey results

    async def run(self) -> None:
        self.write("okrbot console — type 'help' for commands, 'quit' to leave.")
        while True:
            await self.show_inbox()
            line = await self.read_line("> ")
            if line is None or line.strip().lower() in ("quit", "exit"):
                return
            if line.strip():
                await self.on_line(line)

    async def show_inbox(self) -> None:
        while self.messenger and not self.messenger.inbox.empty():
            message = self.messenger.inbox.get_nowait()
            self.write(render(message, color=self.color))
            if message.kind in FORM_KINDS:
                self.pending = message
                self.write(t(message.locale, "words.pending_hint"))

    async def on_line(self, line: str) -> None:
        command = line.strip().split()[0].lower()
        if self.pending and command in ("checkin", "skip", "snooze"):
            await self._answer_pending(line.strip())
            return
        reply = await self._command(line)
        if reply.kind in FORMS:
            await self.fill_form(reply)
        else:
            self.write(render(reply, color=self.color))

    async def _answer_pending(self, line: str) -> None:
        pending, self.pending = self.pending, None
        if line.lower() == "skip":
            await self._reply(SkipSlot(self.person, pending.context))
        elif line.lower().startswith("snooze"):
            choice = line.partition(" ")[2].strip().lower()
            await self._reply(Snooze(self.person, pending.context, choice or "2h"))
        else:
            await self.fill_form(pending)

    async def fill_form(self, form: Message) -> None:
        """Ask each question; Enter keeps what was typed before (or skips an optional one)."""
        self.write(render(form, color=self.color, questions=False))
        while True:
            fields = {}
            for question in form.questions:
                fields[question.id] = await self._ask(question, form)
                if fields[question.id] is None:
                    return
            answer = await self._reply(FormSubmitted(self.person, form.context, fields), show=False)
            if not answer.errors:
                self.write(render(answer, color=self.color))
                return
            form = answer
            self.write(render(form, color=self.color, questions=False))
            for key, error in form.errors.items():
                label = _question_label(form, key)  # an error about the whole form has no field to name
                self.write(terminal_safe(f"  ✗ {label}: {error}" if label else f"  ✗ {error}"))

    async def _ask(self, question, form: Message) -> str | None:
        typed = form.values.get(question.id, "")
        hint = f" [{_shown_answer(question, typed)}]" if typed else ""
        title = _kr_title(form, question.id)
        if isinstance(question, SelectQuestion):
            self.write(terminal_safe("    " + "  ".join(f"{n}) {o.label}" for n, o in enumerate(question.options, 1))))
        if isinstance(question, ScaleQuestion) and form.context.get("kind") == "survey":
            scale = f"    {question.low} = {question.low_label} … {question.high} = {question.high_label}"
            self.write(terminal_safe(scale))
        line = await self.read_line(terminal_safe(f"  {title + ' — ' if title else ''}{question.prompt}{hint}: "))
        if line is None:
            return None
        answer = line.strip() or typed
        return _option_id(question, answer) if isinstance(question, SelectQuestion) else answer

    async def _reply(self, reply, show: bool = True) -> Message:
        async with transaction(self.sessions) as session:
            answer = await handle_reply(session, reply=reply, platform=None, now=self.clock())
        if show:
            self.write(render(answer, color=self.color))
        return answer

    async def _command(self, line: str) -> Message:
        async with transaction(self.sessions) as session:
            person = await person_by_platform_id(session, platform_user_id=self.person)
            if person is None:
                return unknown_person()
            return await handle_command(session, person=person, text=line, now=self.clock(), ai=self.ai,
                                        min_respondents=self.min_respondents)


def _option_id(question: SelectQuestion, answer: str) -> str:
    """Accept an option's number, id or label; anything else goes through as typed, for the handler to refuse."""
    for n, option in enumerate(question.options, 1):
        if answer in (str(n), option.id) or answer.lower() == option.label.lower():
            return option.id
    return answer


def _shown_answer(question, typed: str) -> str:
    """What was typed, as the person reads it: a choice by its label ("Toegezegd", not the id "committed")."""
    if isinstance(question, SelectQuestion):
        return next((o.label for o in question.options if o.id == typed), typed)
    return typed


def _kr_title(form: Message, question_id: str) -> str:
    kr_id = question_id.split(":")[1] if question_id.startswith("kr:") else ""
    titles = {str(b.key_result_id): b.title for b in form.blocks if hasattr(b, "key_result_id")}
    return titles.get(kr_id, "")


def _question_label(form: Message, key: str) -> str:
    prompts = {q.id: q.prompt for q in form.questions}
    title = _kr_title(form, key)
    return f"{title} — {prompts.get(key, '')}" if title else prompts.get(key, "")
