"""Typed commands and neutral replies, the same for the console, Slack's /okr and Teams.

An edge turns its payload into a command text or a reply object and shows the message that comes back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import AwayUntil, FormSubmitted, Message, SkipSlot, Snooze, Text
from handlers import (
    adjust,
    away,
    checkin,
    coach,
    kpi_command,
    okr_authoring,
    planning_commands,
    sharing,
    source_command,
    survey_commands,
    surveys,
)
from handlers.adjust_parse import COMMANDS as ADJUST
from handlers.day_words import snooze_choice
from handlers.one_on_one_commands import COMMANDS as ONE_ON_ONE
from handlers.one_on_one_commands import one_on_one_command
from handlers.own_progress import own_reports
from handlers.phase import phase_at
from handlers.ports import AiClient
from handlers.report import objective_reports
from handlers.report_message import progress_message
from handlers.slot_check import checked_slot
from handlers.survey_risks import after_checkin, checkin_with_risks
from handlers.visibility import channel_objectives
from models import Person
from models.people_queries import period_on, person_by_platform_id, primary_team
from models.report_queries import objectives_of_team
from prompts import LOCALES, t
from scheduler.cadence import local_now

Reply = FormSubmitted | Snooze | SkipSlot | AwayUntil


def unknown_person(locale: str = "en") -> Message:
    return checkin.notice(locale, "commands.unknown_person", kind="unknown_person")


async def handle_reply(session: AsyncSession, *, reply: Reply, platform: str | None, now: datetime,
                       person: Person | None = None) -> Message:
    """Record a button press or form submit from a person known by their chat user id (``person`` when the edge
    already looked them up in this session)."""
    if person is None:
        person = await person_by_platform_id(session, platform_user_id=reply.person, platform=platform)
    if person is None:
        return unknown_person()
    if isinstance(reply, FormSubmitted) and reply.context.get("kind") == "coach_draft":
        return await coach.submit_draft(session, person=person, context=reply.context, fields=reply.fields)
    if isinstance(reply, FormSubmitted) and reply.context.get("kind") == "okr_new":
        return await okr_authoring.submit_new_okr(session, person=person, context=reply.context, fields=reply.fields)
    if isinstance(reply, FormSubmitted) and reply.context.get("kind") == "survey":
        return await surveys.submit_survey(session, person=person, context=reply.context, fields=reply.fields, now=now)
    if isinstance(reply, FormSubmitted | Snooze | SkipSlot) and await checked_slot(
            session, person=person, context=reply.context, now=now) is None:
        return checkin.notice(person.locale, "checkin.not_a_slot")
    if isinstance(reply, Snooze) and snooze_choice(reply.choice) is None:
        return checkin.notice(person.locale, "commands.snooze_usage")
    if isinstance(reply, FormSubmitted):
        answer = await checkin.submit_checkin(session, person=person, context=reply.context, fields=reply.fields,
                                              now=now)
        return await after_checkin(session, person=person, context=reply.context, fields=reply.fields, answer=answer,
                                   now=now)  # pre-mortem risks asked in the check-in, handlers/survey_risks.py
    if isinstance(reply, Snooze):
        return await checkin.snooze(session, person=person, context=reply.context, choice=snooze_choice(reply.choice),
                                    now=now)
    if isinstance(reply, SkipSlot):
        return await checkin.skip(session, person=person, context=reply.context)
    return await away.go_away(session, person=person, last_day=reply.until, now=now)


async def handle_command(session: AsyncSession, *, person: Person, text: str, now: datetime,
                         ai: AiClient | None = None, min_respondents: int = 3) -> Message:
    """Answer one typed command, e.g. ``checkin``, ``away 2026-12-24`` or ``lang nl``.

    ``ai`` is the AI model the edge got from ``bot.ai.ai_client(settings)``; only ``coach`` uses it, and
    without it the coach answers from its templates.
    """
    name, _, argument = text.strip().partition(" ")
    name, argument = name.lower(), argument.strip()
    locale = person.locale
    if name in ("", "help", "hulp", "?"):
        return help_message(locale)
    if name == "checkin":
        opened = await checkin.open_checkin(session, person=person, now=now)
        return await checkin_with_risks(session, person=person, message=opened)
    if name in survey_commands.COMMANDS:  # OKRBOT_MIN_RESPONDENTS: edges pass settings.min_respondents
        return await survey_commands.run(session, person=person, name=name, argument=argument, now=now,
                                         min_respondents=min_respondents)
    if name in ONE_ON_ONE:
        return await one_on_one_command(session, person=person, argument=argument, now=now)
    if name == "coach":
        return await coach.coach(session, person=person, text=argument, now=now, ai=ai)
    if name == "new":
        return await okr_authoring.open_new_okr(session, person=person, now=now)
    if name in source_command.COMMANDS:  # where a key result's value is read (handlers/source_command.py)
        return await source_command.run(session, person=person, argument=argument, now=now)
    if name in kpi_command.COMMANDS:
        return await kpi_command.run(session, person=person, argument=argument, now=now)
    if name in planning_commands.COMMANDS:  # the planning round of the next period, handlers/planning_commands.py
        return await planning_commands.run(session, person=person, name=name, argument=argument, now=now)
    if name in sharing.COMMANDS:
        return await sharing.run(session, person=person, name=name, argument=argument, now=now)
    if name in ADJUST:  # changing OKRs while the period runs, handlers/adjust.py
        return await adjust.adjust_command(session, person=person, name=name, argument=argument, now=now)
    if name in ("mine", "team"):
        return await _progress(session, person, name, now)
    if name in away.COMMANDS:
        return await away.away_command(session, person=person, name=name, argument=argument, now=now)
    if name == "lang":
        return _set_locale(session, person, argument.lower())
    if name in ("snooze", "skip"):
        return await _postpone(session, person, name, argument.lower(), now)
    return help_message(locale, unknown=text.strip())


def help_message(locale: str, unknown: str | None = None) -> Message:
    blocks = [Text(t(locale, "commands.unknown", text=unknown[:80]), "error")] if unknown else []
    blocks.append(Text(t(locale, "commands.help")))
    return Message("help", locale, tuple(blocks))


def _set_locale(session: AsyncSession, person: Person, locale: str) -> Message:
    if locale not in LOCALES:
        return checkin.notice(person.locale, "commands.lang_usage")
    person.locale = locale
    session.add(person)
    return checkin.notice(locale, "commands.lang_set")


async def _postpone(session: AsyncSession, person: Person, name: str, argument: str, now: datetime) -> Message:
    opened = await checkin.open_checkin(session, person=person, now=now)
    if "slot" not in opened.context:
        return opened
    if name == "skip":
        return await checkin.skip(session, person=person, context=opened.context)
    choice = snooze_choice(argument)  # "snooze morgen" as well as "snooze tomorrow"
    if choice is None:
        return checkin.notice(person.locale, "commands.snooze_usage")
    return await checkin.snooze(session, person=person, context=opened.context, choice=choice, now=now)


async def _progress(session: AsyncSession, person: Person, which: str, now: datetime) -> Message:
    period = await period_on(session, day=local_now(person.tz, now).date())
    if period is None:
        return checkin.notice(person.locale, "checkin.no_period")
    if which == "mine":
        reports = await own_reports(session, person=person, period=period)
        heading = t(person.locale, "report.mine_heading", period=period.name)
    else:
        team = await primary_team(session, person_id=person.id)
        if team is None:
            return checkin.notice(person.locale, "checkin.not_in_team")
        # ``team`` may be answered in the team's channel, so it shows what a channel may: handlers/visibility.py
        objectives = channel_objectives(await objectives_of_team(session, team_id=team.id, period_id=period.id),
                                        team_id=team.id)
        reports = await objective_reports(session, objectives=objectives, period=period)
        heading = t(person.locale, "report.team_heading", team=team.name, period=period.name)
    return progress_message(kind=which, heading=heading, locale=person.locale, reports=reports,
                            empty=t(person.locale, "report.no_objectives", period=period.name),
                            phase=phase_at(period.start, period.end, now, person.tz), period=period.name)
