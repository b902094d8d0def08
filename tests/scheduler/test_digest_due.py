"""The tick finds each manager's 1:1 prep, each team's summary and each recap at the right moment in the right zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event

from models.db import transaction
from models.deliveries import Claim
from models.people_queries import period_by_name, person_by_platform_id
from scheduler.digest_due import PostDue, post_claims, prep_claims
from tests.absences import set_absence
from tests.orgs import SMALL_ORG

# Bram (Amsterdam) meets Anna every Thursday at 14:00 and Carla every other Thursday at 10:00 (1, 15, 29 October).
ONE_ON_ONES = """
one_on_ones:
  - {manager: U_BRAM, report: U_ANNA, day: thursday, time: "14:00"}
  - {manager: U_BRAM, report: U_CARLA, day: thursday, time: "10:00", every_weeks: 2, from: 2026-10-01}
"""


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
async def ids(sessions, load_org) -> dict[str, int]:
    await load_org(SMALL_ORG + ONE_ON_ONES)
    async with sessions() as session:
        found = {u: (await person_by_platform_id(session, platform_user_id=u)).id for u in ("U_BRAM", "U_ANNA",
                                                                                              "U_CARLA", "U_BEN")}
        found["Q4"] = (await period_by_name(session, name="2026-Q4")).id
    return found


async def preps(sessions, now: datetime) -> list[Claim]:
    async with sessions() as session:
        return await prep_claims(session, now=now)


async def posts(sessions, now: datetime, org_channel: str | None = None) -> list[PostDue]:
    async with sessions() as session:
        return await post_claims(session, now=now, org_channel=org_channel)


async def test_the_prep_for_a_thursday_1400_1on1_comes_at_1200_amsterdam_time(sessions, ids):
    anna_on_the_8th = Claim("prep", ids["U_BRAM"], ids["Q4"], f"r{ids['U_ANNA']}:2026-10-08")
    assert await preps(sessions, utc(2026, 10, 8, 9, 59)) == []
    assert await preps(sessions, utc(2026, 10, 8, 10)) == [anna_on_the_8th]  # summer time: UTC+2
    assert await preps(sessions, utc(2026, 10, 8, 11, 59)) == [anna_on_the_8th]
    assert await preps(sessions, utc(2026, 10, 8, 12)) == []  # the 1:1 has begun

    assert await preps(sessions, utc(2026, 10, 29, 10, 59)) == []
    assert await preps(sessions, utc(2026, 10, 29, 11)) == [  # winter time since the 25th: UTC+1
        Claim("prep", ids["U_BRAM"], ids["Q4"], f"r{ids['U_ANNA']}:2026-10-29")]


async def test_every_other_week_has_no_prep_in_the_week_off(sessions, ids):
    carla = f"r{ids['U_CARLA']}"
    assert [c.slot for c in await preps(sessions, utc(2026, 10, 8, 6))] == []
    assert [c.slot for c in await preps(sessions, utc(2026, 10, 15, 6))] == [f"{carla}:2026-10-15"]


async def test_no_prep_while_the_manager_is_away_or_for_someone_who_moved_to_another_manager(sessions, ids):
    anna_on_thursday = [Claim("prep", ids["U_BRAM"], ids["Q4"], f"r{ids['U_ANNA']}:2026-10-08")]
    assert await preps(sessions, utc(2026, 10, 8, 10)) == anna_on_thursday
    await set_absence(sessions, "U_BRAM", date(2026, 10, 5), date(2026, 10, 9))
    assert await preps(sessions, utc(2026, 10, 8, 10)) == []

    async with transaction(sessions) as session:
        (await person_by_platform_id(session, platform_user_id="U_ANNA")).manager_id = ids["U_BEN"]
    assert await preps(sessions, utc(2026, 10, 15, 10)) == []


async def test_no_prep_for_a_1on1_on_a_day_the_report_is_away_and_a_later_absence_changes_nothing(sessions, ids):
    await set_absence(sessions, "U_ANNA", date(2026, 10, 8), date(2026, 10, 8))
    await set_absence(sessions, "U_ANNA", date(2026, 10, 16), date(2026, 10, 20))
    assert await preps(sessions, utc(2026, 10, 8, 10)) == []
    assert await preps(sessions, utc(2026, 10, 15, 10)) == [
        Claim("prep", ids["U_BRAM"], ids["Q4"], f"r{ids['U_ANNA']}:2026-10-15")]


async def test_each_teams_summary_comes_two_days_after_its_monday_check_in_in_the_teams_own_time(sessions, ids):
    support = PostDue("summary", "team:1", ids["Q4"], "2026-10-05", "C_SUPPORT")
    sales = PostDue("summary", "team:2", ids["Q4"], "2026-10-05", "C_SALES")

    assert await posts(sessions, utc(2026, 10, 7, 6, 59)) == []
    assert await posts(sessions, utc(2026, 10, 7, 7)) == [support]  # Wednesday 09:00 in Amsterdam
    assert await posts(sessions, utc(2026, 10, 7, 12, 59)) == [support]
    assert await posts(sessions, utc(2026, 10, 7, 13)) == [support, sales]  # Wednesday 09:00 in New York


async def test_each_team_gets_its_recap_on_the_first_working_day_after_the_quarter(sessions, ids):
    found = await posts(sessions, utc(2027, 1, 4, 9))  # Monday 10:00 in Amsterdam, 04:00 in New York
    assert found == [PostDue("recap", "team:1", ids["Q4"], "end", "C_SUPPORT")]
    assert PostDue("recap", "team:2", ids["Q4"], "end", "C_SALES") in await posts(sessions, utc(2027, 1, 4, 15))


async def test_the_organisation_recap_needs_a_channel(sessions, ids):
    new_years_day = utc(2027, 1, 1, 10)  # a public holiday in the teams' countries (NL and US): not then
    assert [p for p in await posts(sessions, new_years_day, "C_ALL") if p.scope == "org"] == []
    monday = utc(2027, 1, 4, 10)  # 10:00 UTC on the first working day after the quarter

    without, with_channel = await posts(sessions, monday), await posts(sessions, monday, "C_ALL")

    assert [p for p in without if p.scope == "org"] == []
    assert [p for p in with_channel if p.scope == "org"] == [PostDue("org_recap", "org", ids["Q4"], "end", "C_ALL")]


async def test_a_quiet_tick_reads_only_the_teams_and_the_periods(engine, sessions, ids):
    statements: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    await posts(sessions, utc(2026, 10, 13, 12))
    quiet = len(statements)
    await posts(sessions, utc(2026, 10, 7, 13))

    assert quiet == 1  # the periods with the teams and their members' zones
    assert len(statements) - quiet == 1  # the same one query when a post is due


async def test_a_prep_missed_during_downtime_goes_out_in_working_hours_and_never_after_the_1on1(sessions, ids):
    """Carla's 10:00 1:1 has its prep at 08:00: a tick that starts late sends it at 09:00, not at 08:30."""
    carla = [Claim("prep", ids["U_BRAM"], ids["Q4"], f"r{ids['U_CARLA']}:2026-10-15")]
    assert await preps(sessions, utc(2026, 10, 15, 6, 5)) == carla  # 08:05: on time
    assert await preps(sessions, utc(2026, 10, 15, 6, 30)) == []  # 08:30: late, and before working hours
    assert await preps(sessions, utc(2026, 10, 15, 7)) == carla  # 09:00
    assert await preps(sessions, utc(2026, 10, 15, 8)) == []  # 10:00: the 1:1 has begun
