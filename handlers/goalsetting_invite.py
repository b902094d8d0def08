"""The report's short DM before their goal-setting 1:1: bring your own ideas and a draft of your OKRs.

Claimed beside the manager's prep (scheduler/digest_due.py, kind ``goalsetting``, the prep's slot, only in the
report's working hours) for 1:1s near a period's end; whether the 1:1 really is the planning phase's first is
decided here, from the snapshot, as for the manager's prep (handlers/goalsetting.py). One snapshot per period.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message, Text
from handlers.digest_data import load
from handlers.goalsetting import is_goalsetting
from handlers.prep_digest import local_midnight
from models import digest_queries as q
from models.deliveries import Claimed
from models.slot_queries import period_by_id
from prompts import t
from prompts.formatting import human_moment
from scheduler.cadence import local_now
from scheduler.digest_calendar import meetings

KIND = "goalsetting"
_SLOT = re.compile(r"r(\d+):(\d{4}-\d{2}-\d{2})")
NEAR_END = timedelta(weeks=8)  # a 1:1 this near its period's end may be the planning phase's first (any team's)


async def invite_messages(session: AsyncSession, *, deliveries: Sequence[Claimed]) -> dict[int, Message]:
    """The invitation per goal-setting delivery id (sent to the report), in the report's locale; deliveries whose
    1:1 is not the first of the planning phase, or no longer held, are left out."""
    wanted: dict[int, list[tuple[Claimed, date]]] = {}
    for delivery in deliveries:
        if delivery.kind == KIND and (match := _SLOT.fullmatch(delivery.slot)):
            wanted.setdefault(delivery.period_id, []).append((delivery, date.fromisoformat(match[2])))
    messages: dict[int, Message] = {}
    for period_id, items in sorted(wanted.items()):
        period = await period_by_id(session, period_id=period_id)
        if period is None:
            continue
        reports = sorted({d.person_id for d, _ in items})
        managers = {p.manager_id for p in await q.people(session, person_ids=reports) if p.manager_id}
        snapshot = await load(session, period=period, person_ids=sorted(set(reports) | managers))
        for delivery, day in items:
            report = snapshot.people.get(delivery.person_id)
            rule = next((o for o in snapshot.one_on_ones if report and o.report_id == report.id
                         and o.manager_id == report.manager_id), None)
            if rule is None or rule.manager_id not in snapshot.people:
                continue
            tz = snapshot.people[rule.manager_id].tz
            found = meetings(rule, tz, local_midnight(day, tz), local_midnight(day + timedelta(days=1), tz))
            if found and is_goalsetting(snapshot, rule, found[0]):
                manager = snapshot.people[rule.manager_id]
                when = human_moment(report.locale, local_now(report.tz, found[0]))
                messages[delivery.id] = Message("goalsetting_invite", report.locale, (
                    Text(t(report.locale, "goalsetting.invite.heading", manager=manager.name, when=when), "heading"),
                    Text(t(report.locale, "goalsetting.invite.body", period=period.name)),
                ), {"kind": "goalsetting_invite"})
    return messages
