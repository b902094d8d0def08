"""Presence learned from the chat platform: a status that says a person is away, and their profile.

A status absence is kept apart from one the person typed (``away 2026-12-24``): clearing the status gives back
what they had set themselves, and a longer absence they typed is never shortened by a status.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession

from models import Person
from models.presence import away_status, clear_away_status, save_away_status
from prompts import normalize_locale
from scheduler.cadence import local_now

MAX_AWAY = timedelta(days=366)
OPEN_ENDED = timedelta(days=13)  # a status without an end: two weeks, renewed by every profile change while it holds


async def set_away_status(session: AsyncSession, *, person: Person, away_until: date | None, now: datetime) -> None:
    """Treat ``person`` as away up to and including ``away_until``; ``None`` means their status no longer says so."""
    today = local_now(person.tz, now).date()
    status = await away_status(session, person_id=person.id)
    ours = status is not None and person.vacation_until == status.set_to
    if away_until is None:
        if status is None:
            return
        if ours:
            person.vacation_until = status.previous if status.previous and status.previous >= today else None
            session.add(person)
        await clear_away_status(session, person_id=person.id)
        return
    away_until = min(max(away_until, today), today + MAX_AWAY)
    previous = status.previous if ours else person.vacation_until
    if previous is not None and previous < today:
        previous = None
    set_to = max(away_until, previous) if previous else away_until
    person.vacation_until = set_to
    session.add(person)
    await save_away_status(session, person_id=person.id, set_to=set_to, previous=previous, now=now)


def open_ended_until(person: Person, now: datetime) -> date:
    """The last away day assumed for a status that names no end."""
    return local_now(person.tz, now).date() + OPEN_ENDED


def apply_profile(person: Person, *, name: str | None, tz: str | None, locale: str | None) -> bool:
    """Take the name, time zone and language a chat profile gives; True when anything changed."""
    changes: dict[str, str] = {}
    if name and name.strip() and name.strip()[:200] != person.name:
        changes["name"] = name.strip()[:200]
    if tz and tz != person.tz and _known_zone(tz):
        changes["tz"] = tz
    if locale and normalize_locale(locale) != person.locale:
        changes["locale"] = normalize_locale(locale)
    for key, value in changes.items():
        setattr(person, key, value)
    return bool(changes)


def _known_zone(tz: str) -> bool:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
