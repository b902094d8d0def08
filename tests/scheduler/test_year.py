"""A year in tests: one organisation file with one quarter of OKRs, ticked through four quarters. Every later
quarter's OKRs come only from the planning round in chat; people answer every check-in and survey as it arrives."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.messages import FormSubmitted, FreeText, Message, NumberQuestion, ScaleQuestion, SelectQuestion
from handlers.adjust_story import change_line
from handlers.commands import handle_reply
from models import KeyResult, Objective, OkrChange, Period, Team
from models.db import transaction
from models.planning import WEEKS_BEFORE
from scheduler.cadence import in_working_hours
from scheduler.tick import tick
from tests.planning_chat import at, key_results, objectives, org_objective, platform_objective, say, words

ORG = """
periods:
  every: quarter
  named:
    - {name: 2027-Q1, start: 2027-01-01, end: 2027-03-31}
people:
  - {id: U_CEO, name: Cleo Boss, tz: Europe/Amsterdam}
  - {id: U_LENA, name: Lena Lead, tz: Europe/Amsterdam, manager: U_CEO}
  - {id: U_DAN, name: Dan Dev, tz: America/New_York, manager: U_LENA}
  - {id: U_GUS, name: Gus Grow, tz: America/New_York, manager: U_CEO}
  - {id: U_SAM, name: Sam Sales, tz: America/New_York, manager: U_GUS}
teams:
  - {name: Platform, channel: C_PLATFORM, country: NL, lead: U_LENA, members: [U_CEO, U_LENA, U_DAN]}
  - {name: Growth, channel: C_GROWTH, country: US, lead: U_GUS, members: [U_GUS, U_SAM]}
okrs:
""" + org_objective("2027-Q1") + platform_objective("2027-Q1", "U_DAN") + """  - objective: Growth that lasts
    level: team
    owner: Growth
    period: 2027-Q1
    key_results:
      - {title: Signups, kind: increase, baseline: 100, target: 300, owner: U_SAM}
      - {title: Trial conversion, kind: increase, baseline: 5, target: 10, unit: "%", owner: U_GUS}
