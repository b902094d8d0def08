"""Presence as intervals of days, and what a chat platform tells about a person (status and profile).

Every way of being away (typed, a chat status, the organisation file) is an ``Absence`` row; this module holds what
they share: the person's own today, and ending an absence without touching its past. A status absence is a row of
its own, so a status that starts or clears never shortens an absence the person typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession

from models import Absence, Person
from models.absence_store import absences_from, add_absence, drop_absences
from prompts import normalize_locale
from scheduler.cadence import local_now

MAX_AWAY = timedelta(days=366)
DAY = timedelta(days=1)


def today_of(person: Person, now: datetime) -> date:
    return local_now(person.tz, now).date()


async def end_absences(session: AsyncSession, absences: Iterable[Absence], *, today: date, now: datetime) -> None:
    """End these absences before ``today``: one that had begun keeps its days up to yesterday (and says when it was
    ended); one that had not begun is forgotten, as it never was true."""
    not_begun = []
    for absence in absences:
        if absence.first_day >= today:
            not_begun.append(absence.id)
            continue
        absence.last_day, absence.ended_at = today - DAY, now
        session.add(absence)
    await drop_absences(session, ids=not_begun)


async def follow_absence(session: AsyncSession, *, person: Person, source: str, away: bool, last_day: date | None,
                         now: datetime) -> bool:
    """Follow what a chat status (``source`` "status") or the organisation file ("import") says: away from today
    through ``last_day`` (None: as long as it says so), or no longer away. Only that source's own absence moves;
    True when it did."""
    today = today_of(person, now)
    running = [a for a in await absences_from(session, person_id=person.id, since=today, source=source)
               if a.ended_at is None]
    if not away:
        await end_absences(session, running, today=today, now=now)
        return bool(running)
    if last_day is not None:
        last_day = min(max(last_day, today), today + MAX_AWAY)
    if not running:
        add_absence(session, person_id=person.id, first_day=today, last_day=last_day, source=source, now=now)
        return True
    kept, *others = running
    changed = bool(others) or kept.last_day != last_day
    kept.last_day = last_day
    session.add(kept)
    await end_absences(session, others, today=today, now=now)
    return changed


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
