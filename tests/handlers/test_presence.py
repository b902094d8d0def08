"""Away by status: a Vacationing or Out sick status pauses check-ins without undoing what a person typed."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from handlers.presence import apply_profile, set_away_status
from models import Person
from models.db import transaction
from models.presence import away_status
from tests.orgs import SMALL_ORG

NOW = datetime(2026, 10, 5, 7, 0, tzinfo=UTC)


async def _status(sessions, away_until: date | None, *, typed: date | None = None, now: datetime = NOW) -> Person:
    async with transaction(sessions) as session:
        anna = (await session.execute(select(Person).where(Person.platform_user_id == "U_ANNA"))).scalar_one()
        if typed is not None:
            anna.vacation_until = typed
        await set_away_status(session, person=anna, away_until=away_until, now=now)
        return anna


async def test_a_status_sets_and_clears_the_absence(sessions, load_org):
    await load_org(SMALL_ORG)
    assert (await _status(sessions, date(2026, 10, 9))).vacation_until == date(2026, 10, 9)
    assert (await _status(sessions, date(2026, 10, 16))).vacation_until == date(2026, 10, 16)  # extended
    assert (await _status(sessions, None)).vacation_until is None
    async with sessions() as session:
        anna = (await session.execute(select(Person).where(Person.platform_user_id == "U_ANNA"))).scalar_one()
        assert await away_status(session, person_id=anna.id) is None


async def test_a_longer_typed_absence_survives_the_status(sessions, load_org):
    await load_org(SMALL_ORG)
    anna = await _status(sessions, date(2026, 10, 9), typed=date(2026, 10, 30))
    assert anna.vacation_until == date(2026, 10, 30)
    assert (await _status(sessions, None)).vacation_until == date(2026, 10, 30)


async def test_clearing_the_status_gives_back_a_shorter_typed_absence(sessions, load_org):
    await load_org(SMALL_ORG)
    assert (await _status(sessions, date(2026, 10, 20), typed=date(2026, 10, 7))).vacation_until == date(2026, 10, 20)
    assert (await _status(sessions, None)).vacation_until == date(2026, 10, 7)


async def test_a_typed_change_while_the_status_holds_is_kept(sessions, load_org):
    await load_org(SMALL_ORG)
    await _status(sessions, date(2026, 10, 9))
    assert (await _status(sessions, None, typed=date(2026, 12, 24))).vacation_until == date(2026, 12, 24)


async def test_a_status_end_in_the_past_counts_from_today_and_a_year_is_the_most(sessions, load_org):
    await load_org(SMALL_ORG)
    assert (await _status(sessions, date(2026, 9, 1))).vacation_until == date(2026, 10, 5)
    assert (await _status(sessions, date(2028, 1, 1))).vacation_until == date(2027, 10, 6)


def test_a_profile_brings_a_name_a_known_time_zone_and_a_language():
    anna = Person(id=1, platform_user_id="U_ANNA", name="Anna", tz="Europe/Amsterdam")
    assert apply_profile(anna, name="Anna de Vries", tz="Nowhere/Land", locale="nl-NL")
    assert (anna.name, anna.tz, anna.locale) == ("Anna de Vries", "Europe/Amsterdam", "nl")
    assert not apply_profile(anna, name="Anna de Vries", tz=None, locale="nl_NL")
