"""Creating an OKR in chat: the form, the checks, the linter's friendly feedback, the save."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message, Text
from handlers.checkin import notice
from handlers.lint import (
    MAX_OBJECTIVES,
    KeyResultDraft,
    ObjectiveDraft,
    key_result_count,
    lint_key_result,
    lint_objective,
)
from handlers.okr_form import ObjectiveInput, new_okr_form, parse_okr
from handlers.visibility import visible_objectives
from models import Period, Person
from models.okr_store import create_objective, objectives_owned
from models.people_queries import period_by_name, period_on, primary_team
from models.report_queries import objectives_of_period
from prompts import t
from scheduler.cadence import local_now


async def open_new_okr(session: AsyncSession, *, person: Person, now: datetime) -> Message:
    period = await period_on(session, day=local_now(person.tz, now).date())
    if period is None:
        return notice(person.locale, "checkin.no_period")
    parents = await alignment_choices(session, person=person, period=period)
    return new_okr_form(locale=person.locale, period=period.name, parents=parents)


async def alignment_choices(session: AsyncSession, *, person: Person, period: Period) -> list[tuple[int, str]]:
    """(id, title) of the objectives a new one may align to: the period's current ones that ``person`` may see
    (handlers/visibility.py), organisation level first."""
    objectives = [o for o in await objectives_of_period(session, period_id=period.id) if o.archived_at is None]
    return [(o.id, o.title) for o in await visible_objectives(session, viewer_id=person.id, objectives=objectives)]


async def submit_new_okr(session: AsyncSession, *, person: Person, context: Mapping[str, str],
                         fields: Mapping[str, str]) -> Message:
    """Save the objective when every field is valid, else return the form with messages and typed values."""
    period = await period_by_name(session, name=context.get("period", ""))
    if period is None:
        return notice(person.locale, "checkin.no_period")
    parents = await alignment_choices(session, person=person, period=period)
    draft, errors = parse_okr(fields, locale=person.locale, parent_ids={pid for pid, _ in parents})
    team = await primary_team(session, person_id=person.id)
    if draft and draft.level == "team" and team is None:
        draft, errors = None, {"level": t(person.locale, "okr.error_no_team")}
    if draft is None:
        return new_okr_form(locale=person.locale, period=period.name, parents=parents, values=fields, errors=errors)
    team_id = team.id if draft.level == "team" else None
    earlier = await objectives_owned(session, period_id=period.id, person_id=person.id, team_id=team_id)
    await create_objective(
        session,
        objective={"title": draft.title, "level": draft.level, "type": draft.type, "period_id": period.id,
                   "parent_id": draft.parent_id, "owner_team_id": team_id,
                   "owner_person_id": None if team_id else person.id},
        key_results=[{"owner_id": person.id, "title": kr.title, "kind": kr.kind, "baseline": kr.baseline,
                      "target": kr.target, "unit": kr.unit} for kr in draft.key_results],
    )
    owner = team.name if team_id else person.name
    return created_message(person.locale, period, draft, earlier, owner)


def created_message(locale: str, period: Period, draft: ObjectiveInput, earlier_objectives: int, owner: str
                    ) -> Message:
    """The confirmation, with the linter's feedback on the saved draft; feedback never blocks the save."""
    counted = key_result_count(locale, len(draft.key_results))
    blocks = [Text(t(locale, "okr.created", title=draft.title, key_results=counted, period=period.name), "heading")]
    findings = feedback(locale, period, draft, earlier_objectives, owner)
    if findings:
        blocks.append(Text(t(locale, "okr.lint_heading"), "muted"))
        blocks.extend(Text(f"• {message}") for message in findings)
    return Message("okr_created", locale, tuple(blocks), {"kind": "okr_created"})


def feedback(locale: str, period: Period, draft: ObjectiveInput, earlier_objectives: int, owner: str) -> list[str]:
    """The linter on the new objective, and a warning when its owner now has more than five in the period."""
    messages = remarks(locale, period.name, draft)
    if earlier_objectives >= MAX_OBJECTIVES:
        messages.append(t(locale, "lint.too_many_objectives", title=draft.title, position=earlier_objectives + 1,
                          owner=owner, period=period.name, limit=MAX_OBJECTIVES))
    return messages


def remarks(locale: str, period: str, draft: ObjectiveInput) -> list[str]:
    """What the linter says about a draft objective and its key results (advice; it never blocks a save)."""
    krs = tuple(KeyResultDraft(kr.title, kr.kind, kr.baseline, kr.target, kr.unit) for kr in draft.key_results)
    objective = ObjectiveDraft(draft.title, krs, owner="me", period=period)
    messages = [f.message for f in lint_objective(objective, locale)]
    for kr in krs:
        messages += [f.message for f in lint_key_result(kr, locale)]
    return messages
