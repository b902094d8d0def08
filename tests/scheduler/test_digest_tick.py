"""Digests, summaries and recaps through the tick: each goes out once, when it is due where its reader is, and a
late answer edits the team's summary instead of posting it again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select

from bot.messages import Message
from models import CheckIn, Delivery, Person, SurveyAnswer
from models.db import transaction
from scheduler.tick import tick
from tests.digest_quarter import (
    LAST_SLOT,
    LATE_ANSWER_AT,
    PREP_AT,
    RECAP_AT,
    SUMMARY_AT,
    TEAM_LEARNING,
    play_quarter,
)

MINUTE = timedelta(minutes=1)


@pytest.fixture
async def quarter(sessions, load_org):
    await play_quarter(sessions, load_org)
    return sessions


def texts(message: Message) -> str:
    return "\n".join(getattr(block, "text", "") for block in message.blocks)


def kinds(messages: list[Message]) -> list[str]:
    return [m.kind for m in messages]


async def test_the_prep_digest_reaches_the_manager_once_two_hours_before_the_1on1(quarter, messenger):
    await tick(sessions=quarter, messenger=messenger, now=PREP_AT - MINUTE)
    assert "prep" not in messenger.kinds_to("U_BRAM")
    for now in (PREP_AT, PREP_AT + MINUTE, PREP_AT + 30 * MINUTE):
        await tick(sessions=quarter, messenger=messenger, now=now)
    [digest] = [m for m in messenger.to("U_BRAM") if m.kind == "prep"]
    assert "Anna de Vries" in texts(digest) and digest.locale == "nl"
    assert "14:00" in texts(digest)  # the meeting, in Bram's own time
    assert "prep" not in messenger.kinds_to("U_ANNA")


async def _take_back_carlas_late_answer(sessions) -> CheckIn:
    async with transaction(sessions) as session:
        late = (await session.execute(select(CheckIn).where(CheckIn.answered_at == LATE_ANSWER_AT))).scalar_one()
        await session.execute(delete(CheckIn).where(CheckIn.id == late.id))
    return late


async def test_a_late_answer_edits_the_summary_in_place(quarter, messenger):
    late = await _take_back_carlas_late_answer(quarter)
    await tick(sessions=quarter, messenger=messenger, now=SUMMARY_AT - MINUTE)
    assert messenger.posted_in("C_SUPPORT") == []
    await tick(sessions=quarter, messenger=messenger, now=SUMMARY_AT)
    await tick(sessions=quarter, messenger=messenger, now=SUMMARY_AT + MINUTE)
    [summary] = messenger.posted_in("C_SUPPORT")
    assert summary.kind == "summary" and summary.context["slot"] == LAST_SLOT
    assert messenger.updates == []

    async with transaction(quarter) as session:
        session.add(CheckIn(person_id=late.person_id, key_result_id=late.key_result_id, period_id=late.period_id,
                            slot=late.slot, value=None, confidence=late.confidence, answered_at=LATE_ANSWER_AT))
    await tick(sessions=quarter, messenger=messenger, now=LATE_ANSWER_AT + MINUTE)
    await tick(sessions=quarter, messenger=messenger, now=LATE_ANSWER_AT + 2 * MINUTE)
    assert messenger.posted_in("C_SUPPORT") == [summary]  # no second post
    [(channel, handle, edited)] = messenger.updates
    assert (channel, handle) == ("C_SUPPORT", "C_SUPPORT/1") and edited.kind == "summary"
    assert texts(edited) != texts(summary)


async def test_a_channel_that_cannot_be_reached_gets_its_summary_when_it_can(quarter, messenger):
    messenger.closed_channels.add("C_SUPPORT")
    report = await tick(sessions=quarter, messenger=messenger, now=SUMMARY_AT)
    assert report.failed == 1 and messenger.posted_in("C_SUPPORT") == []
    messenger.closed_channels.clear()
    await tick(sessions=quarter, messenger=messenger, now=SUMMARY_AT + MINUTE)  # still someone else's claim
    assert messenger.posted_in("C_SUPPORT") == []
    await tick(sessions=quarter, messenger=messenger, now=SUMMARY_AT + 6 * MINUTE)  # the lease ran out
    assert kinds(messenger.posted_in("C_SUPPORT")) == ["summary"]


async def test_the_recap_with_its_chart_goes_to_each_team_and_the_organisation_once(quarter, messenger):
    org_recap_at = datetime(2027, 1, 4, 10, tzinfo=UTC)  # UTC, off the holidays of the teams' countries
    for now in (RECAP_AT - MINUTE, RECAP_AT, RECAP_AT + MINUTE, org_recap_at, org_recap_at + MINUTE):
        await tick(sessions=quarter, messenger=messenger, now=now, org_channel="C_ALL")
    [recap] = [m for m in messenger.posted_in("C_SUPPORT") if m.kind == "recap"]
    [chart] = recap.charts
    assert chart.png.startswith(b"\x89PNG") and len(chart.png) > 1000
    assert [m.kind for m in messenger.posted_in("C_ALL")] == ["org_recap"]
    assert [m.kind for m in messenger.posted_in("C_PRODUCT") if m.kind == "recap"] == []  # 10:00 in New York: later
    await tick(sessions=quarter, messenger=messenger, now=RECAP_AT + timedelta(hours=6), org_channel="C_ALL")
    assert [m.kind for m in messenger.posted_in("C_PRODUCT") if m.kind == "recap"] == ["recap"]
    assert len([m for m in messenger.posted_in("C_SUPPORT") if m.kind == "recap"]) == 1



async def test_a_reflection_answered_after_the_recap_edits_it_in_place(quarter, messenger):
    for now in (RECAP_AT, RECAP_AT + MINUTE):
        await tick(sessions=quarter, messenger=messenger, now=now)
    [recap] = [m for m in messenger.posted_in("C_SUPPORT") if m.kind == "recap"]
    lesson = "Eerst bellen, dan mailen"
    async with transaction(quarter) as session:  # Carla's reflection, the week after the recap
        round_id, carla = (await session.execute(
            select(SurveyAnswer.round_id, Person.id).join(Person, Person.platform_user_id == "U_CARLA")
            .where(SurveyAnswer.text == TEAM_LEARNING))).one()
        session.add(SurveyAnswer(round_id=round_id, person_id=carla, question="learned", text=lesson,
                                 answered_at=RECAP_AT + timedelta(days=7)))
    for now in (RECAP_AT + timedelta(days=7, minutes=1), RECAP_AT + timedelta(days=7, minutes=2)):
        await tick(sessions=quarter, messenger=messenger, now=now)
    [(channel, _, edited)] = [u for u in messenger.updates if u[2].kind == "recap"]
    assert channel == "C_SUPPORT" and lesson in texts(edited) and lesson not in texts(recap)
    assert len([m for m in messenger.posted_in("C_SUPPORT") if m.kind == "recap"]) == 1


async def test_no_channel_summary_for_a_round_nobody_in_the_team_received(quarter, messenger):
    async with transaction(quarter) as session:  # the check-in of 23 Nov never went out (downtime): nobody answered
        await session.execute(delete(Delivery).where(Delivery.slot == LAST_SLOT))
        await session.execute(delete(CheckIn).where(CheckIn.slot == LAST_SLOT))
    for now in (SUMMARY_AT, SUMMARY_AT + MINUTE, SUMMARY_AT + 6 * MINUTE):
        await tick(sessions=quarter, messenger=messenger, now=now)
    assert messenger.posted_in("C_SUPPORT") == [], "no 'Checked in: 0 of 3' about a round nobody got"


async def test_a_summary_late_after_downtime_waits_for_the_teams_working_hours(quarter, messenger):
    evening = datetime(2026, 11, 25, 21, 10, tzinfo=UTC)  # Wed 22:10 in Amsterdam: the bot is back, due since 09:00
    for now in (evening, evening + MINUTE, datetime(2026, 11, 26, 7, 59, tzinfo=UTC)):
        await tick(sessions=quarter, messenger=messenger, now=now)
    assert messenger.posted_in("C_SUPPORT") == []
    await tick(sessions=quarter, messenger=messenger, now=datetime(2026, 11, 26, 8, tzinfo=UTC))  # Thu 09:00
    assert kinds(messenger.posted_in("C_SUPPORT")) == ["summary"]


async def test_a_summary_more_than_a_working_day_late_is_dropped(quarter, messenger):
    for now in (datetime(2026, 11, 27, 8, tzinfo=UTC), datetime(2026, 11, 27, 12, tzinfo=UTC)):  # Friday
        await tick(sessions=quarter, messenger=messenger, now=now)
    assert messenger.posted_in("C_SUPPORT") == []
