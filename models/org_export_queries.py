"""Everything an organisation file can say, read back from the store in a few statements (``okrbot export
--okrs``), each list in the order its rows were made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.absence import Absence
from models.digests import OneOnOne
from models.feeds import FeedSource, Kpi, KpiMeasure
from models.okrs import KeyResult, Objective
from models.people import Membership, Period, Person, Team
from models.planning import PlanningSetting
from models.surveys import SurveySchedule, SurveyStatement
from models.webhooks import Webhook


@dataclass(frozen=True)
class OrgRows:
    periods: list[Period]
    people: list[Person]
    teams: list[Team]
    memberships: list[Membership]
    objectives: list[Objective]  # not archived
    key_results: list[KeyResult]  # not archived, of those objectives
    kpis: list[Kpi]  # not archived
    sources: list[FeedSource]
    measures: list[KpiMeasure]
    schedules: list[SurveySchedule]
    statements: list[SurveyStatement]  # the active ones, in their order
    webhooks: list[Webhook]  # the file's, not OKRBOT_WEBHOOK_URL's
    planning: list[PlanningSetting]
    one_on_ones: list[OneOnOne]
    vacations: list[Absence]  # the file's ``vacation_until``s still running on the given day
    parent_refs: dict[int, str]  # objective id -> ref of every parent, also those of other periods


async def org_rows(session: AsyncSession, *, period_id: int | None, today: date) -> OrgRows:
    """The organisation as stored; OKRs of ``period_id`` only when given, else of every period."""
    objectives = select(Objective).where(Objective.archived_at.is_(None))
    if period_id is not None:
        objectives = objectives.where(Objective.period_id == period_id)
    objective_rows = await _all(session, objectives.order_by(Objective.id))
    key_results = await _all(session, select(KeyResult).where(
        KeyResult.archived_at.is_(None), KeyResult.objective_id.in_([o.id for o in objective_rows]))
        .order_by(KeyResult.id))
    return OrgRows(
        periods=await _all(session, select(Period).order_by(Period.start)),
        people=await _all(session, select(Person).order_by(Person.id)),
        teams=await _all(session, select(Team).order_by(Team.id)),
        memberships=await _all(session, select(Membership).order_by(Membership.person_id, Membership.id)),
        objectives=objective_rows, key_results=key_results,
        kpis=await _all(session, select(Kpi).where(Kpi.archived_at.is_(None)).order_by(Kpi.id)),
        sources=await _all(session, select(FeedSource).order_by(FeedSource.id)),
        measures=await _all(session, select(KpiMeasure).order_by(KpiMeasure.id)),
        schedules=await _all(session, select(SurveySchedule).order_by(SurveySchedule.team_id)),
        statements=await _all(session, select(SurveyStatement).where(SurveyStatement.active.is_(True))
                              .order_by(SurveyStatement.catalog, SurveyStatement.position, SurveyStatement.id)),
        webhooks=await _all(session, select(Webhook).where(Webhook.origin == "file").order_by(Webhook.url)),
        planning=await _all(session, select(PlanningSetting).order_by(PlanningSetting.id)),
        one_on_ones=await _all(session, select(OneOnOne).order_by(OneOnOne.manager_id, OneOnOne.report_id)),
        vacations=await _all(session, select(Absence).where(
            Absence.source == "import", Absence.ended_at.is_(None), Absence.last_day >= today).order_by(Absence.id)),
        parent_refs=dict((await session.execute(select(Objective.id, Objective.ref).where(
            Objective.id.in_({o.parent_id for o in objective_rows if o.parent_id})))).all()),
    )


async def _all(session: AsyncSession, statement) -> list:
    return list((await session.execute(statement)).scalars())
