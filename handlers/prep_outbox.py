"""1:1 prep digests for the tick's claimed deliveries and for a manager's preview, in a fixed number of queries.

A prep delivery goes to the manager (``person_id``) with slot ``r<report id>:<meeting's local date>``. All
digests of one period are built from ONE snapshot of everyone involved, so a tick with a thousand 1:1s reads the
store as often as one with a single 1:1. A pair whose report no longer reports to that manager, or whose 1:1 was
removed or moved off that day, gets no digest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message
from handlers.digest_data import Snapshot, load
from handlers.digest_narrative import narrative
from handlers.goalsetting import confidence_path, goalsetting_message, is_goalsetting, lessons
from handlers.ports import AiClient
from handlers.prep_digest import build_prep, local_midnight
from handlers.prep_message import prep_message, short
from handlers.prep_model import PrepDigest
from models import OneOnOne, Person
from models.deliveries import Claimed
from models.one_on_one_store import one_on_ones_of
from models.people_queries import period_on
from models.slot_queries import period_by_id
from scheduler.cadence import local_now
from scheduler.digest_calendar import meetings, next_meeting, previous_meeting

KIND = "prep"
_SLOT = re.compile(r"r(\d+):(\d{4}-\d{2}-\d{2})")
_JUST_BEFORE = timedelta(microseconds=1)


def prep_slot(report_id: int, meeting_day: date) -> str:
    """The delivery slot of the prep digest for the 1:1 with ``report_id`` on the manager's local ``meeting_day``."""
    return f"r{report_id}:{meeting_day.isoformat()}"


async def prep_messages(session: AsyncSession, *, deliveries: Sequence[Claimed], now: datetime,
                        ai: AiClient | None = None) -> dict[int, Message]:
    """The digest message per prep delivery id, in the manager's locale; deliveries with nothing to send are left
    out. One snapshot per period, whatever the number of deliveries."""
    wanted: dict[int, list[tuple[Claimed, int, date]]] = {}
    for delivery in deliveries:
        if delivery.kind == KIND and (match := _SLOT.fullmatch(delivery.slot)):
            wanted.setdefault(delivery.period_id, []).append(
                (delivery, int(match[1]), date.fromisoformat(match[2])))
    messages: dict[int, Message] = {}
    for period_id, items in sorted(wanted.items()):
        period = await period_by_id(session, period_id=period_id)
        if period is None:
            continue
        ids = {d.person_id for d, _, _ in items} | {report_id for _, report_id, _ in items}
        snapshot = await load(session, period=period, person_ids=sorted(ids))
        rules = {(o.manager_id, o.report_id): o for o in snapshot.one_on_ones}
        for delivery, report_id, day in items:
            rule = rules.get((delivery.person_id, report_id))
            meeting_at = _meeting_on(rule, snapshot, day) if rule else None
            if meeting_at is not None and _still_reports(snapshot, rule):
                messages[delivery.id] = await _message(_digest(snapshot, rule, meeting_at), snapshot, ai, rule=rule)
    return messages


async def preview_preps(session: AsyncSession, *, manager: Person, now: datetime, ai: AiClient | None = None,
                        locale: str | None = None) -> list[Message]:
    """The digest of each of ``manager``'s 1:1s at its next meeting, by the report's name; in ``locale`` when
    given, else the manager's own language."""
    period = await period_on(session, day=local_now(manager.tz, now).date())
    pairs = await one_on_ones_of(session, manager_id=manager.id)
    if period is None or not pairs:
        return []
    snapshot = await load(session, period=period, person_ids=[manager.id, *(p.id for _, p in pairs)])
    messages = []
    for rule, _ in pairs:
        if _still_reports(snapshot, rule):
            meeting_at = next_meeting(rule, manager.tz, now)
            messages.append(await _message(_digest(snapshot, rule, meeting_at), snapshot, ai, locale, rule=rule))
    return messages


