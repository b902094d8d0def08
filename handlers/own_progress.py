"""What ``mine`` (and the Slack App Home built from it) shows: the objectives the person owns, whole, and of
everyone else's objectives only the key results the person owns. ``team`` shows the team's objectives."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.report import ObjectiveReport, objective_reports
from models import Period, Person
from models.okr_queries import owned_key_results
from models.report_queries import objectives_of_person


async def own_reports(session: AsyncSession, *, person: Person, period: Period) -> list[ObjectiveReport]:
    objectives = await objectives_of_person(session, person_id=person.id, period_id=period.id)
    owned = {kr.id for kr in await owned_key_results(session, person_ids=[person.id], period_ids=[period.id],
                                                     asked_only=False)}
    whole = {o.id for o in objectives if o.owner_person_id == person.id}
    return [r if r.id in whole else replace(r, key_results=tuple(kr for kr in r.key_results if kr.id in owned))
            for r in await objective_reports(session, objectives=objectives, period=period)]
