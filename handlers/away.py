"""Time off a person types: ``away DAY``, ``away FIRST LAST``, ``away`` (what is planned), ``away off`` / ``back``.

Each absence is an interval of the person's own days (see ``models.absence``). Going away changes only days from
today on, and coming back ends an absence yesterday: what was true of the past stays true. Typed intervals that
overlap or touch become one. Buttons and forms that set "away" come here too (``handlers.commands``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message, Text
from handlers.day_words import parse_days
from handlers.presence import DAY, MAX_AWAY, end_absences, today_of
from models import Absence, Person
from models.absence import covers
from models.absence_store import absences_from, add_absence
from prompts import t
from prompts.formatting import day_in_words

COMMANDS = ("away", "back", "terug")
OFF_WORDS = ("off", "uit", "back", "terug")


def _notice(locale: str, key: str, **params: object) -> Message:
    """A reply that changed nothing (a refusal, or what is planned); a change comes back as kind "away"."""
    return Message("notice", locale, (Text(t(locale, f"away.{key}", **params)),))


async def away_command(session: AsyncSession, *, person: Person, name: str, argument: str, now: datetime
                       ) -> Message:
    """Dispatch the typed forms; a date that does not parse changes nothing and says how to write one."""
    words = argument.lower().split()
    if name != "away" or (len(words) == 1 and words[0] in OFF_WORDS):
        return await come_back(session, person=person, now=now)
    if not words:
        return await overview(session, person=person, now=now)
    today = today_of(person, now)
    days = parse_days(argument, today=today)
    if days is None:
        key = "bad_date" if len(words) <= 2 else "usage"
        return _notice(person.locale, key, value=argument[:40], example=_example(person.locale, today))
    first_day, last_day = days
    return await go_away(session, person=person, last_day=last_day, first_day=first_day, now=now)


def _example(locale: str, today: date) -> str:
    """A day two weeks ahead, written as people type it: "24 December"."""
    return day_in_words(locale, today + timedelta(days=14), today)


async def go_away(session: AsyncSession, *, person: Person, last_day: date, now: datetime,
                  first_day: date | None = None) -> Message:
    """Away from ``first_day`` (today when None or gone by) through ``last_day``, both in the person's calendar."""
    locale, today = person.locale, today_of(person, now)
    example = _example(locale, today)
    if first_day is not None and last_day < first_day:
        first, last, later = (day_in_words(locale, d, today) for d in (first_day, last_day, first_day + DAY * 7))
        to = t(locale, "words.range_words").split(",")[0]
        return _notice(locale, "end_before_start", first=first, last=last, example=f"{first} {to} {later}")
    if last_day < today:
        return _notice(locale, "past", date=day_in_words(locale, last_day, today), example=example)
    if last_day - today > MAX_AWAY:
        return _notice(locale, "too_far")
    first_day = max(first_day or today, today)
    typed = [a for a in await absences_from(session, person_id=person.id, since=first_day - DAY, source="typed")
             if a.ended_at is None and a.first_day <= last_day + DAY]
    absence = await _merge(session, typed, person=person, first_day=first_day, last_day=last_day, now=now)
    key = "set_now" if absence.first_day <= today else "set_later"
    text = t(locale, f"away.{key}", first=day_in_words(locale, absence.first_day, today),
             last=day_in_words(locale, absence.last_day, today))
    if typed:
        text += " " + t(locale, "away.merged")
    return Message("away", locale, (Text(text),))


async def _merge(session: AsyncSession, touching: list[Absence], *, person: Person, first_day: date,
                 last_day: date, now: datetime) -> Absence:
    """One typed absence covering the new days and every typed one they overlap or touch."""
    if not touching:
        return add_absence(session, person_id=person.id, first_day=first_day, last_day=last_day, source="typed",
                           now=now)
    kept, *others = touching  # the earliest: a begun absence keeps its first day, so the past stays as it was
    ends = [a.last_day for a in touching]
    kept.first_day = min(kept.first_day, first_day)
    kept.last_day = None if None in ends else max(last_day, *ends)
    session.add(kept)
    await end_absences(session, others, today=today_of(person, now), now=now)
    return kept


async def come_back(session: AsyncSession, *, person: Person, now: datetime) -> Message:
    """End today's absences (their days up to yesterday stay); with none, cancel the next one planned."""
    locale, today = person.locale, today_of(person, now)
    running = await absences_from(session, person_id=person.id, since=today)
    current = [a for a in running if covers(a, today)]
    upcoming = [a for a in running if a.first_day > today]
    if current:
        await end_absences(session, current, today=today, now=now)
        text = t(locale, "away.back")
    elif upcoming:
        cancelled = [a for a in upcoming if a.first_day == upcoming[0].first_day]
        upcoming = [a for a in upcoming if a not in cancelled]
        await end_absences(session, cancelled, today=today, now=now)
        text = t(locale, "away.cancelled", span=_span(locale, cancelled[0], today))
    else:
        return _notice(locale, "nothing_to_end")
    if upcoming:
        text += " " + t(locale, "away.still_planned", spans="; ".join(_span(locale, a, today) for a in upcoming))
    return Message("away", locale, (Text(text),))


async def overview(session: AsyncSession, *, person: Person, now: datetime) -> Message:
    """The absences running today and those to come, with where each came from."""
    locale, today = person.locale, today_of(person, now)
    running = await absences_from(session, person_id=person.id, since=today)
    if not running:
        return _notice(locale, "overview_none", example=_example(locale, today))
    return _notice(locale, "overview", lines=_lines(locale, running, today))


def _lines(locale: str, absences: Sequence[Absence], today: date) -> str:
    return "\n".join(
        "- " + _span(locale, a, today) + (t(locale, f"away.source_{a.source}") if a.source != "typed" else "")
        for a in absences
    )


def _span(locale: str, absence: Absence, today: date) -> str:
    now = "now" if absence.first_day <= today else "later"
    end = "open" if absence.last_day is None else "until"
    return t(locale, f"away.span_{now}_{end}", first=day_in_words(locale, absence.first_day, today),
             last=day_in_words(locale, absence.last_day, today) if absence.last_day else "")
