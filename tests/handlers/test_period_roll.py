"""Periods that roll: the next one follows by the organisation's cadence, created once, with no re-import."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from handlers.importer import ImportRejected, parse
from handlers.period_roll import following, roll_periods
from models import Period
from models.db import make_session_factory, transaction


def period(start: str, end: str, name: str = "P") -> Period:
    return Period(name=name, start=date.fromisoformat(start), end=date.fromisoformat(end))


@pytest.mark.parametrize(("every", "start", "end", "expected"), [
    ("quarter", "2026-10-01", "2026-12-31", ("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))),
    ("quarter", "2027-01-01", "2027-03-31", ("2027-Q2", date(2027, 4, 1), date(2027, 6, 30))),
    ("half_year", "2026-07-01", "2026-12-31", ("2027-H1", date(2027, 1, 1), date(2027, 6, 30))),
    ("trimester", "2026-09-01", "2026-12-31", ("2027-T1", date(2027, 1, 1), date(2027, 4, 30))),
    ("trimester", "2027-01-01", "2027-04-30", ("2027-T2", date(2027, 5, 1), date(2027, 8, 31))),
    ("quarter", "2026-10-15", "2027-01-14", ("2027-01-15", date(2027, 1, 15), date(2027, 4, 14))),
])
def test_the_next_period_follows_by_the_cadence(every, start, end, expected):
    nxt = following(period(start, end), every)
    assert (nxt.name, nxt.start, nxt.end) == expected


def test_a_taken_name_gets_a_suffix():
    assert following(period("2026-10-01", "2026-12-31"), "quarter", {"2027-Q1"}).name == "2027-Q1-2"


def test_the_file_sets_the_cadence_or_rolls_by_quarter():
    assert parse("periods: {every: half_year}\n").periods_every == "half_year"
    named = parse("periods:\n  every: trimester\n  named:\n    - {name: T3, start: 2026-09-01, end: 2026-12-31}\n")
    assert (named.periods_every, [p.name for p in named.periods]) == ("trimester", ["T3"])
    assert parse("periods:\n  - {name: Q4, start: 2026-10-01, end: 2026-12-31}\n").periods_every == "quarter"
    with pytest.raises(ImportRejected, match="every"):
        parse("periods: {every: monthly}\n")


ORG = """
periods: {every: half_year, named: [{name: 2026-H2, start: 2026-07-01, end: 2026-12-31}]}
planning: {weeks_before: 3}
"""


async def names(sessions) -> list[str]:
    async with sessions() as session:
        return [p.name for p in (await session.execute(select(Period).order_by(Period.start))).scalars()]


async def test_the_next_period_exists_from_the_planning_phase_on(sessions, load_org):
    await load_org(ORG)
    async with transaction(sessions) as session:
        assert await roll_periods(session, now=datetime(2026, 12, 9, tzinfo=UTC)) == []
    async with transaction(sessions) as session:  # three weeks before the end, as the file says
        assert await roll_periods(session, now=datetime(2026, 12, 10, tzinfo=UTC)) == ["2027-H1"]
    async with transaction(sessions) as session:
        assert await roll_periods(session, now=datetime(2026, 12, 11, tzinfo=UTC)) == []
    assert await names(sessions) == ["2026-H2", "2027-H1"]


async def test_after_downtime_every_missed_period_is_created(sessions, load_org):
    await load_org(ORG)
    async with transaction(sessions) as session:
        assert await roll_periods(session, now=datetime(2027, 12, 20, tzinfo=UTC)) == ["2027-H1", "2027-H2", "2028-H1"]


async def test_two_processes_create_the_next_period_once(postgres_engine):
    from handlers.importer import import_org
    sessions = make_session_factory(postgres_engine)
    async with transaction(sessions) as session:
        await import_org(session, ORG, now=datetime(2026, 10, 1, tzinfo=UTC))

    async def one_process() -> list[str]:
        async with transaction(sessions) as session:
            return await roll_periods(session, now=datetime(2026, 12, 15, tzinfo=UTC))

    created = await asyncio.gather(one_process(), one_process())
    assert sorted(created, key=len) == [[], ["2027-H1"]]
    assert await names(sessions) == ["2026-H2", "2027-H1"]
