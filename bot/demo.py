"""``okrbot demo``: a whole quarter of the OKR rhythm on a temporary SQLite file, in under a minute."""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import typer

from bot import demo_audience
from bot.clock import utc_now
from bot.console_render import render
from bot.demo_coach import coach_example
from bot.demo_digests import ORG_CHANNEL, digest_pages, post_counts, post_handle
from bot.demo_people import Simulation, Target
from bot.demo_report import print_quarter
from bot.demo_surveys import demo_fields, is_survey, survey_choice, survey_examples
from bot.demo_turn import TO_READ, Moment, Turn
from bot.demo_turn_pages import turn_pages
from bot.messages import FormSubmitted, Message, SkipSlot, Snooze
from bot.terminal import CHART_DIR
from handlers.commands import handle_command, handle_reply
from handlers.digest_data import load
from handlers.facts import LATEST, account_of
from handlers.importer import import_org
from handlers.ports import Recipient
from models import Period
from models.db import make_engine, make_session_factory, transaction, upgrade
from models.demo_queries import all_key_results, all_teams, first_period
from models.people_queries import all_people, person_by_platform_id
from scheduler.tick import tick

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "org.yaml"
STEP = timedelta(hours=1)
SETTLED = timedelta(days=3)  # after the period, the last late answers and reminders are in by then
# Recaps go out at 10:00 team time on the first working day after the period, and the next period's first check-in
# in its first week: the demo plays on until both are there, this long at most (a weekend and holidays).
AFTER_THE_END = timedelta(days=6)
CATCH_UP = timedelta(days=2)  # who lets a reminder pass answers this much later: after the team's summary went out
Write = Callable[[str], None]


@dataclass
class Outbox:
    """The demo's edge: keeps what each person received and the first message of each kind to show.

    Channel posts (and their edits) are kept apart: nobody in the simulation answers a channel post."""

    received: list[tuple[Recipient, Message]] = field(default_factory=list)
    examples: dict[tuple[str, str], tuple[Recipient, Message]] = field(default_factory=dict)
    posts: list[tuple[str, Message]] = field(default_factory=list)
    updates: list[tuple[str, str, Message]] = field(default_factory=list)

    async def send(self, recipient: Recipient, message: Message) -> None:
        self.received.append((recipient, message))
        self.examples.setdefault((message.kind, message.locale), (recipient, message))

    async def post(self, channel: str, message: Message) -> str:
        self.posts.append((channel, message))
        self.examples.setdefault((message.kind, message.locale), (channel_recipient(channel, message), message))
        return post_handle(channel, len(self.posts))

    async def update(self, channel: str, handle: str, message: Message) -> None:
        self.updates.append((channel, handle, message))


def channel_recipient(channel: str, message: Message) -> Recipient:
    return Recipient(0, "channel", channel, f"#{channel}", message.locale)