async def goalsetting_prep(session: AsyncSession, *, manager: Person, report: Person, now: datetime) -> Message | None:
    """The goal-setting prep for ``manager``'s 1:1 with ``report`` on demand (``1on1 plan``), at their next 1:1 or,
    without one, now; None outside any period."""
    period = await period_on(session, day=local_now(manager.tz, now).date())
    if period is None:
        return None
    snapshot = await load(session, period=period, person_ids=[manager.id, report.id])
    rule = next((o for o in snapshot.one_on_ones if (o.manager_id, o.report_id) == (manager.id, report.id)), None)
    if rule is not None:
        digest = _digest(snapshot, rule, next_meeting(rule, manager.tz, now))
    else:
        digest = build_prep(snapshot, manager_id=manager.id, report_id=report.id, meeting_at=now,
                            since=local_midnight(period.start, manager.tz), since_meeting=False)
    path = confidence_path(snapshot, report.id, digest.meeting_at)
    return goalsetting_message(digest, locale=manager.locale, path=path, learned=lessons(snapshot, digest))


def prep_facts(digest: PrepDigest) -> dict:
    """What the AI model may see of a digest: key results, progress, confidences, signals and blocker texts only.
    No name, no survey answer, no mood, no "one level up" reflection."""
    return {
        "key_results": [
            {"title": kr.title, "progress": round(kr.progress, 2), "confidence": kr.confidence,
             "confidence_at_previous_1on1": kr.confidence_then, "signals": list(kr.signals),
             "has_number": kr.has_number}
            for objective in digest.objectives for kr in objective.key_results
        ],
        "objective_progress": [
            {"now": round(o.progress, 2), "at_previous_1on1": None if o.progress_then is None
             else round(o.progress_then, 2)} for o in digest.objectives
        ],
        "blockers": [{"key_result": said.key_result, "text": short(said.text)} for said in digest.blockers],
        **({} if digest.phase is None else {"period": {  # so "6%" is read against the calendar, not alone
            "phase": digest.phase.name, "share_elapsed": round(digest.phase.pace, 2),
            "days_left": digest.phase.days_left}}),
    }


async def _message(digest: PrepDigest, snapshot: Snapshot, ai: AiClient | None, locale: str | None = None, *,
                   rule: OneOnOne) -> Message:
    """The usual prep, or in the planning phase's first 1:1 the goal-setting prep instead."""
    locale = locale or snapshot.people[digest.manager_id].locale
    if is_goalsetting(snapshot, rule, digest.meeting_at):
        path = confidence_path(snapshot, digest.report_id, digest.meeting_at)
        return goalsetting_message(digest, locale=locale, path=path, learned=lessons(snapshot, digest))
    story = await narrative(ai, kind=KIND, facts=prep_facts(digest), locale=locale)
    return prep_message(digest, locale=locale, narrative=story)


def _digest(snapshot: Snapshot, rule: OneOnOne, meeting_at: datetime) -> PrepDigest:
    """Looking back to the previous 1:1, if it was held after okrbot first reached the report with a check-in
    (an earlier date on the 1:1's calendar is no meeting okrbot knows of); else to when okrbot first reached them,
    or the period's start, whichever is later."""
    tz = snapshot.people[rule.manager_id].tz
    start = local_midnight(snapshot.period.start, tz)
    first = snapshot.first_checkins.get(rule.report_id)
    first = first if first is not None and first < meeting_at else None
    previous = previous_meeting(rule, tz, meeting_at - _JUST_BEFORE)
    held = previous is not None and previous > start and first is not None and previous > first
    since = previous if held else max(start, first) if first is not None else start
    return build_prep(snapshot, manager_id=rule.manager_id, report_id=rule.report_id, meeting_at=meeting_at,
                      since=since, since_meeting=held)


def _meeting_on(rule: OneOnOne, snapshot: Snapshot, day: date) -> datetime | None:
    """The 1:1 on the manager's local ``day``, or None when there is none that day any more."""
    tz = snapshot.people[rule.manager_id].tz
    found = meetings(rule, tz, local_midnight(day, tz), local_midnight(day + timedelta(days=1), tz))
    return found[0] if found else None


def _still_reports(snapshot: Snapshot, rule: OneOnOne) -> bool:
    report = snapshot.people.get(rule.report_id)
    return report is not None and rule.manager_id in snapshot.people and report.manager_id == rule.manager_id
