"""Survey use cases: answer a survey (and change the answers while it is open), list and reopen open surveys
(``survey``), and start a pre-mortem on demand (``premortem``).

A reply's context names the round (see handlers/survey_catalog.py). A person may answer a round that was sent to
them, the pre-mortem or reflection of an objective they own, or a round they already answered; nobody can answer
for someone else or after the round closed. Valid answers are saved even when others in the same submission are
refused (see handlers/survey_form.py); the manager and team the person has when answering are kept with each
answer (see models/surveys.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message, Text
from handlers.ids import as_id, is_id
from handlers.phase import phase_at
from handlers.survey_catalog import (
    DELIVERY_KINDS,
    Added,
    Statement,
    SurveyRef,
    closes_at,
    last_open_day,
    objective_ref,
    question_text,
    ref_of_context,
    ref_of_delivery,
    statements,
    survey_name,
)
from handlers.survey_form import Greeting, form_values, parse_survey, question_keys, recorded_message, survey_message
from handlers.survey_privacy import threshold
from handlers.survey_risks import split_risks
from models import Period, Person
from models.people_queries import period_on
from models.risk_store import replace_risks
from models.slot_queries import period_by_id
from models.survey_queries import (
    added_statements,
    answers_of,
    ensure_round,
    names_of,
    objective_titles,
    objectives_owned,
    primary_team_id,
    round_of,
    rounds_answered_by,
    save_answers,
    survey_deliveries,
    was_sent,
)
from models.surveys import MOOD_CATALOGS
from prompts import t
from prompts.formatting import human_date
from scheduler.cadence import local_now

LOOK_BACK = timedelta(days=120)  # how far back sent surveys are looked for; none stays open longer


def notice(locale: str, key: str, **params: object) -> Message:
    return Message("survey_notice", locale, (Text(t(locale, key, **params)),))


async def catalog_statements(session: AsyncSession, survey: str, locale: str) -> list[Statement]:
    """A mood-check catalog with the statements admins added; empty for the other surveys."""
    if survey not in MOOD_CATALOGS:
        return []
    added = [Added(s.catalog, s.key, s.text_en, s.text_nl, s.tag) for s in await added_statements(session)]
    return statements(survey, locale, added)


async def greeting_for(session: AsyncSession, person: Person, ref: SurveyRef, period: Period,
                       min_respondents: int, now: datetime) -> Greeting:
    manager = (await names_of(session, ids=[person.manager_id])).get(person.manager_id, "") \
        if person.manager_id else ""
    objective = ""
    if ref.objective_id is not None:
        objective = (await objective_titles(session, ids=[ref.objective_id])).get(ref.objective_id, "")
    return Greeting(person.name, period.name, manager, objective, threshold(min_respondents),
                    phase_at(period.start, period.end, now, person.tz))


async def _may_answer(session: AsyncSession, person: Person, ref: SurveyRef) -> bool:
    if await was_sent(session, person_id=person.id, kind=ref.delivery_kind, period_id=ref.period_id, slot=ref.key):
        return True
    if ref.objective_id is not None:
        owned = await objectives_owned(session, person_id=person.id, period_id=ref.period_id)
        if any(objective_id == ref.objective_id for objective_id, _ in owned):
            return True
    round_ = await round_of(session, survey=ref.survey, period_id=ref.period_id, key=ref.key)
    return round_ is not None and bool(await answers_of(session, round_id=round_.id, person_id=person.id))


async def _checked(session: AsyncSession, person: Person, ref: SurveyRef | None, now: datetime
                   ) -> tuple[Period | None, Message | None]:
    """The round's period, or the message that explains why this person can't answer it now."""
    period = await period_by_id(session, period_id=ref.period_id) if ref else None
    if ref is None or period is None:
        return None, notice(person.locale, "surveys.unknown")
    if not await _may_answer(session, person, ref):
        return None, notice(person.locale, "surveys.not_yours")
    if now >= closes_at(ref, period.end):
        closed_on = human_date(person.locale, last_open_day(ref, period.end))
        return None, notice(person.locale, "surveys.closed", date=closed_on)
    if ref.survey == "mood_leadership" and person.manager_id is None:
        return None, notice(person.locale, "surveys.no_manager")
    return period, None


async def open_survey(session: AsyncSession, *, person: Person, ref: SurveyRef, now: datetime,
                      min_respondents: int = 3) -> Message:
    """The survey form of a round with the person's own answers filled in, to answer or change them."""
    period, refusal = await _checked(session, person, ref, now)
    if refusal:
        return refusal
    round_ = await round_of(session, survey=ref.survey, period_id=ref.period_id, key=ref.key)
    own = await answers_of(session, round_id=round_.id, person_id=person.id) if round_ else {}
    return survey_message(
        ref=ref, locale=person.locale, greeting=await greeting_for(session, person, ref, period, min_respondents, now),
        statements=await catalog_statements(session, ref.survey, person.locale),
        last_day=last_open_day(ref, period.end), values=form_values(ref.survey, own),
    )


