"""Turning claimed deliveries into messages for their recipients, in a few queries for any number of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message
from handlers.checkin_form import checkin_message
from handlers.goalsetting_invite import invite_messages
from handlers.ports import AiClient, Recipient
from handlers.prep_outbox import prep_messages
from handlers.survey_outbox import survey_messages
from handlers.survey_risks import add_risk_questions
from handlers.visibility import blocker_audiences
from models import Person
from models.deliveries import Claimed
from models.okr_queries import OwnedKeyResult, owned_key_results
from models.roster import Contact, answered, recipients

CHECKIN_KINDS = ("checkin", "reminder", "snoozed")


@dataclass(frozen=True)
class Outgoing:
    delivery: Claimed
    recipient: Recipient
    message: Message


def recipient_of(person: Person | Contact) -> Recipient:
    return Recipient(person.id, person.platform, person.platform_user_id, person.name, person.locale)


def slot_of(delivery: Claimed) -> str:
    """A snoozed check-in's delivery slot is ``<slot>@<snooze end>``; the check-in slot is the part before."""
    return delivery.slot.split("@")[0]


async def build(session: AsyncSession, *, deliveries: Sequence[Claimed], now: datetime,
                ai: AiClient | None = None) -> list[Outgoing]:
    """The message for each delivery; a delivery with nothing left to ask (or to tell) is left out."""
    checkins = [d for d in deliveries if d.kind in CHECKIN_KINDS]
    people = await recipients(session, person_ids=sorted({d.person_id for d in deliveries}))
    person_ids = sorted(people)
    key_results = await owned_key_results(
        session, person_ids=person_ids, period_ids=sorted({d.period_id for d in checkins})
    )
    by_owner: dict[tuple[int, int], list[OwnedKeyResult]] = {}
    for kr in key_results:
        by_owner.setdefault((kr.owner_id, kr.period_id), []).append(kr)
    readers = await blocker_audiences(session, key_results=key_results)
    # Every kind asks only what is still open: a catch-up check-in after downtime may find the week answered already.
    done = await answered(session, person_ids=[d.person_id for d in checkins], slots=[slot_of(d) for d in checkins])
    outgoing = []
    for delivery in checkins:
        person = people[delivery.person_id]
        asked = [kr for kr in by_owner.get((person.id, delivery.period_id), [])
                 if kr.id not in done.get((person.id, slot_of(delivery)), set())]
        if asked:
            message = checkin_message(
                kind=delivery.kind, name=person.name, locale=person.locale, slot=slot_of(delivery),
                period_id=delivery.period_id, key_results=asked, readers=readers, tz=person.tz,
            )
            outgoing.append(Outgoing(delivery, recipient_of(person), message))
    outgoing = await add_risk_questions(session, outgoing)  # pre-mortem follow-up, handlers/survey_risks.py
    surveys = await survey_messages(session, deliveries=deliveries, people=people, now=now)
    outgoing += [Outgoing(d, recipient_of(people[d.person_id]), m) for d, m in surveys]
    preps = [d for d in deliveries if d.kind == "prep"]  # 1:1 prep digests, handlers/prep_outbox.py
    built = await prep_messages(session, deliveries=preps, now=now, ai=ai) if preps else {}
    outgoing += [Outgoing(d, recipient_of(people[d.person_id]), built[d.id]) for d in preps if d.id in built]
    invites = await invite_messages(session, deliveries=deliveries)  # before a goal-setting 1:1
    return outgoing + [Outgoing(d, recipient_of(people[d.person_id]), m) for d in deliveries
                       if (m := invites.get(d.id)) is not None]
