"""Skip and snooze say what they really do: nothing to skip once everything is answered, the rest when part is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.messages import Message
from handlers.checkin import skip, snooze
from models import SlotStatus
from models.db import transaction
from models.org_queries import key_results_by_ref
from models.people_queries import period_by_name, person_by_platform_id
from tests.handlers.test_checkin import FIRST_SLOT, MONDAY, NEXT_MONDAY, Org, answer, fields, stored, texts
from tests.orgs import SMALL_ORG


@pytest.fixture
async def org(load_org, sessions) -> Org:
    await load_org(SMALL_ORG)
    async with sessions() as session:
        krs = await key_results_by_ref(session, refs=["nps", "reply", "kb", "renewals", "churn"])
        period = await period_by_name(session, name="2026-Q4")
    return Org(period.id, *(krs[ref].id for ref in ("nps", "reply", "kb", "renewals", "churn")))

ANSWERED_WEEK_NL = "Je hebt voor de week van ma 5 okt al alle key results beantwoord"


async def press(sessions, org: Org, user_id: str, what: str, now: datetime = MONDAY,
                slot: str = FIRST_SLOT) -> Message:
    """Anna presses a button of her check-in (or types the command): ``skip``, ``2h`` or ``tomorrow``."""
    async with transaction(sessions) as session:
        someone = await person_by_platform_id(session, platform_user_id=user_id)
        context = {"kind": "checkin", "slot": slot, "period": str(org.period)}
        if what == "skip":
            return await skip(session, person=someone, context=context)
        return await snooze(session, person=someone, context=context, choice=what, now=now)


async def statuses(sessions) -> list[tuple]:
    async with sessions() as session:
        rows = await session.execute(select(SlotStatus.slot, SlotStatus.skipped, SlotStatus.snoozed_until))
        return [tuple(row) for row in rows]


async def answer_everything(sessions, org: Org) -> None:
    await answer(sessions, org, "U_ANNA", {**fields(org.nps, "30", "7"), **fields(org.reply, "6", "6")})


async def test_skip_after_answering_is_honest(sessions, org):
    await answer_everything(sessions, org)

    reply = await press(sessions, org, "U_ANNA", "skip")

    assert texts(reply) == [f"{ANSWERED_WEEK_NL}, dus er valt niets over te slaan. Wil je een antwoord aanpassen? "
                            "Typ checkin."]
    assert await statuses(sessions) == [], "nothing was skipped"
    assert len(await stored(sessions)) == 2, "and both answers stand"


async def test_snooze_after_answering_promises_nothing(sessions, org):
    await answer_everything(sessions, org)

    reply = await press(sessions, org, "U_ANNA", "2h")

    assert texts(reply) == [f"{ANSWERED_WEEK_NL}, dus er valt niets uit te stellen en ik vraag het niet opnieuw. "
                            "Wil je een antwoord aanpassen? Typ checkin."]
    assert await statuses(sessions) == []


async def test_skipping_a_partly_answered_week_skips_the_rest_and_keeps_the_answer(sessions, org):
    await answer(sessions, org, "U_ANNA", fields(org.nps, "30", "7"))

    reply = await press(sessions, org, "U_ANNA", "skip")

    assert texts(reply) == [
        "De rest van de week van ma 5 okt overgeslagen. Over wat nog openstaat krijg je geen herinnering:",
        "• Eerste reactie binnen 2 uur",
        "Je antwoorden op NPS stijgt van 25 naar 45 blijven bewaard. Wil je ze aanpassen? Typ checkin.",
    ]
    assert await statuses(sessions) == [(FIRST_SLOT, True, None)]
    assert [row[:4] for row in await stored(sessions)] == [(org.nps, FIRST_SLOT, 30.0, 7)]


async def test_snoozing_a_partly_answered_week_asks_again_only_about_the_rest(sessions, org):
    await answer(sessions, org, "U_ANNA", fields(org.nps, "30", "7"))

    reply = await press(sessions, org, "U_ANNA", "2h", now=MONDAY + timedelta(minutes=5))

    assert texts(reply)[:2] == [
        "Uitgesteld. Ik vraag het je opnieuw op ma 5 okt om 11:05, alleen over wat nog openstaat:",
        "• Eerste reactie binnen 2 uur",
    ]
    assert await statuses(sessions) == [(FIRST_SLOT, False, MONDAY + timedelta(hours=2, minutes=5))]


async def test_skipping_twice_and_snoozing_a_skipped_week_change_nothing_and_say_so(sessions, org):
    assert texts(await press(sessions, org, "U_ANNA", "skip")) == ["Deze week overgeslagen. Tot de volgende check-in."]

    again = await press(sessions, org, "U_ANNA", "skip")
    snoozed = await press(sessions, org, "U_ANNA", "tomorrow")

    assert texts(again) == ["Je had de week van ma 5 okt al overgeslagen. Wil je toch nog antwoorden? Typ checkin."]
    assert texts(snoozed) == ["Je hebt de week van ma 5 okt overgeslagen, dus ik vraag er niet meer naar en er valt "
                              "niets uit te stellen. Wil je toch nog antwoorden? Typ checkin."]
    assert await statuses(sessions) == [(FIRST_SLOT, True, None)]


async def test_snooze_2h_late_in_the_afternoon_comes_back_the_next_working_morning(sessions, org):
    half_past_four = MONDAY.replace(hour=14, minute=30)  # 16:30 in Amsterdam

    reply = await press(sessions, org, "U_ANNA", "2h", now=half_past_four)

    assert texts(reply) == ["Uitgesteld. Ik vraag het je opnieuw op di 6 okt om 09:00."]
    assert await statuses(sessions) == [(FIRST_SLOT, False, datetime(2026, 10, 6, 7, tzinfo=UTC))]


async def test_snoozing_last_weeks_check_in_points_to_this_weeks(sessions, org):
    reply = await press(sessions, org, "U_ANNA", "2h", now=NEXT_MONDAY + timedelta(hours=1))

    assert texts(reply) == ["De check-in van de week van ma 5 okt komt niet meer terug: die van de week van ma 12 okt "
                            "staat nu open. Typ checkin om die in te vullen."]
    assert await statuses(sessions) == []


async def test_ben_hears_the_same_in_english(sessions, org):
    await answer(sessions, org, "U_BEN", {**fields(org.renewals, "72", "7"), **fields(org.churn, "2", "8")})

    reply = await press(sessions, org, "U_BEN", "skip")

    assert texts(reply) == ["You already answered every key result for the week of Mon 5 Oct, so there is nothing to "
                            "skip. To change an answer, type checkin."]


async def test_snoozing_a_check_in_that_has_not_started_says_when_it_comes(sessions, org):
    sunday_evening = MONDAY - timedelta(hours=12)

    reply = await press(sessions, org, "U_ANNA", "2h", now=sunday_evening)

    assert texts(reply) == ["Je check-in voor de week van ma 5 okt begint pas op ma 5 okt om 09:00; dan vraag ik het "
                            "je, dus er valt nog niets uit te stellen."]
    assert await statuses(sessions) == []
