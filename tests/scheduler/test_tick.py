"""The tick sends each check-in once, at each person's local time, and follows up politely."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from handlers.checkin import skip, snooze, submit_checkin
from handlers.commands import handle_command
from handlers.digest_data import load
from handlers.importer import import_org
from handlers.team_summary import build_summary
from models import Person
from models.db import make_engine, make_session_factory, transaction
from models.deliveries import count
from models.people_queries import period_by_name, person_by_platform_id, primary_team
from scheduler.tick import LEASE, tick
from tests.absences import set_absence, spans
from tests.fakes import Crash, RecordingMessenger
from tests.orgs import SMALL_ORG

MONDAY = datetime(2026, 10, 5, tzinfo=UTC)  # Amsterdam is UTC+2, New York UTC-4 on this day
AMSTERDAM_0900 = MONDAY.replace(hour=7)
NEW_YORK_0900 = MONDAY.replace(hour=13)


@pytest.fixture
async def org(load_org):
    await load_org(SMALL_ORG)


async def person(sessions, user_id: str) -> Person:
    async with sessions() as session:
        return await person_by_platform_id(session, platform_user_id=user_id)


async def test_each_person_is_asked_at_nine_on_their_own_monday(sessions, messenger, org):
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900 - timedelta(minutes=1))
    assert messenger.sent == []

    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900)
    assert sorted(r.platform_user_id for r, _ in messenger.sent) == ["U_ANNA", "U_CARLA"]

    await tick(sessions=sessions, messenger=messenger, now=NEW_YORK_0900)
    assert messenger.kinds_to("U_BEN") == ["checkin"]


async def test_people_without_key_results_are_not_asked(sessions, messenger, org):
    await tick(sessions=sessions, messenger=messenger, now=NEW_YORK_0900)
    assert messenger.to("U_BRAM") == []


async def test_a_check_in_lists_the_persons_own_key_results_in_their_language(sessions, messenger, org):
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900)
    [message] = messenger.to("U_ANNA")
    assert message.locale == "nl"
    assert message.blocks[0].text.startswith("Hoi Anna")
    assert [q.id for q in message.questions if q.id.endswith(":confidence")] == ["kr:1:confidence", "kr:2:confidence"]
    assert message.context == {"kind": "checkin", "slot": "2026-10-05", "period": "1"}


async def test_running_the_same_tick_twice_sends_nothing_twice(sessions, messenger, org):
    await tick(sessions=sessions, messenger=messenger, now=NEW_YORK_0900)
    await tick(sessions=sessions, messenger=messenger, now=NEW_YORK_0900)
    await tick(sessions=sessions, messenger=messenger, now=NEW_YORK_0900 + timedelta(hours=1))
    assert sorted(r.platform_user_id for r, _ in messenger.sent) == ["U_ANNA", "U_BEN", "U_CARLA"]


async def test_two_processes_ticking_at_once_on_postgres_send_each_check_in_once(postgres_url, postgres_engine):
    async with transaction(make_session_factory(postgres_engine)) as session:
        await import_org(session, SMALL_ORG, now=NEW_YORK_0900)
    engines = [make_engine(postgres_url) for _ in range(4)]
    messengers = [RecordingMessenger() for _ in engines]
    try:
        await asyncio.gather(*(
            tick(sessions=make_session_factory(e), messenger=m, now=NEW_YORK_0900)
            for e, m in zip(engines, messengers, strict=True)
        ))
    finally:
        for e in engines:
            await e.dispose()
    everyone = sorted(r.platform_user_id for m in messengers for r, _ in m.sent)
    assert everyone == ["U_ANNA", "U_BEN", "U_CARLA"]


async def test_a_tick_killed_between_claim_and_send_is_sent_once_after_the_lease(sessions, org):
    dying = RecordingMessenger(crash_after=0)
    with pytest.raises(Crash):
        await tick(sessions=sessions, messenger=dying, now=AMSTERDAM_0900)

    messenger = RecordingMessenger()
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900 + timedelta(minutes=1))
    assert messenger.sent == [], "the claim is still held by the dead tick"

    after_lease = AMSTERDAM_0900 + LEASE + timedelta(minutes=1)
    await tick(sessions=sessions, messenger=messenger, now=after_lease)
    await tick(sessions=sessions, messenger=messenger, now=after_lease + LEASE * 2)
    assert sorted(r.platform_user_id for r, _ in messenger.sent) == ["U_ANNA", "U_CARLA"]
    async with sessions() as session:
        assert await count(session, kind="checkin", status="sent") == 2


async def test_an_unreachable_person_does_not_stop_the_others_and_is_retried(sessions, org):
    messenger = RecordingMessenger(unreachable={"U_ANNA"})
    report = await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900)
    assert messenger.kinds_to("U_CARLA") == ["checkin"] and report.failed == 1

    messenger.unreachable.clear()
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900 + LEASE + timedelta(minutes=1))
    assert messenger.kinds_to("U_ANNA") == ["checkin"]


async def test_someone_on_vacation_is_not_asked_and_is_asked_again_after(sessions, messenger, org):
    await set_absence(sessions, "U_CARLA", date(2026, 10, 1), date(2026, 10, 9))
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900)
    assert messenger.to("U_CARLA") == []
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900 + timedelta(days=7))
    assert messenger.kinds_to("U_CARLA") == ["checkin"]


async def typed(sessions, user_id: str, text: str, now: datetime) -> None:
    async with transaction(sessions) as session:
        await handle_command(session, person=await person_by_platform_id(session, platform_user_id=user_id),
                             text=text, now=now)


async def test_going_away_after_answering_changes_no_past_fact(sessions, messenger, org):
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900)
    [checkin] = messenger.to("U_ANNA")
    async with transaction(sessions) as session:
        anna = await person_by_platform_id(session, platform_user_id="U_ANNA")
        await submit_checkin(session, person=anna, context=checkin.context,
                             fields={"kr:1:value": "30", "kr:1:confidence": "7", "kr:2:value": "2",
                                     "kr:2:confidence": "6"}, now=AMSTERDAM_0900 + timedelta(minutes=20))
    before = await support_summary(sessions, "2026-10-05")

    await typed(sessions, "U_ANNA", "away 2026-10-16", AMSTERDAM_0900 + timedelta(hours=1))

    assert await support_summary(sessions, "2026-10-05") == before == (1, 1)  # Anna answered; Carla not yet
    for week in (1, 2):
        await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900 + timedelta(weeks=week))
    assert [m.context["slot"] for m in messenger.to("U_ANNA")] == ["2026-10-05", "2026-10-19"]
    assert [m.context["slot"] for m in messenger.to("U_CARLA")] == ["2026-10-05", "2026-10-12", "2026-10-19"]


async def support_summary(sessions, slot: str) -> tuple[int, int]:
    """Answered and waiting in Support's weekly summary of ``slot``."""
    async with sessions() as session:
        period = await period_by_name(session, name="2026-Q4")
        anna = await person_by_platform_id(session, platform_user_id="U_ANNA")
        support = await primary_team(session, person_id=anna.id)
        summary = build_summary(await load(session, period=period), team_id=support.id, slot=slot)
    return summary.answered, summary.waiting