"""
ZONES = {"U_CEO": ("Europe/Amsterdam", "NL"), "U_LENA": ("Europe/Amsterdam", "NL"),
         "U_DAN": ("America/New_York", "NL"), "U_GUS": ("America/New_York", "US"),
         "U_SAM": ("America/New_York", "US")}
HOURS = (8, 15)  # UTC: a morning in Amsterdam and one in New York, winter and summer
ORG_CHANNEL = "C_ALL"
QUARTERS = ("2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4")
# What people type in the planning round, by the period planned: when the first person named is invited, each line
# in turn. ``{Title}`` is the draft's number in the typist's own overview, ``{kr:Title}`` a key result's id and
# ``{o:Title}`` an objective's id in the running period.
PLANS = {
    "2027-Q2": {
        "U_CEO": [("U_CEO", "plan carry 1"), ("U_CEO", "agree")],
        "U_LENA": [("U_LENA", "plan rework 1"), ("U_LENA", "agree"), ("U_DAN", "plan draft Learn Rust"),
                   ("U_DAN", "propose {Learn Rust} Rust services shipped 0 -> 2")],
        "U_GUS": [("U_GUS", "plan close 1"), ("U_GUS", "plan draft team Partners bring customers"),
                  ("U_SAM", "propose {Partners bring customers} Partner signups 0 -> 50"),
                  ("U_SAM", "propose {Partners bring customers} Active partners 2 -> 8"),
                  ("U_GUS", "agree {Partners bring customers}")],
    },
    "2027-Q3": {
        "U_CEO": [("U_CEO", "plan close 1"), ("U_CEO", "plan draft org Profitable growth"),
                  ("U_CEO", "propose {Profitable growth} Gross margin 30 -> 40 %"),
                  ("U_CEO", "propose {Profitable growth} Cost per signup 20 -> 15 EUR"), ("U_CEO", "agree")],
        "U_LENA": [("U_LENA", "plan carry 1"), ("U_LENA", "agree")],
        "U_GUS": [("U_GUS", "plan carry 1"), ("U_GUS", "agree")],
    },
    "2027-Q4": {
        "U_CEO": [("U_CEO", "plan carry 1"), ("U_CEO", "agree")],
        "U_LENA": [("U_LENA", "plan close 1"), ("U_LENA", "plan draft team Cloud costs under control"),
                   ("U_DAN", "propose {Cloud costs under control} Monthly cloud bill 40 -> 30 kEUR"),
                   ("U_DAN", "propose {Cloud costs under control} Idle servers 12 -> 2"), ("U_LENA", "agree")],
        "U_GUS": [("U_GUS", "plan rework 1"), ("U_GUS", "agree")],
    },
    "2028-Q1": {
        "U_CEO": [("U_CEO", "plan carry 1"), ("U_CEO", "agree")],
        "U_LENA": [("U_LENA", "plan carry 1"), ("U_LENA", "agree")],
        "U_GUS": [("U_GUS", "plan close 1")],
    },
}
# Changes while a period runs, each with its reason.
CHANGES = {
    at("2027-05-12", 15): [("U_SAM", "change kr {kr:Partner signups} target 40 because two partners left")],
    at("2027-05-19", 8): [("U_LENA", "change kr {kr:Deploy time} title Minutes to deploy because clearer")],
    at("2027-08-03", 15): [("U_GUS", "pause objective {o:Partners bring customers} because the program is on hold")],
    at("2027-08-17", 15): [("U_GUS", "resume objective {o:Partners bring customers} because the program is back")],
    at("2027-08-18", 15): [("U_GUS", "remove kr {kr:Active partners} because it double counts partner signups")],
    at("2027-11-10", 8): [("U_CEO", "change kr {kr:Gross margin} target 38 because a supplier raised prices")],
    at("2027-11-16", 15): [("U_DAN", "change kr {kr:Idle servers} baseline 14 because a rack was missed")],
    at("2027-11-17", 8): [("U_LENA", "change kr {kr:Idle servers} owner @U_LENA because Dan takes the cloud bill")],
    at("2027-11-23", 8): [("U_LENA", "add kr to objective {o:Cloud costs under control}: Reserved capacity 20 -> 60 %"
                                     " because reserving is cheaper")],
}
FIRST, LAST = date(2027, 1, 1), date(2028, 1, 7)


@dataclass
class Year:
    """Ticks the clock and plays everyone: answers each check-in and survey when it arrives, plans in chat when
    invited, and makes the changes of ``CHANGES`` on their days."""

    sessions: object
    messenger: object
    received: list[tuple[datetime, str, Message]] = field(default_factory=list)
    asked: list[tuple[str, int, str]] = field(default_factory=list)  # (period, key result, its objective's status)
    typed: list[tuple[datetime, str, str, Message]] = field(default_factory=list)

    async def tick(self, now: datetime) -> None:
        seen = len(self.messenger.sent)
        await tick(sessions=self.sessions, messenger=self.messenger, now=now, org_channel=ORG_CHANNEL)
        for recipient, message in self.messenger.sent[seen:]:
            self.received.append((now, recipient.platform_user_id, message))
            await self.answer(recipient.platform_user_id, message, now)

    async def answer(self, user: str, message: Message, now: datetime) -> None:
        if message.kind in ("plan_org", "plan_team"):
            nxt = next(line for line in words(message).splitlines() if line)
            period = next(name for name in PLANS if name in nxt)
            for who, text in PLANS[period].get(user, []):
                await self.say(who, text, now)
        if message.questions and message.context.get("kind") in ("checkin", "survey"):
            fields = {q.id: await self.answer_to(q, message, now) for q in message.questions}
            async with transaction(self.sessions) as session:
                reply = FormSubmitted(user, dict(message.context), fields)
                answered = await handle_reply(session, reply=reply, platform=None, now=now)
            assert not answered.errors, (user, message.kind, answered.errors)

    async def say(self, user: str, text: str, now: datetime) -> Message:
        for found in re.findall(r"\{([^}]+)\}", text):
            text = text.replace(f"{{{found}}}", await self.resolve(user, found, now))
        answer = await say(self.sessions, user, text, now)
        self.typed.append((now, user, text, answer))
        assert answer.kind not in ("adjust_usage", "adjust_refused", "adjust_reason", "adjust_unknown"), words(answer)
        return answer

    async def resolve(self, user: str, name: str, now: datetime) -> str:
        kind, _, title = name.rpartition(":")
        if kind == "":
            shown = words(await say(self.sessions, user, "plan", now))
            return "d" + re.search(rf"d(\d+)\. “{re.escape(title)}”", shown)[1]
        async with self.sessions() as session:
            period = (await session.execute(select(Period).where(Period.start <= now.date(),
                                                                 Period.end >= now.date()))).scalar_one()
            table = KeyResult if kind == "kr" else Objective
            statement = select(table.id).where(table.title == title)
            if kind == "kr":
                statement = statement.join(Objective, Objective.id == KeyResult.objective_id)
            return str((await session.execute(statement.where(Objective.period_id == period.id))).scalar_one())

    async def answer_to(self, question, message: Message, now: datetime) -> str:
        if isinstance(question, NumberQuestion):
            async with self.sessions() as session:
                kr = await session.get(KeyResult, int(question.id.split(":")[1]))
                objective = await session.get(Objective, kr.objective_id)
                period = await session.get(Period, int(message.context["period"]))
            self.asked.append((period.name, kr.id, objective.status))
            return f"{simulated(kr, period, now):g}"
        if isinstance(question, ScaleQuestion):
            return str((question.low + question.high) // 2 + 1)
        if isinstance(question, SelectQuestion):
            return question.options[0].id
        if isinstance(question, FreeText) and message.context["kind"] == "survey":
            return f"{question.id} in period {message.context['period']}"  # the reflection's lessons among them
        return ""

    async def run(self) -> None:
        day = FIRST
        while day <= LAST:
            for hour in HOURS:
                now = at(day.isoformat(), hour)
                for user, text in CHANGES.get(now, []):
                    await self.say(user, text, now)
                if day.weekday() < 5 and (day.weekday() < 2 or _around_a_turn(day)):  # quiet weeks: Mon, Tue
                    await self.tick(now)
            day += timedelta(days=1)

    def sent(self, *kinds: str) -> list[tuple[datetime, str, Message]]:
        return [(now, user, m) for now, user, m in self.received if m.kind in kinds]


def _around_a_turn(day: date) -> bool:
    """Every working day of the planning round: from the day it opens (the organisation's invitations,
    ``WEEKS_BEFORE`` weeks before a quarter's last day) to a week into the next quarter."""
    following = date(day.year + (day.month > 9), ((day.month - 1) // 3 * 3 + 3) % 12 + 1, 1)
    opens = following - timedelta(days=1, weeks=WEEKS_BEFORE)
    return opens <= day or (day.day <= 7 and day.month in (1, 4, 7, 10))


def simulated(kr: KeyResult, period: Period, now: datetime) -> float:
    """Where a key result stands: on its way to the target, ninety percent of it by the period's end."""
    share = min(1.0, (now.date() - period.start).days / (period.end - period.start).days) * 0.9
    if kr.kind == "stay_above":
        return kr.target + 0.05
    if kr.kind == "stay_below":
        return kr.target - 1
    if kr.kind == "milestone":
        return 1.0 if share > 0.8 else 0.0
    return round(kr.baseline + (kr.target - kr.baseline) * share, 1)


@pytest.fixture
async def year(sessions, messenger, load_org):
    await load_org(ORG)
    return Year(sessions, messenger)


async def test_a_year_planned_in_chat(year, sessions):
    await year.run()

    for period in PLANS:  # each turn: the organisation first, then the teams, once each, in working hours
        invited = [(now, user, m.kind) for now, user, m in year.sent("plan_org", "plan_team")
                   if f"Planning {period} (" in words(m)]
        assert sorted((user, kind) for _, user, kind in invited) == \
            [("U_CEO", "plan_org"), ("U_GUS", "plan_team"), ("U_LENA", "plan_team")], period
        assert max(n for n, _, k in invited if k == "plan_org") < min(n for n, _, k in invited if k == "plan_team")
    for now, user, message in year.sent("plan_org", "plan_team", "plan_reminder"):
        assert in_working_hours(*ZONES[user], now), (user, message.kind, now)
    reminded = [(user, m.kind, words(m)) for _, user, m in year.sent("plan_reminder")]
    assert len(reminded) == len(set(reminded))

    carried = [(name, kr, ended) for name in QUARTERS[1:] for objective in await objectives(sessions, name)
               for kr, ended in await _carried(sessions, objective)]
    assert len(carried) >= 6
    for name, kr, ended in carried:  # from where the key results ended, though the carry was weeks before the end
        assert kr.baseline == ended.current, (name, kr.title, kr.baseline, ended.current)

    asked = {(period, kr) for period, kr, _ in year.asked}
    assert not any("Rust services shipped" in words(m) for _, _, m in year.sent("checkin")), "Dan's draft"
    assert {status for _, _, status in year.asked} == {"active"}, "never a draft (nor a paused objective)"
    for name in QUARTERS:  # each quarter's check-ins are about its agreed OKRs, all of them
        agreed = {kr.id for o in await objectives(sessions, name) if o.status != "draft"
                  for kr in await key_results(sessions, o.id)}
        assert {kr for period, kr in asked if period == name} == agreed, name

    changes = await _changes_with_reasons(sessions)
    assert len(changes) == sum(len(typed) for typed in CHANGES.values())
    for period, channel, change in changes:  # the recap of its period tells each change, its day and its reason
        recap = [words(m) for c, m in year.messenger.posts if c == channel and m.kind in ("recap", "org_recap")
                 and period in words(m).splitlines()[0]]
        assert len(recap) == 1, (period, channel)
        assert change_line(change, "en") in recap[0], (period, change.what, change.reason)
    growth = next(words(m) for c, m in year.messenger.posts if c == "C_GROWTH" and "2027-Q2" in words(m).split("\n")[0])
    assert "• target lowered from 50 to 40 on 12 May: two partners left" in growth
    recaps = [words(m) for _, m in year.messenger.posts if m.kind in ("recap", "org_recap")]
    assert any("carried over to 2027-" in r for r in recaps) and any("carried over from 2027-Q1" in r for r in recaps)
    assert not any("from draft to active" in r or "no reason given" in r for r in recaps), "drafting is no change"


async def _carried(sessions, objective: Objective) -> list[tuple[KeyResult, KeyResult]]:
    """Each key result of a carried or reworked objective with the one it continues."""
    if objective.carried_from_id is None:
        return []
    before = {kr.id: kr for kr in await key_results(sessions, objective.carried_from_id)}
    return [(kr, before[kr.carried_from_id]) for kr in await key_results(sessions, objective.id)]


async def _changes_with_reasons(sessions) -> list[tuple[str, str, OkrChange]]:
    """Every change made while a period ran, with its period and where its recap is posted."""
    async with sessions() as session:
        rows = await session.execute(select(Period.name, Objective.level, Team.channel, OkrChange)
                                     .join(Objective, Objective.id == OkrChange.objective_id)
                                     .join(Period, Period.id == Objective.period_id)
                                     .outerjoin(Team, Team.id == Objective.owner_team_id)
                                     .where(OkrChange.reason != "").order_by(OkrChange.id))
        return [(name, ORG_CHANNEL if level == "org" else channel, change) for name, level, channel, change in rows]

