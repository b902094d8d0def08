"""The turn of the quarter in the demo: the planning round as its people live it, then the next period's start.

The tick sends the invitations, the goal-setting 1:1's prep and the start's reminders, as it does for everyone. On
the period's last day, once its last check-ins are in, the people type in chat what a person would: the owner of an
organisation objective carries it over and agrees it, one team's lead carries an objective over and closes another,
a member proposes a key result for it and the lead agrees the team's set, another lead reworks an objective and
leaves it a draft. The next period's pre-mortem and first check-in go out by the tick and are answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.demo_people import Simulation, Target
from bot.messages import Message
from handlers.commands import handle_command
from handlers.planning_round import round_of
from handlers.ports import Recipient
from models import Period, Person
from models.db import SessionFactory, transaction
from models.demo_queries import all_key_results
from models.people_queries import all_people
from models.planning_store import all_periods

INVITATIONS = ("plan_org", "plan_team", "goalsetting", "goalsetting_invite")
AT_START = ("plan_reminder", "plan_drafts")
TO_READ = (*INVITATIONS, "plan_reminder")  # nothing to answer: the simulated people act on them by command
WORDS = {  # the commands as each language types them (handlers/planning_commands.py)
    "en": {"plan": "plan", "carry": "carry", "rework": "rework", "close": "close", "propose": "propose",
           "agree": "agree"},
    "nl": {"plan": "plannen", "carry": "meenemen", "rework": "herzien", "close": "afsluiten", "propose": "voorstel",
           "agree": "akkoord"},
}
PROPOSAL = {"en": "Tickets reopened within a week 25 -> 10 %",
            "nl": "Tickets die binnen een week terugkomen 25 -> 10 %"}
WHAT = {"plan_org": "the invitation to plan {period} (objectives of the organisation)",
        "plan_team": "the team's invitation to plan {period}",
        "goalsetting": "the prep for the goal-setting 1:1 (the manager)",
        "goalsetting_invite": "a DM before the goal-setting 1:1 (the report)",
        "plan_reminder": "a reminder: drafts not agreed",
        "survey_premortem": "the pre-mortem of {period}",
        "checkin": "the first check-in of {period}"}


@dataclass(frozen=True)
class Moment:
    at: datetime
    recipient: Recipient
    message: Message


@dataclass(frozen=True)
class Said:
    """A command someone typed in chat and what the bot answered."""

    at: datetime
    person: Person
    text: str
    answer: Message


@dataclass(frozen=True)
class Step:
    at: datetime
    person: Person
    act: str  # carry_close | agree | propose | rework


@dataclass
class Turn:
    sessions: SessionFactory
    ending: Period
    people: dict[str, Person] = field(default_factory=dict)  # by chat user id
    received: list[Moment] = field(default_factory=list)
    posts: list[tuple[datetime, str, Message]] = field(default_factory=list)
    said: list[Said] = field(default_factory=list)
    answered: list[tuple[Moment, Message]] = field(default_factory=list)  # the next period's answers
    steps: list[Step] | None = None
    carried: dict[int, int] = field(default_factory=dict)  # person id -> the draft they carried over
    periods: dict[int, Period] = field(default_factory=dict)
    next: Period | None = None  # the period planned, once the ending one's last day has come

    # --- what the tick sent -------------------------------------------------------------------------------------

    def of_next_period(self, message: Message) -> bool:
        period = message.context.get("period", "")
        return period.isdigit() and int(period) != self.ending.id

    def keep(self, now: datetime, recipient: Recipient, message: Message) -> None:
        if message.kind in TO_READ or self.of_next_period(message):
            self.received.append(Moment(now, recipient, message))

    def keep_post(self, now: datetime, channel: str, message: Message) -> None:
        if message.kind in AT_START:
            self.posts.append((now, channel, message))

    def replied(self, moment: Moment, answer: Message) -> None:
        if moment.message.kind == "checkin":
            self.answered.append((moment, answer))

    def done(self) -> bool:
        """Nothing more to wait for: the next period's first check-in was answered, or there is no next period."""
        return bool(self.answered) or not any(m.message.kind in INVITATIONS[:2] for m in self.received)

    async def elapsed(self, message: Message, now: datetime) -> float:
        """How far into its own period ``message``'s period is at ``now`` (0..1)."""
        period_id = int(message.context["period"])
        if period_id not in self.periods:
            async with self.sessions() as session:
                self.periods[period_id] = await session.get(Period, period_id)
        period = self.periods[period_id]
        start = datetime.combine(period.start, time(), UTC)
        length = datetime.combine(period.end, time(), UTC) - start
        return max(0.0, min(1.0, (now - start) / length))

    async def teach(self, simulation: Simulation) -> None:
        """Key results drafted in the round join the simulation, to be answered like the others."""
        async with self.sessions() as session:
            found = await all_key_results(session)
        simulation.learn({kr.id: Target(kr.kind, kr.baseline, kr.target) for kr in found})

    # --- what people type -----------------------------------------------------------------------------------------

    async def hour(self, now: datetime) -> None:
        if self.steps is None and now.date() >= self.ending.end:
            self.steps = await self._plan_steps()
        for step in [s for s in self.steps or () if s.at <= now]:
            self.steps.remove(step)
            await getattr(self, f"_{step.act}")(step.person, now)

    async def _plan_steps(self) -> list[Step]:
        """Who does what on the period's last day, at their own local time; from who got which invitation."""
        async with self.sessions() as session:
            self.people = {p.platform_user_id: p for p in await all_people(session)}
            following = self.ending.end + timedelta(days=1)
            self.next = next((p for p in await all_periods(session) if p.start == following), None)
        owner = next(iter(self._receivers("plan_org")), None)
        leads = [p for p in self._receivers("plan_team") if p is not owner]
        carrier = next((p for p in leads if p.locale == "nl"), leads[0] if leads else None)
        reworker = next((p for p in leads if p is not carrier), None)
        steps = []  # top-down, in the afternoon in Europe and the morning in America
        if owner:
            steps += [Step(_local(self.ending, owner, 9), owner, "carry_close"),
                      Step(_local(self.ending, owner, 9), owner, "agree")]
        if carrier:
            steps += [Step(_local(self.ending, carrier, 16), carrier, "carry_close"),
                      Step(_local(self.ending, carrier, 16), carrier, "propose"),
                      Step(_local(self.ending, carrier, 17), carrier, "agree")]
        if reworker:
            steps.append(Step(_local(self.ending, reworker, 11), reworker, "rework"))
        return sorted(steps, key=lambda s: s.at)  # stable: one person's steps of one hour stay in order

    def _receivers(self, kind: str) -> list[Person]:
        found = []
        for moment in self.received:
            person = self.people.get(moment.recipient.platform_user_id)
            if moment.message.kind == kind and person and person not in found:
                found.append(person)
        return found

    async def _say(self, person: Person, now: datetime, *words: str) -> Message:
        text = " ".join(words)
        async with transaction(self.sessions) as session:
            answer = await handle_command(session, person=person, text=text, now=now)
        self.said.append(Said(now, person, text, answer))
        return answer

    async def _round(self, person: Person, now: datetime):
        async with self.sessions() as session:
            return await round_of(session, person=person, now=now)

    async def _carry_close(self, person: Person, now: datetime) -> None:
        """Carry the first objective over; close the second, when there is one."""
        word = WORDS[_lang(person)]
        decide = (await self._round(person, now)).decide
        if decide:
            before = {d.id for d in (await self._round(person, now)).drafts}
            await self._say(person, now, word["plan"], word["carry"], "1")
            drafts = (await self._round(person, now)).drafts
            self.carried[person.id] = next((d.id for d in drafts if d.id not in before), 0)
        if len(decide) > 1:
            await self._say(person, now, word["plan"], word["close"], "2")

    async def _rework(self, person: Person, now: datetime) -> None:
        """Rework the team's objective (else the first) and leave it a draft: the start then reminds of it."""
        decide = (await self._round(person, now)).decide
        number = next((n for n, o in enumerate(decide, 1) if o.owner_team_id is not None), 1 if decide else None)
        if number:
            word = WORDS[_lang(person)]
            await self._say(person, now, word["plan"], word["rework"], str(number))

    async def _propose(self, lead: Person, now: datetime) -> None:
        """A member of the lead's team who owns a key result of the carried draft proposes one more."""
        draft_id = self.carried.get(lead.id)
        rnd = await self._round(lead, now)
        owners = [kr.owner_id for kr in rnd.key_results.get(draft_id, []) if kr.owner_id not in (None, lead.id)]
        member = next((p for p in self.people.values() if p.id in owners), None)
        if member is None:
            return
        drafts = (await self._round(member, now)).drafts
        number = next((n for n, d in enumerate(drafts, 1) if d.id == draft_id), None)
        if number:
            await self._say(member, now, WORDS[_lang(member)]["propose"], f"d{number}", PROPOSAL[_lang(member)])

    async def _agree(self, person: Person, now: datetime) -> None:
        await self._say(person, now, WORDS[_lang(person)]["agree"])


def _lang(person: Person) -> str:
    return "nl" if person.locale == "nl" else "en"


def _local(period: Period, person: Person, hour: int) -> datetime:
    """``hour`` o'clock on the period's last day in the person's own time zone, in UTC."""
    return datetime.combine(period.end, time(hour), ZoneInfo(person.tz)).astimezone(UTC)