async def run_demo(*, seed: int, org_file: Path | None, write: Write, chart_dir: Path = CHART_DIR) -> None:
    """Play a quarter hour by hour on a temporary store and show what people saw; charts go to ``chart_dir``."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite+aiosqlite:///{folder}/demo.db")
        try:
            await upgrade(engine)
            sessions = make_session_factory(engine)
            async with transaction(sessions) as session:
                summary = await import_org(session, (org_file or EXAMPLE).read_bytes(), now=utc_now())
                period = await first_period(session)
                targets = {kr.id: Target(kr.kind, kr.baseline, kr.target) for kr in await all_key_results(session)}
                teams = {team.channel: team.name for team in await all_teams(session) if team.channel}
                names = [person.name for person in await all_people(session)]
            write(f"okrbot demo — {summary.people} people, {summary.teams} teams, {summary.objectives} objectives, "
                  f"{summary.key_results} key results; simulating {period.name} hour by hour…")
            quarter = Quarter(sessions, Outbox(), Simulation(seed, targets), period, len(teams), Turn(sessions, period))
            await quarter.play()
            _show_examples(quarter, write)
            for page in await survey_examples(sessions, period, quarter.outbox.examples):
                _section(write, *page)
            _section(write, *await coach_example(sessions, period))
            outbox = quarter.outbox
            for page in digest_pages(outbox.received, outbox.posts, outbox.updates, chart_dir, teams, names):
                _section(write, *page)
            quarter.stats.update(post_counts(outbox.posts, outbox.updates))
            await quarter.count_checkins()
            await print_quarter(sessions, period, quarter.stats, write)
            for page in turn_pages(quarter.turn, teams):
                _section(write, *page)
        finally:
            await engine.dispose()
    write(f"\n(simulated {period.name} in {time.perf_counter() - started:.1f} s)")


@dataclass
class Quarter:
    sessions: object
    outbox: Outbox
    simulation: Simulation
    period: Period
    channels: int  # teams with a channel: each gets a recap
    turn: Turn  # the planning round and the next period's start (bot/demo_turn.py)
    stats: Counter = field(default_factory=Counter)
    later: list[tuple[datetime, Recipient, Message]] = field(default_factory=list)
    shown: dict[str, tuple[Recipient, Message]] = field(default_factory=dict)

    async def play(self) -> None:
        start = datetime.combine(self.period.start, datetime.min.time(), UTC)
        length = datetime.combine(self.period.end, datetime.min.time(), UTC) - start
        steps = int((length + AFTER_THE_END) / STEP)
        with _progress(steps) as bar:
            for step in bar:
                await self.hour(start + step * STEP, (step * STEP) / length)
                if step * STEP >= length + SETTLED and self.recaps_out() and self.turn.done():
                    break

    async def count_checkins(self) -> None:
        """What reached people and what they answered, from the one account every message uses
        (handlers/facts.py), summed over everyone: each (person, week) once however often it was asked."""
        async with self.sessions() as session:
            snapshot = await load(session, period=self.period, personal=False)
        accounts = [account_of(snapshot, person_id, as_of=LATEST) for person_id in snapshot.people]
        self.stats["asked"] = sum(a.delivered for a in accounts)
        self.stats["answered"] = sum(a.checked_in for a in accounts)
        self.stats["answered partly"] = sum(a.partly for a in accounts)
        self.stats["skipped weeks"] = sum(a.skipped for a in accounts)
        self.stats["missed"] = sum(len(a.missed_days) for a in accounts)

    def recaps_out(self) -> bool:
        posted = Counter(message.kind for _, message in self.outbox.posts)
        return posted["recap"] >= self.channels and posted["org_recap"] > 0

    async def hour(self, now: datetime, elapsed: float) -> None:
        seen, posted = len(self.outbox.received), len(self.outbox.posts)
        await tick(sessions=self.sessions, messenger=self.outbox, now=now, org_channel=ORG_CHANNEL)
        for channel, message in self.outbox.posts[posted:]:
            self.turn.keep_post(now, channel, message)
        for recipient, message in self.outbox.received[seen:]:
            self.turn.keep(now, recipient, message)
            if self.turn.of_next_period(message):  # a new period's first week: everyone answers at once
                await self.answer(now, recipient, message, 0.0)
                continue
            self.stats[message.kind] += 1
            if message.kind not in ("prep", *TO_READ):  # to read; nothing to answer
                await self.react(now, recipient, message, min(elapsed, 1.0))
        due = [item for item in self.later if item[0] <= now]
        self.later = [item for item in self.later if item[0] > now]
        for _, recipient, message in due:
            await self.answer(now, recipient, message, min(elapsed, 1.0))
        if now.date() == self.period.start + timedelta(days=45) and now.hour == 12:
            await self.vacation(now)
        await self.turn.hour(now)

    async def react(self, now: datetime, recipient: Recipient, message: Message, elapsed: float) -> None:
        choice = survey_choice(self.simulation.rng) if is_survey(message) else \
            self.simulation.decide(reminder=message.kind != "checkin")
        if choice == "answer":
            await self.answer(now, recipient, message, elapsed)
        elif choice == "later":
            self.later.append((now + timedelta(hours=5), recipient, message))
        elif choice == "catch_up":
            self.later.append((now + CATCH_UP, recipient, message))
        elif choice in ("snooze", "skip"):
            reply = Snooze(recipient.platform_user_id, message.context, "2h") if choice == "snooze" else \
                SkipSlot(recipient.platform_user_id, message.context)
            await self.reply(now, recipient, reply, choice)

    async def answer(self, now: datetime, recipient: Recipient, message: Message, elapsed: float) -> None:
        later = self.turn.of_next_period(message)
        if later:
            await self.turn.teach(self.simulation)
            elapsed = await self.turn.elapsed(message, now)
        fields, counted = demo_fields(self.simulation, message, elapsed)  # surveys too, bot/demo_surveys.py
        reply = FormSubmitted(recipient.platform_user_id, message.context, fields)
        if later:
            self.turn.replied(Moment(now, recipient, message), await self.reply(now, recipient, reply, None))
        else:
            await self.reply(now, recipient, reply, counted)

    async def reply(self, now: datetime, recipient: Recipient, reply, counted: str | None) -> Message:
        """Send ``reply`` as ``recipient``; ``counted`` names it in the quarter's figures (None: not the quarter's)."""
        async with transaction(self.sessions) as session:
            answer = await handle_reply(session, reply=reply, platform=None, now=now)
        if counted:
            self.stats[counted] += 1
            self.shown.setdefault(f"{counted}:{answer.locale}", (recipient, answer))
        return answer

    async def vacation(self, now: datetime) -> None:
        """Halfway through, one person takes two weeks off: no check-ins, no reminders."""
        recipient = next((r for r, m in self.outbox.received if m.kind == "checkin" and m.locale == "nl"), None)
        if recipient is None:
            return
        async with transaction(self.sessions) as session:
            person = await person_by_platform_id(session, platform_user_id=recipient.platform_user_id)
            until = (now + timedelta(days=14)).date().isoformat()
            self.shown["away"] = recipient, await handle_command(session, person=person, text=f"away {until}", now=now)
        self.stats["vacations"] += 1


def _show_examples(quarter: Quarter, write: Write) -> None:
    examples = quarter.outbox.examples
    for kind, locale, title in (("checkin", "nl", "A Dutch-speaking team member's check-in DM"),
                                ("checkin", "en", "An English-speaking team member's check-in DM"),
                                ("reminder", "en", "The one reminder when a check-in stays open")):
        if (kind, locale) in examples:
            recipient, message = examples[kind, locale]
            _section(write, f"{title} (to {recipient.name})", render(message), demo_audience.dm(recipient, message))
    for key, title in (("answered:nl", "What comes back after answering"), ("snooze:en", "After 'snooze 2h'"),
                       ("away", "After 'away DATE'")):
        if key in quarter.shown:
            recipient, message = quarter.shown[key]
            _section(write, title, render(message), demo_audience.reply(recipient.name, message.locale))


def _section(write: Write, title: str, body: str, audience: str | None = None) -> None:
    """A page of the demo; ``audience`` is the line saying who received it, when the body does not end in one."""
    write(f"\n── {title} " + "─" * max(0, 72 - len(title)))
    write(body if audience is None else f"{body}\n{audience}")


def _progress(steps: int):
    """A progress bar on the terminal; none when the output goes to a file or a pipe, so stderr stays for errors."""
    if sys.stdout.isatty() and sys.stderr.isatty():
        return typer.progressbar(range(steps), label="quarter", file=sys.stderr)
    return nullcontext(range(steps))



