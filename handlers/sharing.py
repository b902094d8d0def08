"""``share`` and ``unshare``: an owner lets someone see one of their personal objectives, or stops it.

``share`` lists your personal objectives with whom each is shared, and what others shared with you;
``share 1 @bram`` or ``share roadmap @Bram Bakker`` shares (a number from that list, or words of the title; with
one personal objective it may be left out); ``unshare 1 @bram`` takes it back. The person is a Slack or Teams
mention, or ``@`` and a chat user id, full name or first name. The rule it changes is in handlers/visibility.py.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message, Text
from handlers.ids import as_id, is_id
from handlers.report import objective_reports
from handlers.report_message import objective_line
from models import Objective, Person
from models.people_queries import period_on
from models.share_store import (
    add_share,
    objectives_shared_with,
    people_by_id,
    people_named,
    personal_objectives_of,
    remove_share,
    shared_with,
)
from prompts import t
from scheduler.cadence import local_now

COMMANDS = ("share", "unshare")
MENTION = re.compile(r"<@([A-Za-z0-9._-]+)(?:\|[^>]*)?>|<at(?:\s[^>]*)?>(.*?)</at>|(?:^|\s)@(\S.*)$",
                     re.IGNORECASE | re.DOTALL)


async def run(session: AsyncSession, *, person: Person, name: str, argument: str, now: datetime) -> Message:
    period = await period_on(session, day=local_now(person.tz, now).date())
    if period is None:
        return _say(person.locale, "checkin.no_period")
    if not argument:
        return await _list(session, person, period)
    objective_text, who, is_id = _split(argument)
    if who is None:
        return _say(person.locale, "share.usage")
    own = await personal_objectives_of(session, owner_id=person.id, period_id=period.id)
    if not own:
        return _say(person.locale, "share.nothing_to_share", period=period.name)
    objective = _pick(own, objective_text)
    if objective is None:
        return _say(person.locale, "share.no_such_objective", text=(objective_text or "…")[:80])
    found = await people_named(session, text=who, platform=person.platform if is_id else None)
    if len(found) != 1:
        key = "share.ambiguous" if found else "share.unknown_person"
        return _say(person.locale, key, who=who[:80], names=", ".join(p.name for p in found))
    other = found[0]
    if other.id == person.id:
        return _say(person.locale, "share.yourself")
    if name == "share":
        done = await add_share(session, objective_id=objective.id, person_id=other.id)
        return _say(person.locale, "share.shared" if done else "share.already", title=objective.title, name=other.name)
    done = await remove_share(session, objective_id=objective.id, person_id=other.id)
    return _say(person.locale, "share.unshared" if done else "share.not_shared", title=objective.title,
                name=other.name)


def _split(argument: str) -> tuple[str, str | None, bool]:
    """(the objective as typed, the person as typed or None, whether the person is a chat user id)."""
    match = MENTION.search(argument)
    if match is None:
        return argument.strip(), None, False
    slack_id, teams_name, typed = match.groups()
    who = (slack_id or teams_name or typed or "").strip().lstrip("@")
    return argument[:match.start()].strip(), who or None, bool(slack_id)


def _pick(own: list[Objective], text: str) -> Objective | None:
    if not text:
        return own[0] if len(own) == 1 else None
    if is_id(text):
        return own[as_id(text) - 1] if 1 <= as_id(text) <= len(own) else None
    matching = [o for o in own if text.casefold() in o.title.casefold()]
    return matching[0] if len(matching) == 1 else None


async def _list(session: AsyncSession, person: Person, period) -> Message:
    locale = person.locale
    own = await personal_objectives_of(session, owner_id=person.id, period_id=period.id)
    shares = await shared_with(session, objective_ids=[o.id for o in own])
    received = await objectives_shared_with(session, person_id=person.id, period_id=period.id)
    names = await people_by_id(session, ids=sorted({p for ids in shares.values() for p in ids}
                                                   | {o.owner_person_id for o in received if o.owner_person_id}))
    blocks = [Text(t(locale, "share.own_heading", period=period.name), "heading")]
    if not own:
        blocks.append(Text(t(locale, "share.nothing_to_share", period=period.name), "muted"))
    for n, objective in enumerate(own, start=1):
        people = sorted(names[p].name for p in shares.get(objective.id, ()) if p in names)
        blocks.append(Text(t(locale, "share.own_line", n=n, title=objective.title,
                             people=", ".join(people) or t(locale, "share.nobody"))))
    if own:
        blocks.append(Text(t(locale, "share.how", n=1), "muted"))
    if received:
        blocks.append(Text(t(locale, "share.received_heading"), "heading"))
        owner = {o.id: o.owner_person_id for o in received}
        for report in await objective_reports(session, objectives=received, period=period):
            who = names[owner[report.id]].name if owner[report.id] in names else ""
            blocks.append(Text(t(locale, "share.received_line", owner=who, line=objective_line(report, locale))))
    return Message("share", locale, tuple(blocks), {"kind": "share"})


def _say(locale: str, key: str, **params: object) -> Message:
    return Message("share", locale, (Text(t(locale, key, **params)),), {"kind": "share"})
