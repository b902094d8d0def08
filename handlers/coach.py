"""The coach: ``coach TEXT`` turns a frustration or a rough ambition into a draft OKR to save; ``coach 1:1`` (or a
bare ``coach`` from a manager) prepares questions for the next 1:1s from the direct reports' check-ins. In a
planning round ``coach TEXT`` drafts for the next period and ``coach dN`` helps on a draft of the round, with the
round's learnings and carry-overs (handlers/coach_planning.py).

Works the same without an AI model: ``ai=None`` gives the template draft and the catalog's questions, and so does
every failure of the model (the client then returns None).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message
from handlers import okr_authoring
from handlers.checkin import notice
from handlers.coach_1on1 import polish, prepare
from handlers.coach_draft import Draft, draft_okr
from handlers.coach_message import SAVE, draft_form, draft_preview, one_on_one_message
from handlers.coach_planning import PlanningContext, is_draft_ref, planning_context, with_context
from handlers.lint import Finding, KeyResultDraft, lint_key_result
from handlers.ports import AiClient
from models import Person
from models.coach_queries import direct_reports
from models.people_queries import period_on
from prompts import t
from scheduler.cadence import local_now

MAX_TEXT = 1000
ONE_ON_ONE = frozenset({"1:1", "1on1", "1-on-1", "one-on-one", "1-op-1", "1op1"})
NO = frozenset({"no", "nee", "n"})
ASKED = frozenset({"no_target", "no_baseline"})


async def coach(session: AsyncSession, *, person: Person, text: str, now: datetime, ai: AiClient | None = None
                ) -> Message:
    """Answer ``coach TEXT`` for ``person``; ``text`` is everything after the word coach."""
    text = text.strip()
    if text.casefold() in ONE_ON_ONE or not text:
        reports = await direct_reports(session, manager_id=person.id)
        if reports:
            return await one_on_one(session, manager=person, reports=reports, now=now, ai=ai)
        if text:
            return notice(person.locale, "coach.no_reports")
        return notice(person.locale, "coach.usage", kind="coach_usage")
    if len(text) > MAX_TEXT:
        return notice(person.locale, "coach.too_long", limit=MAX_TEXT, length=len(text))
    planning = await planning_context(session, person=person, now=now, ref=text)
    if is_draft_ref(text):  # ``coach d2``: help on a draft of the planning round
        if planning is None or planning.draft is None:
            return notice(person.locale, "planning.coach_which")
        text = planning.draft.title
    if planning is not None:
        return await _for_the_round(text, planning, person.locale, ai)
    period = await period_on(session, day=local_now(person.tz, now).date())
    name = period.name if period else ""
    # every objective of the period the person can see (their own, their team's, the organisation's): the coach
    # never proposes one of them again
    parents = await okr_authoring.alignment_choices(session, person=person, period=period) if period else []
    draft = await draft_okr(text, locale=person.locale, period=name, ai=ai, existing=[title for _, title in parents])
    findings = draft_findings(draft, person.locale)
    if period is None:
        return draft_preview(draft, findings, locale=person.locale, period=name,
                             note=t(person.locale, "coach.no_period_to_save"))
    return draft_form(draft, findings, locale=person.locale, period=name, parents=parents)


async def _for_the_round(text: str, planning: PlanningContext, locale: str, ai: AiClient | None) -> Message:
    """The draft for the next period with the round's context, to put into the round with plan draft and propose."""
    draft = await draft_okr(text, locale=locale, period=planning.period, ai=ai, existing=planning.titles,
                            planning=planning.facts())
    shown = draft_preview(draft, draft_findings(draft, locale), locale=locale, period=planning.period)
    return with_context(shown, planning, locale)


async def preview(text: str, *, locale: str, period: str = "", ai: AiClient | None = None, note: str = ""
                  ) -> Message:
    """The draft for ``text`` without a person or a store: for the terminal and the demo."""
    draft = await draft_okr(text, locale=locale, period=period, ai=ai)
    return draft_preview(draft, draft_findings(draft, locale), locale=locale, period=period, note=note)


def draft_findings(draft: Draft, locale: str) -> list[Finding]:
    """The linter on the draft's key results, as the new-OKR form would lint them. The person's own words are
    never linted: a frustration is what the draft starts from, not a key result. A missing baseline or target is
    left out here: the coach asks for those itself."""
    return [finding for kr in draft.key_results
            for finding in lint_key_result(KeyResultDraft(kr.title, kr.kind, kr.baseline, kr.target, kr.unit), locale)
            if finding.code not in ASKED]


async def submit_draft(session: AsyncSession, *, person: Person, context: Mapping[str, str],
                       fields: Mapping[str, str]) -> Message:
    """Save the (edited) draft through the new-OKR path, or let it go when the person said no."""
    if (fields.get(SAVE) or "yes").strip().casefold() in NO:
        return notice(person.locale, "coach.discarded", kind="coach_discarded")
    fields = {key: value for key, value in fields.items() if key != SAVE}
    return await okr_authoring.submit_new_okr(session, person=person, context={"kind": "okr_new",
                                              "period": context.get("period", "")}, fields=fields)


async def one_on_one(session: AsyncSession, *, manager: Person, reports: list[Person], now: datetime,
                     ai: AiClient | None = None) -> Message:
    period = await period_on(session, day=local_now(manager.tz, now).date())
    if period is None:
        return notice(manager.locale, "checkin.no_period")
    preps = await prepare(session, reports=reports, period=period, locale=manager.locale, now=now)
    preps, polished = await polish(preps, locale=manager.locale, ai=ai)
    return one_on_one_message(preps, locale=manager.locale, period=period.name, polished=polished)
