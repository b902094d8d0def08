"""Away by status: a Vacationing or Out sick status is an absence of its own, so it never undoes what a person
typed; the organisation file's ``vacation_until`` likewise."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from handlers.presence import apply_profile, follow_absence
from models import Person
from models.db import transaction
from models.people_queries import person_by_platform_id
from tests.absences import ended, set_absence, spans
from tests.orgs import SMALL_ORG

NOW = datetime(2026, 10, 5, 7, 0, tzinfo=UTC)  # Monday 5 October, 09:00 in Amsterdam


async def _status(sessions, away: bool, last_day: date | None = None, *, now: datetime = NOW) -> bool:
    async with transaction(sessions) as session:
        anna = await person_by_platform_id(session, platform_user_id="U_ANNA")
        return await follow_absence(session, person=anna, source="status", away=away, last_day=last_day, now=now)


async def test_a_status_starts_an_absence_today_and_moves_only_its_end(sessions, load_org):
    await load_org(SMALL_ORG)
    assert await _status(sessions, True, date(2026, 10, 9))
    assert await _status(sessions, True, date(2026, 10, 16))  # extended
    assert not await _status(sessions, True, date(2026, 10, 16))  # the same again: nothing moves
    assert await spans(sessions, "U_ANNA") == [(date(2026, 10, 5), date(2026, 10, 16), "status")]


async def test_a_status_without_an_end_holds_until_it_is_cleared_and_keeps_its_days(sessions, load_org):
    await load_org(SMALL_ORG)
    await _status(sessions, True)
    assert await spans(sessions, "U_ANNA") == [(date(2026, 10, 5), None, "status")]
    assert await _status(sessions, False, now=NOW + timedelta(days=3))
    assert await spans(sessions, "U_ANNA") == [(date(2026, 10, 5), date(2026, 10, 7), "status")]
    assert await ended(sessions, "U_ANNA") == [True]
    assert not await _status(sessions, False, now=NOW + timedelta(days=4))  # nothing left to end


async def test_a_status_cleared_the_day_it_was_set_leaves_no_absence(sessions, load_org):
    await load_org(SMALL_ORG)
    await _status(sessions, True)
    await _status(sessions, False, now=NOW + timedelta(hours=2))
    assert await spans(sessions, "U_ANNA") == []


async def test_a_status_never_shortens_an_absence_the_person_typed(sessions, load_org):
    await load_org(SMALL_ORG)
    await set_absence(sessions, "U_ANNA", date(2026, 10, 5), date(2026, 10, 30))
    await _status(sessions, True, date(2026, 10, 9))
    await _status(sessions, False, now=NOW + timedelta(days=2))
    assert await spans(sessions, "U_ANNA") == [(date(2026, 10, 5), date(2026, 10, 30), "typed"),
                                               (date(2026, 10, 5), date(2026, 10, 6), "status")]


async def test_a_status_end_in_the_past_counts_from_today_and_a_year_is_the_most(sessions, load_org):
    await load_org(SMALL_ORG)
    await _status(sessions, True, date(2026, 9, 1))
    assert await spans(sessions, "U_ANNA") == [(date(2026, 10, 5), date(2026, 10, 5), "status")]
    await _status(sessions, True, date(2028, 1, 1))
    assert await spans(sessions, "U_ANNA") == [(date(2026, 10, 5), date(2027, 10, 6), "status")]


async def test_the_organisation_files_vacation_is_an_absence_from_the_import_day(sessions, load_org):
    with_vacation = SMALL_ORG.replace("locale: nl, manager: U_BRAM}", "locale: nl, manager: U_BRAM, "
                                      "vacation_until: 2026-10-16}", 1)
    assert with_vacation != SMALL_ORG
    await load_org(with_vacation, now=NOW)
    await load_org(with_vacation, now=NOW + timedelta(days=1))  # unchanged: the same absence
    assert await spans(sessions, "U_ANNA") == [(date(2026, 10, 5), date(2026, 10, 16), "import")]
    await load_org(SMALL_ORG, now=NOW + timedelta(days=2))  # the file no longer says so: it ends, its days stay
    assert await spans(sessions, "U_ANNA") == [(date(2026, 10, 5), date(2026, 10, 6), "import")]


def test_a_profile_brings_a_name_a_known_time_zone_and_a_language():
    anna = Person(id=1, platform_user_id="U_ANNA", name="Anna", tz="Europe/Amsterdam")
    assert apply_profile(anna, name="Anna de Vries", tz="Nowhere/Land", locale="nl-NL")
    assert (anna.name, anna.tz, anna.locale) == ("Anna de Vries", "Europe/Amsterdam", "nl")
    assert not apply_profile(anna, name="Anna de Vries", tz=None, locale="nl_NL")
