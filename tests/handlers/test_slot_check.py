"""A button, card or form names the week it answers; a week that is not one of the person's check-in weeks (forged,
garbled, a Wednesday, next year, another period) is refused with a clear message and nothing is written."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.messages import FormSubmitted, SkipSlot, Snooze
from handlers.commands import handle_reply
from models import CheckIn, KeyResult, Period, SlotStatus
from models.db import transaction
from tests.orgs import SMALL_ORG

WEDNESDAY_AFTER = datetime(2026, 10, 14, 10, tzinfo=UTC)  # Anna (Amsterdam, Mondays) has had two check-ins


@pytest.fixture
async def ids(load_org, sessions):
    await load_org(SMALL_ORG)
    async with sessions() as session:
        period = (await session.execute(select(Period.id))).scalar_one()
        nps = (await session.execute(select(KeyResult.id).where(KeyResult.ref.like("%nps")))).scalar_one()
    return period, nps


async def _reply(sessions, reply):
    async with transaction(sessions) as session:
        return await handle_reply(session, reply=reply, platform="slack", now=WEDNESDAY_AFTER)


async def _rows(sessions) -> tuple[int, int, float | None]:
    async with sessions() as session:
        checkins = (await session.execute(select(func.count()).select_from(CheckIn))).scalar_one()
        statuses = (await session.execute(select(func.count()).select_from(SlotStatus))).scalar_one()
        current = (await session.execute(select(KeyResult.current).where(KeyResult.ref.like("%nps")))).scalar_one()
    return checkins, statuses, current


@pytest.mark.parametrize("context", [
    {"slot": "1999-01-04", "period": "{period}"},             # a Monday long before the period
    {"slot": "2026-10-12 bogus", "period": "{period}"},       # a real week with something after it
    {"slot": "2026-10-14", "period": "{period}"},             # a Wednesday: not a check-in day of her team
    {"slot": "2026-12-28", "period": "{period}"},             # a Monday still to come: would pin the current value
    {"slot": "2026-10-12", "period": "99999"},                # no such period
    {"slot": "2026-10-12", "period": "1e3"},
    {"slot": "2026-10-12", "period": "9" * 30},
    {"slot": "2026-10-12"},                                   # no period at all
    {"period": "{period}"},                                   # no slot at all
])
async def test_a_week_that_is_not_one_of_hers_is_refused_and_nothing_is_written(sessions, ids, context):
    period, nps = ids
    context = {k: v.format(period=period) for k, v in context.items()}
    fields = {f"kr:{nps}:value": "44", f"kr:{nps}:confidence": "8"}
    for reply in (FormSubmitted("U_ANNA", context, fields), SkipSlot("U_ANNA", context),
                  Snooze("U_ANNA", context, "2h")):
        answer = await _reply(sessions, reply)
        assert "niets opgeslagen" in answer.blocks[0].text
    assert await _rows(sessions) == (0, 0, None)


async def test_her_own_weeks_are_answered_as_before(sessions, ids):
    period, nps = ids
    for week in ("2026-10-05", "2026-10-12"):  # a late answer to last week, and this week's
        answer = await _reply(sessions, FormSubmitted(
            "U_ANNA", {"slot": week, "period": str(period)}, {f"kr:{nps}:value": "31", f"kr:{nps}:confidence": "7"}))
        assert "niets opgeslagen" not in answer.blocks[0].text
    assert (await _rows(sessions))[0] == 2


async def test_an_unknown_snooze_choice_is_explained(sessions, ids):
    period, _ = ids
    answer = await _reply(sessions, Snooze("U_ANNA", {"slot": "2026-10-12", "period": str(period)}, "forever"))
    assert "snooze" in answer.blocks[0].text
    assert await _rows(sessions) == (0, 0, None)
