"""The console edge: chat with the bot in a terminal as one person; messages to others are noted in one line."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bot.console_form import INTERRUPTED, Cancelled, TerminalForm
from bot.console_render import render, terminal_safe
from bot.messages import FormSubmitted, Message, SkipSlot, Snooze
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

    Channel posts are printed whole, their charts written as PNG files to ``chart_dir``. While a form is open
    (``holding``), what would be printed waits in ``held`` so nothing lands between a question and its answer."""

    acting_as: str
    write: Write
    inbox: asyncio.Queue = field(default_factory=asyncio.Queue)
    color: bool = False
    chart_dir: Path = CHART_DIR
    posted: int = 0
    holding: bool = False
    held: list[str] = field(default_factory=list)

    async def send(self, recipient: Recipient, message: Message) -> None:
        if recipient.platform_user_id == self.acting_as:
            self.inbox.put_nowait(message)
        else:
            self._out(terminal_safe(f"  (→ {recipient.name}: {message.kind})"))

    async def post(self, channel: str, message: Message) -> str:
        """Print the post and write its charts; the handle is ``#channel/n``."""
        self.posted += 1
        charts = save_charts(message, self.chart_dir)
        self._out(f"#{channel}\n{render(message, color=self.color, charts=charts)}")
        return f"#{channel}/{self.posted}"

    async def update(self, channel: str, handle: str, message: Message) -> None:
        """Print the new version of the post ``handle``, marked as an edit."""
        self._out(f"#{channel} (updated {handle})\n{render(message, color=self.color)}")

    def _out(self, text: str) -> None:
        if self.holding:
            self.held.append(text)
        else:
            self.write(text)

    def release(self) -> list[str]:
        """Stop holding; what was held, in the order it came."""
        held, self.holding, self.held = self.held, False, []
        return held


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
            if line is None or line == INTERRUPTED or line.strip().lower() in ("quit", "exit"):
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
        """Ask the form's questions one by one (bot/console_form.py), submit, and show what was recorded; then
        what arrived for the terminal meanwhile."""
        self.write(render(form, color=self.color, questions=False))
        self.write(t(form.locale, "forms.how"))
        if self.messenger:
            self.messenger.holding = True
        try:
            answer = await self._filled(TerminalForm(form, self.read_line, self.write, dict(form.values)))
        finally:
            held = self.messenger.release() if self.messenger else []
        if answer is None:
            self.write(t(form.locale, "forms.cancelled"))
        else:
            self.write(render(answer, color=self.color, questions=not answer.errors))
            for error in answer.errors.values():
                self.write(terminal_safe(f"  ✗ {error}"))
        if held:
            self.write(t(form.locale, "forms.held"))
            for text in held:
                self.write(text)

    async def _filled(self, asking: TerminalForm) -> Message | None:
        """The handler's answer to the completed form, or None when the person cancelled."""
        try:
            await asking.ask_all()
            while True:
                if not await asking.keep_after_remarks():
                    await asking.ask_all()
                    continue
                answer = await self._reply(FormSubmitted(self.person, asking.form.context, asking.answers), show=False)
                if not answer.errors:
                    return answer
                asking.form = answer  # the same form, back with a reason per refused field
                if not await asking.ask_again(dict(answer.errors)):
                    return answer  # a refusal no answer can change: shown with its reasons
        except Cancelled:
            return None

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