async def test_a_future_absence_pauses_only_its_own_days(sessions, messenger, org):
    await typed(sessions, "U_BEN", "away 2026-10-12 2026-10-16", AMSTERDAM_0900)
    for week in range(3):
        await tick(sessions=sessions, messenger=messenger, now=NEW_YORK_0900 + timedelta(weeks=week))
    assert [m.context["slot"] for m in messenger.to("U_BEN")] == ["2026-10-05", "2026-10-19"]


async def test_back_ends_the_absence_and_check_ins_resume_with_the_next_slot(sessions, messenger, org):
    await typed(sessions, "U_CARLA", "away 2026-10-30", AMSTERDAM_0900 - timedelta(hours=2))
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900)
    wednesday = AMSTERDAM_0900 + timedelta(days=2, hours=1)
    await typed(sessions, "U_CARLA", "terug", wednesday)
    await tick(sessions=sessions, messenger=messenger, now=wednesday)
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900 + timedelta(weeks=1))
    assert [m.context["slot"] for m in messenger.to("U_CARLA")] == ["2026-10-12"]
    assert await spans(sessions, "U_CARLA") == [(date(2026, 10, 5), date(2026, 10, 6), "typed")]


async def test_an_unanswered_check_in_gets_one_reminder_a_day_later_in_working_hours(sessions, messenger, org):
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900)
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900 + timedelta(hours=23, minutes=59))
    assert messenger.kinds_to("U_ANNA") == ["checkin"]
    for hours in (24, 25, 30, 48):
        await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900 + timedelta(hours=hours))
    assert messenger.kinds_to("U_ANNA") == ["checkin", "reminder"]