async def submit_survey(
    session: AsyncSession, *, person: Person, context: Mapping[str, str], fields: Mapping[str, str], now: datetime,
    min_respondents: int = 3,
) -> Message:
    """Save every valid answer of a submission; refused fields come back with their message and typed text."""
    ref = ref_of_context(context)
    period, refusal = await _checked(session, person, ref, now)
    if refusal:
        return refusal
    known = await catalog_statements(session, ref.survey, person.locale)
    given, errors = parse_survey(ref.survey, fields, keys=question_keys(ref.survey, known), locale=person.locale)
    risks = None
    if given:
        round_ = await ensure_round(session, survey=ref.survey, period_id=ref.period_id, key=ref.key,
                                    objective_id=ref.objective_id, closes_at=closes_at(ref, period.end))
        await save_answers(session, round_id=round_.id, person_id=person.id, manager_id=person.manager_id,
                           team_id=await primary_team_id(session, person_id=person.id),
                           given=[(g.question, g.score, g.text) for g in given], now=now)
        risks = await _premortem_risks(session, person, ref, round_.id, given, now)
    if errors or not given:
        notice_key = "surveys.partly_saved" if given else "surveys.not_saved" if errors else "surveys.nothing_answered"
        greeting = await greeting_for(session, person, ref, period, min_respondents, now)
        return survey_message(
            ref=ref, locale=person.locale, greeting=greeting, statements=known,
            last_day=last_open_day(ref, period.end), values=dict(fields),
            errors=errors or {"form": t(person.locale, "surveys.nothing_answered")}, notice=notice_key,
        )
    own = await answers_of(session, round_id=round_.id, person_id=person.id)
    added = [Added(s.catalog, s.key, s.text_en, s.text_nl, s.tag) for s in await added_statements(session)]
    lines = [(question_text(ref.survey, key, person.locale, added), *own[key])
             for key in question_keys(ref.survey, known) if key in own]
    extra = [t(person.locale, "surveys.premortem_risks", count=risks)] if risks is not None else []
    return recorded_message(ref=ref, locale=person.locale, name=person.name, lines=lines,
                            last_day=last_open_day(ref, period.end), extra=extra)


async def _premortem_risks(session, person: Person, ref: SurveyRef, round_id: int, given, now) -> int | None:
    """Save the risks of a pre-mortem's "what happened?" answer when it was given; their number, or None."""
    failure = next((g.text for g in given if g.question == "failure" and g.text), None)
    if ref.survey != "premortem" or failure is None:
        return None
    texts = split_risks(failure)
    await replace_risks(session, round_id=round_id, person_id=person.id, objective_id=ref.objective_id,
                        period_id=ref.period_id, texts=texts, now=now)
    return len(texts)


# --- typed commands -----------------------------------------------------------------------------------------


async def open_surveys(session: AsyncSession, *, person: Person, now: datetime) -> list[tuple[SurveyRef, Period]]:
    """The rounds this person can still answer or change: sent to them or answered by them, oldest first."""
    sent = await survey_deliveries(session, person_id=person.id, kinds=list(DELIVERY_KINDS.values()),
                                   since=now - LOOK_BACK)
    refs = [ref for ref in (ref_of_delivery(kind, period, slot) for kind, period, slot in sent) if ref]
    refs += [SurveyRef(r.survey, r.period_id, r.key) for r in await rounds_answered_by(session, person_id=person.id,
                                                                                       open_at=now)]
    found: list[tuple[SurveyRef, Period]] = []
    for ref in dict.fromkeys(refs):
        period = await period_by_id(session, period_id=ref.period_id)
        if period and now < closes_at(ref, period.end) and not (ref.survey == "mood_leadership"
                                                                and person.manager_id is None):
            found.append((ref, period))
    return found


async def survey_command(session: AsyncSession, *, person: Person, argument: str, now: datetime,
                         min_respondents: int = 3) -> Message:
    """``survey``: the one open survey, or the list of them; ``survey N`` opens number N of that list."""
    found = await open_surveys(session, person=person, now=now)
    if not found:
        return notice(person.locale, "surveys.nothing_open")
    if is_id(argument):
        if not 1 <= int(argument) <= len(found):
            return notice(person.locale, "surveys.bad_number", number=argument[:6])
        return await open_survey(session, person=person, ref=found[int(argument) - 1][0], now=now,
                                 min_respondents=min_respondents)
    if len(found) == 1:
        return await open_survey(session, person=person, ref=found[0][0], now=now, min_respondents=min_respondents)
    titles = await objective_titles(session, ids=[r.objective_id for r, _ in found if r.objective_id is not None])
    return _listing(person.locale, found, titles)


def _listing(locale: str, found: Sequence[tuple[SurveyRef, Period]], titles: Mapping[int, str]) -> Message:
    blocks = [Text(t(locale, "surveys.open_list_heading"), "heading")]
    for number, (ref, period) in enumerate(found, 1):
        objective = f" — {titles[ref.objective_id]}" if ref.objective_id in titles else ""
        blocks.append(Text(t(locale, "surveys.open_list_line", number=number, name=survey_name(ref.survey, locale),
                             objective=objective, date=human_date(locale, last_open_day(ref, period.end)))))
    return Message("survey_list", locale, tuple(blocks))


async def premortem_command(session: AsyncSession, *, person: Person, argument: str, now: datetime,
                            min_respondents: int = 3) -> Message:
    """``premortem``: a pre-mortem on the objective you own in this period (``premortem N`` when you own more)."""
    period = await period_on(session, day=local_now(person.tz, now).date())
    if period is None:
        return notice(person.locale, "checkin.no_period")
    owned = await objectives_owned(session, person_id=person.id, period_id=period.id)
    if not owned:
        return notice(person.locale, "surveys.premortem_none", period=period.name)
    if len(owned) > 1 and not is_id(argument):
        blocks = [Text(t(person.locale, "surveys.premortem_list_heading"), "heading")]
        blocks += [Text(t(person.locale, "surveys.premortem_list_line", number=n, objective=title))
                   for n, (_, title) in enumerate(owned, 1)]
        return Message("survey_list", person.locale, tuple(blocks))
    number = as_id(argument) or 1
    if not 1 <= number <= len(owned):
        return notice(person.locale, "surveys.bad_number", number=argument[:6])
    ref = objective_ref("premortem", period.id, owned[number - 1][0])
    return await open_survey(session, person=person, ref=ref, now=now, min_respondents=min_respondents)
