"""The ``1on1`` command: a manager lists, sets or stops the 1:1s with their reports (reading: one_on_one_parse.py),
or asks for the goal-setting prep of one (``1on1 plan @anna``).

Only a person's manager of record sets their 1:1. Times are the manager's: the meeting is at the given wall-clock
time in the manager's zone, and the prep digest arrives ``prep`` before it (2 hours unless they choose).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message, Text
from handlers.one_on_one_parse import OneOnOneRequest, Rhythm, Unclear, Who, parse_one_on_one, planning_who
from handlers.prep_outbox import goalsetting_prep
from models import OneOnOne, Person
from models.coach_queries import direct_reports
from models.digests import DEFAULT_PREP_MINUTES
from models.one_on_one_store import one_on_one_of, one_on_ones_of, remove_one_on_one, set_one_on_one
from models.people_queries import person_by_platform_id
from prompts import t
from prompts.formatting import human_moment
from scheduler.cadence import local_now
from scheduler.digest_calendar import next_meeting, prep_at

COMMANDS = ("1on1", "1-on-1", "1op1", "1-op-1")


async def one_on_one_command(session: AsyncSession, *, person: Person, argument: str, now: datetime) -> Message:
    """Answer ``1on1 ...`` typed by ``person`` (the same words on Slack, Teams and the console)."""
    if (plan := planning_who(argument)) is not None:
        return await _plan(session, person, plan, now)
    request = parse_one_on_one(argument)
    if isinstance(request, Unclear):
        return _unclear(person.locale, request.problem)
    if request.who is None:
        return await _list(session, person, now)
    report = await _find_report(session, person, request.who, stopping=request.rhythm is None)
    if isinstance(report, Message):
        return report
    if request.rhythm is None:
        removed = await remove_one_on_one(session, manager_id=person.id, report_id=report.id)
        return _say(person.locale, "oneonone.removed" if removed else "oneonone.nothing_to_remove", name=report.name)
    return await _set(session, person, report, request, now)


async def _set(session: AsyncSession, manager: Person, report: Person, request: OneOnOneRequest,
               now: datetime) -> Message:
    rhythm: Rhythm = request.rhythm
    before = await one_on_one_of(session, manager_id=manager.id, report_id=report.id)
    keeps_weeks = before is not None and (before.weekday, before.every_weeks) == (rhythm.weekday, rhythm.every_weeks)
    one_on_one = OneOnOne(
        manager_id=manager.id, report_id=report.id, weekday=rhythm.weekday, local_time=rhythm.local_time,
        every_weeks=rhythm.every_weeks,
        # Every N weeks counts from the anchor: keep it when only the time or prep changes, so no week is skipped.
        anchor=before.anchor if keeps_weeks else local_now(manager.tz, now).date(),
        prep_minutes=rhythm.prep_minutes or (before.prep_minutes if before else DEFAULT_PREP_MINUTES),
    )
    await set_one_on_one(
        session, manager_id=manager.id, report_id=report.id, weekday=one_on_one.weekday,
        local_time=one_on_one.local_time, every_weeks=one_on_one.every_weeks, anchor=one_on_one.anchor,
        prep_minutes=one_on_one.prep_minutes,
    )
    locale, meeting = manager.locale, next_meeting(one_on_one, manager.tz, now)
    return Message("one_on_one", locale, (
        Text(t(locale, "oneonone.saved", name=report.name, rhythm=_rhythm(locale, one_on_one), tz=manager.tz)),
        Text(t(locale, "oneonone.next", next=_moment(locale, meeting, manager.tz), prep=_prep(locale, one_on_one),
               prep_at=_moment(locale, prep_at(one_on_one, meeting), manager.tz))),
    ))


async def _list(session: AsyncSession, manager: Person, now: datetime) -> Message:
    locale = manager.locale
    rows = await one_on_ones_of(session, manager_id=manager.id)
    if not rows:
        reports = await direct_reports(session, manager_id=manager.id)
        if not reports:
            return _say(locale, "oneonone.none_no_reports")
        return _say(locale, "oneonone.none", example=_handle(reports[0]))
    blocks = [Text(t(locale, "oneonone.list_heading", tz=manager.tz), "heading")]
    for one_on_one, report in rows:
        meeting = next_meeting(one_on_one, manager.tz, now)
        blocks.append(Text(t(locale, "oneonone.list_line", name=report.name, rhythm=_rhythm(locale, one_on_one),
                             next=_moment(locale, meeting, manager.tz), prep=_prep(locale, one_on_one))))
        if report.manager_id != manager.id:
            blocks.append(Text(t(locale, "oneonone.not_your_report_anymore", name=report.name), "note"))
    return Message("one_on_one", locale, tuple(blocks))


async def _plan(session: AsyncSession, manager: Person, who: Who, now: datetime) -> Message:
    """``1on1 plan @anna``: the goal-setting prep for a report of record, now (handlers/goalsetting.py)."""
    report = await _find_report(session, manager, who, stopping=False)
    if isinstance(report, Message):
        return report
    found = await goalsetting_prep(session, manager=manager, report=report, now=now)
    return found or _say(manager.locale, "goalsetting.no_period")


async def _find_report(session: AsyncSession, manager: Person, who: Who, *, stopping: bool) -> Person | Message:
    """The report ``who`` names: by chat user id, full name or first name, among the manager's reports (and, to
    stop one, among the people the manager still has a 1:1 with)."""
    reports = await direct_reports(session, manager_id=manager.id)
    if stopping:
        reports += [p for _, p in await one_on_ones_of(session, manager_id=manager.id) if p.manager_id != manager.id]
    wanted = who.text.casefold()
    found = [p for p in reports if p.platform_user_id == who.text] if who.is_id else []
    found = found or [p for p in reports if p.platform_user_id.casefold() == wanted or p.name.casefold() == wanted]
    found = found or [p for p in reports if p.name.split()[0].casefold() == wanted]
    if len(found) == 1:
        return found[0]
    if found:
        return _say(manager.locale, "oneonone.ambiguous", who=who.text, names=", ".join(p.name for p in found))
    someone = await person_by_platform_id(session, platform_user_id=who.text, platform=manager.platform)
    if someone is not None and someone.id != manager.id:
        return _say(manager.locale, "oneonone.not_your_report", name=someone.name)
    return _say(manager.locale, "oneonone.not_found", who=who.text[:80])


def _unclear(locale: str, problem: str) -> Message:
    example = t(locale, "oneonone.someone")
    return Message("one_on_one_usage", locale, (
        Text(t(locale, f"oneonone.problem.{problem}", example=example), "error"),
        Text(t(locale, "oneonone.usage", example=example)),
    ))


def _say(locale: str, key: str, **params: object) -> Message:
    return Message("one_on_one", locale, (Text(t(locale, key, **params)),))


def _rhythm(locale: str, one_on_one: OneOnOne) -> str:
    every = (t(locale, "oneonone.weekly") if one_on_one.every_weeks == 1
             else t(locale, "oneonone.every_n", n=one_on_one.every_weeks))
    day = t(locale, "oneonone.days").split(",")[one_on_one.weekday]
    return t(locale, "oneonone.rhythm", every=every, day=day, time=one_on_one.local_time)


def _prep(locale: str, one_on_one: OneOnOne) -> str:
    minutes = one_on_one.prep_minutes
    if minutes == 60:
        return t(locale, "oneonone.prep_hour")
    if minutes % 60 == 0:
        return t(locale, "oneonone.prep_hours", n=minutes // 60)
    return t(locale, "oneonone.prep_minutes", n=minutes)


def _moment(locale: str, instant: datetime, tz: str) -> str:
    return human_moment(locale, local_now(tz, instant))


def _handle(person: Person) -> str:
    return person.name.split()[0]
