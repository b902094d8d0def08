"""Values from outside chat and typed check-ins: the newer one is a key result's current value. Changes to OKRs are
kept with their reason, in time order."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from models import KeyResult
from models.checkin_store import record_checkins
from models.db import transaction
from models.okr_history import changes_of, record_change
from models.value_store import record_value, values_of
from tests.orgs import SMALL_ORG

TUESDAY = datetime(2026, 10, 13, 9, 0, tzinfo=UTC)
WEDNESDAY = datetime(2026, 10, 14, 9, 0, tzinfo=UTC)


async def nps(sessions) -> KeyResult:
    async with sessions() as session:
        return (await session.execute(select(KeyResult).where(KeyResult.title.like("NPS%")))).scalars().first()


async def typed(sessions, kr: KeyResult, value: float, at: datetime) -> None:
    async with transaction(sessions) as session:
        await record_checkins(session, person_id=kr.owner_id, period_id=1, slot="2026-10-12", now=at, answers=[
            {"key_result_id": kr.id, "value": value, "confidence": 7, "one_level_up": None, "blockers": None}])


async def fed(sessions, kr: KeyResult, value: float, at: datetime) -> None:
    async with transaction(sessions) as session:
        await record_value(session, key_result_id=kr.id, value=value, measured_at=at, source="api", origin="ci",
                           now=at)


async def test_a_value_pushed_after_a_check_in_becomes_current_and_a_later_answer_corrects_it(sessions, load_org):
    await load_org(SMALL_ORG)
    kr = await nps(sessions)

    await typed(sessions, kr, 30, TUESDAY)
    await fed(sessions, kr, 33, WEDNESDAY)
    assert (await nps(sessions)).current == 33

    await typed(sessions, kr, 31, datetime(2026, 10, 15, 9, 0, tzinfo=UTC))  # the person corrects it
    assert (await nps(sessions)).current == 31


async def test_a_value_measured_before_the_latest_answer_does_not_override_it(sessions, load_org):
    await load_org(SMALL_ORG)
    kr = await nps(sessions)

    await typed(sessions, kr, 30, WEDNESDAY)
    await fed(sessions, kr, 28, TUESDAY)  # a feed catching up on Tuesday's number

    assert (await nps(sessions)).current == 30
    async with sessions() as session:
        assert [v.value for v in (await values_of(session, key_result_ids=[kr.id]))[kr.id]] == [28]


async def test_changes_are_kept_in_time_order_with_their_reason(sessions, load_org):
    await load_org(SMALL_ORG)
    kr = await nps(sessions)
    async with transaction(sessions) as session:
        await record_change(session, objective_id=kr.objective_id, key_result_id=kr.id, what="target", before="45",
                            after="40", reason="the survey vendor changed", at=WEDNESDAY)
        await record_change(session, objective_id=kr.objective_id, what="title", before="a", after="b", at=TUESDAY)

    async with sessions() as session:
        history = (await changes_of(session, objective_ids=[kr.objective_id]))[kr.objective_id]
        recent = await changes_of(session, objective_ids=[kr.objective_id], since=WEDNESDAY)
    assert [(c.what, c.before, c.after) for c in history] == [("title", "a", "b"), ("target", "45", "40")]
    assert [c.reason for c in recent[kr.objective_id]] == ["the survey vendor changed"]
