"""The messages for claimed survey deliveries; handlers/outbox.py adds them to the tick's outgoing messages.

A pre-mortem or reflection the person already answered (on demand, with ``premortem``) is not asked again, and a
leadership mood check is not sent to someone who has no manager any more: such deliveries are left out, and the
tick marks them as having had nothing to send.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message
from handlers.phase import phase_at
from handlers.survey_catalog import SurveyRef, last_open_day, ref_of_delivery
from handlers.survey_form import Greeting, survey_message
from handlers.survey_privacy import threshold
from handlers.surveys import catalog_statements
from models.deliveries import Claimed
from models.roster import Contact
from models.slot_queries import period_by_id
from models.survey_queries import answers_of, managers_of, names_of, objective_titles, round_of


async def survey_messages(
    session: AsyncSession, *, deliveries: Sequence[Claimed], people: Mapping[int, Contact], now: datetime,
    min_respondents: int = 3,
) -> list[tuple[Claimed, Message]]:
    """(delivery, message) for each survey delivery that still has something to ask."""
    surveys = [(d, ref) for d in deliveries if (ref := ref_of_delivery(d.kind, d.period_id, d.slot)) is not None
               and d.person_id in people]
    if not surveys:
        return []
    managers = await managers_of(session, ids=sorted({d.person_id for d, _ in surveys}))
    names = await names_of(session, ids=sorted({m for m in managers.values() if m is not None}))
    titles = await objective_titles(session, ids=sorted({r.objective_id for _, r in surveys if r.objective_id}))
    periods = {pid: await period_by_id(session, period_id=pid) for pid in sorted({r.period_id for _, r in surveys})}
    catalogs: dict[tuple[str, str], list] = {}
    built = []
    for delivery, ref in surveys:
        person, period = people[delivery.person_id], periods[ref.period_id]
        manager = managers.get(person.id)
        if period is None or (ref.survey == "mood_leadership" and manager is None):
            continue
        if ref.objective_id is not None and await _answered(session, ref, person.id):
            continue
        key = (ref.survey, person.locale)
        if key not in catalogs:
            catalogs[key] = await catalog_statements(session, ref.survey, person.locale)
        greeting = Greeting(person.name, period.name, names.get(manager, ""), titles.get(ref.objective_id, ""),
                            threshold(min_respondents), phase_at(period.start, period.end, now, person.tz))
        built.append((delivery, survey_message(ref=ref, locale=person.locale, greeting=greeting,
                                               statements=catalogs[key], last_day=last_open_day(ref, period.end))))
    return built


async def _answered(session: AsyncSession, ref: SurveyRef, person_id: int) -> bool:
    round_ = await round_of(session, survey=ref.survey, period_id=ref.period_id, key=ref.key)
    return round_ is not None and bool(await answers_of(session, round_id=round_.id, person_id=person_id))
