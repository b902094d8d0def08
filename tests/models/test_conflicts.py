"""Two people's requests changing the same row at once: the one that finds the row gone decides again instead of
failing (a Slack status cleared while the person saves their time off)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm.exc import StaleDataError

from models import Absence
from models.db import retried_on_conflict, transaction
from tests.orgs import SMALL_ORG

NOW = datetime(2026, 10, 12, 9, 0, tzinfo=UTC)


async def an_absence(sessions) -> int:
    async with transaction(sessions) as session:
        person_id = (await session.execute(select(Absence.person_id).limit(1))).scalar()
        row = Absence(person_id=person_id or 1, first_day=date(2026, 10, 20), last_day=date(2026, 10, 23),
                      source="status", created_at=NOW)
        session.add(row)
        await session.flush()
        return row.id


async def end_it_while_it_is_dropped(sessions, absence_id: int, dropped: list[bool]) -> str:
    """Read the absence, let another transaction drop it (the first time only), then change what was read."""
    async with transaction(sessions) as session:
        row = await session.get(Absence, absence_id)
        if row is None:
            return "gone: nothing to end"
        if not dropped:
            async with transaction(sessions) as other:
                await other.execute(delete(Absence).where(Absence.id == absence_id))
            dropped.append(True)
        row.last_day = date(2026, 10, 21)
        await session.flush()
        return "ended"


async def test_work_that_finds_its_row_removed_runs_again_and_sees_it_gone(sessions, load_org):
    await load_org(SMALL_ORG)
    absence_id = await an_absence(sessions)

    assert await retried_on_conflict(lambda: end_it_while_it_is_dropped(sessions, absence_id, [])) == \
        "gone: nothing to end"


async def test_a_conflict_every_time_is_raised_after_a_few_runs():
    runs = []

    async def always_conflicting():
        runs.append(1)
        raise StaleDataError("the row changed under us")

    with pytest.raises(StaleDataError):
        await retried_on_conflict(always_conflicting)
    assert len(runs) == 3