async def test_the_reminder_asks_only_what_is_still_open_and_nothing_once_all_is_answered(sessions, messenger, org):
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900)
    [checkin] = messenger.to("U_ANNA")
    async with transaction(sessions) as session:
        anna = await person_by_platform_id(session, platform_user_id="U_ANNA")
        await submit_checkin(session, person=anna, context=checkin.context,
                             fields={"kr:1:value": "30", "kr:1:confidence": "7"}, now=AMSTERDAM_0900)
        carla = await person_by_platform_id(session, platform_user_id="U_CARLA")
        await submit_checkin(session, person=carla, context=checkin.context,
                             fields={"kr:3:value": "nee", "kr:3:confidence": "6"}, now=AMSTERDAM_0900)
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900 + timedelta(hours=24))
    reminder = messenger.to("U_ANNA")[-1]
    assert reminder.blocks[0].text.startswith("Hoi Anna, een vriendelijke herinnering")
    assert [q.id for q in reminder.questions if q.id.endswith(":confidence")] == ["kr:2:confidence"]
    assert messenger.kinds_to("U_CARLA") == ["checkin"]


async def test_skipping_the_week_means_no_reminder(sessions, messenger, org):
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900)
    async with transaction(sessions) as session:
        await skip(session, person=await person_by_platform_id(session, platform_user_id="U_ANNA"),
                   context=messenger.to("U_ANNA")[0].context)
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900 + timedelta(hours=24))
    assert messenger.kinds_to("U_ANNA") == ["checkin"]


async def test_a_snoozed_check_in_comes_back_once_when_the_snooze_ends(sessions, messenger, org):
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900)
    async with transaction(sessions) as session:
        anna = await person_by_platform_id(session, platform_user_id="U_ANNA")
        await snooze(session, person=anna, context=messenger.to("U_ANNA")[0].context, choice="2h",
                     now=AMSTERDAM_0900 + timedelta(minutes=5))
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900 + timedelta(hours=2))
    assert messenger.kinds_to("U_ANNA") == ["checkin"]
    for minutes in (125, 126, 180):
        await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900 + timedelta(minutes=minutes))
    assert messenger.kinds_to("U_ANNA") == ["checkin", "snoozed"]
    assert messenger.to("U_ANNA")[-1].blocks[0].text.startswith("Hoi Anna, hier is de check-in die je had uitgesteld")


async def test_a_check_in_is_not_sent_days_late_after_an_outage(sessions, messenger, org):
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900 + timedelta(days=3))
    assert messenger.sent == []


async def test_a_slow_fan_out_keeps_its_claims_so_another_process_sends_nothing_twice(sessions, org):
    seconds = [0.0]
    other = RecordingMessenger()

    class Slow(RecordingMessenger):
        async def send(self, recipient, message):
            seconds[0] += 200  # each send takes minutes, as a paced big workspace does
            if len(self.sent) == 2:  # meanwhile another process ticks, seven minutes after this one began
                await tick(sessions=sessions, messenger=other, now=NEW_YORK_0900 + timedelta(minutes=7))
            await super().send(recipient, message)

    slow = Slow()
    await tick(sessions=sessions, messenger=slow, now=NEW_YORK_0900, elapsed=lambda: seconds[0])
    assert len(slow.sent) == 3
    assert [m.kind for _, m in other.sent if m.kind == "checkin"] == []
