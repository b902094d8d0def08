"""Surveys go out by the tick: on the team's schedule, in each person's working hours and language, once."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta

import pytest

from models.db import make_engine, make_session_factory, transaction
from models.deliveries import count
from scheduler.survey_calendar import Schedule, survey_days
from tests.fakes import RecordingMessenger
from tests.survey_orgs import (
    MOOD_DEV_AMSTERDAM,
    MOOD_LEAD_AMSTERDAM,
    MOOD_LEAD_NEW_YORK,
    PREMORTEM_AMSTERDAM,
    PREMORTEM_NEW_YORK,
    REFLECTION_AMSTERDAM,
    SURVEY_ORG,
    command,
    run_tick,
    survey_to,
)

SUPPORT = ("U_BRAM", "U_ANNA", "U_CARLA", "U_DAAN")


@pytest.fixture
async def org(load_org):
    await load_org(SURVEY_ORG)


def kinds(messenger, prefix: str = "survey_") -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for recipient, message in messenger.sent:
        if message.kind.startswith(prefix):
            found.setdefault(recipient.platform_user_id, []).append(message.kind)
    return found


def test_the_default_quarter_has_a_pre_mortem_three_mood_checks_and_a_reflection():
    days = survey_days(Schedule(weekday=0), date(2026, 10, 1), date(2026, 12, 31))
    assert [(d.survey, d.day.isoformat()) for d in days] == [
        ("premortem", "2026-10-01"),
        ("mood_development", "2026-10-12"),
        ("mood_leadership", "2026-11-09"),
        ("mood_development", "2026-12-07"),
        ("reflection", "2026-12-28"),
    ]


def test_a_schedule_can_ask_another_day_every_other_week_leadership_first_and_skip_the_rest():
    schedule = Schedule(weekday=2, local_time=time(14), mood_every_weeks=2, mood_first="mood_leadership",
                        mood_start_week=0, premortem=False, reflection=False)
    days = survey_days(schedule, date(2026, 10, 1), date(2026, 11, 1))
    assert [(d.survey, d.day.isoformat(), d.week.isoformat()) for d in days] == [
        ("mood_leadership", "2026-10-07", "2026-10-05"),
        ("mood_development", "2026-10-21", "2026-10-19"),
    ]
    assert survey_days(Schedule(weekday=0, mood_every_weeks=0), date(2026, 10, 1), date(2026, 12, 31))[0].survey \
        == "premortem"


async def test_the_pre_mortem_reaches_each_objectives_key_result_owners_in_the_first_week(sessions, messenger, org):
    await run_tick(sessions, messenger, PREMORTEM_AMSTERDAM)
    await run_tick(sessions, messenger, PREMORTEM_NEW_YORK)
    assert kinds(messenger) == {"U_ANNA": ["survey_premortem"], "U_CARLA": ["survey_premortem"],
                                "U_LEO": ["survey_premortem"], "U_PRIYA": ["survey_premortem"]}


async def test_mood_checks_alternate_and_leadership_goes_only_to_people_with_a_lead(sessions, messenger, org):
    await run_tick(sessions, messenger, MOOD_DEV_AMSTERDAM)
    assert {p: k for p, k in kinds(messenger).items()} == {p: ["survey_mood_dev"] for p in SUPPORT}
    await run_tick(sessions, messenger, MOOD_LEAD_AMSTERDAM)
    await run_tick(sessions, messenger, MOOD_LEAD_NEW_YORK)
    leadership = sorted(p for p, ks in kinds(messenger).items() if "survey_mood_lead" in ks)
    assert leadership == ["U_ANNA", "U_CARLA", "U_DAAN", "U_LEO", "U_PRIYA"], "Bram and Maya have no lead above them"


async def test_the_reflection_comes_in_the_periods_last_week(sessions, messenger, org):
    await run_tick(sessions, messenger, REFLECTION_AMSTERDAM)
    assert kinds(messenger) == {"U_ANNA": ["survey_reflection"], "U_CARLA": ["survey_reflection"]}


async def test_each_survey_goes_out_once_per_slot_even_when_ticks_run_twice_and_at_once(sessions, org):
    messengers = [RecordingMessenger() for _ in range(3)]
    await asyncio.gather(*(run_tick(sessions, m, MOOD_DEV_AMSTERDAM) for m in messengers))
    await run_tick(sessions, messengers[0], MOOD_DEV_AMSTERDAM)
    await run_tick(sessions, messengers[0], MOOD_DEV_AMSTERDAM + timedelta(hours=3))
    await run_tick(sessions, messengers[0], MOOD_DEV_AMSTERDAM + timedelta(days=1))
    received = sorted(r.platform_user_id for m in messengers for r, msg in m.sent if msg.kind == "survey_mood_dev")
    assert received == sorted(SUPPORT)
    async with sessions() as session:
        assert await count(session, kind="survey_mood_dev", status="sent") == 4


async def test_two_processes_on_postgres_send_each_survey_once(postgres_url, postgres_engine):
    async with transaction(make_session_factory(postgres_engine)) as session:
        from handlers.importer import import_org

        await import_org(session, SURVEY_ORG, now=datetime(2026, 10, 1, tzinfo=UTC))
    engines = [make_engine(postgres_url) for _ in range(4)]
    messengers = [RecordingMessenger() for _ in engines]
    try:
        await asyncio.gather(*(run_tick(make_session_factory(e), m, MOOD_LEAD_AMSTERDAM)
                               for e, m in zip(engines, messengers, strict=True)))
    finally:
        for e in engines:
            await e.dispose()
    received = sorted(r.platform_user_id for m in messengers for r, msg in m.sent if msg.kind == "survey_mood_lead")
    assert received == ["U_ANNA", "U_CARLA", "U_DAAN"]


async def test_surveys_wait_for_the_persons_working_hours(sessions, messenger, org):
    monday_evening = datetime(2026, 10, 12, 16, tzinfo=UTC)  # 18:00 in Amsterdam: the 11:00 tick was missed
    await run_tick(sessions, messenger, monday_evening)
    assert kinds(messenger) == {}
    await run_tick(sessions, messenger, datetime(2026, 10, 13, 6, 59, tzinfo=UTC))  # 08:59
    assert kinds(messenger) == {}
    await run_tick(sessions, messenger, datetime(2026, 10, 13, 7, tzinfo=UTC))  # 09:00 the next working morning
    assert sorted(kinds(messenger)) == sorted(SUPPORT)


async def test_a_survey_is_never_sent_more_than_two_days_late(sessions, messenger, org):
    await run_tick(sessions, messenger, MOOD_DEV_AMSTERDAM + timedelta(days=2, hours=1))
    assert kinds(messenger) == {}


async def test_a_survey_day_on_a_public_holiday_moves_to_the_next_working_day(sessions, messenger, load_org):
    # Christmas Day 2026 is a Friday: a Friday team's reflection on 25 Dec waits for Monday 28 Dec.
    await load_org(SURVEY_ORG.replace('checkin: {day: monday, time: "09:00"}',
                                      'checkin: {day: monday, time: "09:00"}\n    surveys: {day: friday}'))
    await run_tick(sessions, messenger, datetime(2026, 12, 25, 10, tzinfo=UTC))
    assert kinds(messenger) == {}
    await run_tick(sessions, messenger, datetime(2026, 12, 28, 10, tzinfo=UTC))
    assert kinds(messenger) == {"U_ANNA": ["survey_reflection"], "U_CARLA": ["survey_reflection"]}


async def test_people_who_are_away_are_skipped(sessions, messenger, org):
    await command(sessions, "U_DAAN", "away 2026-10-16", MOOD_DEV_AMSTERDAM - timedelta(days=3))
    await run_tick(sessions, messenger, MOOD_DEV_AMSTERDAM)
    await run_tick(sessions, messenger, MOOD_DEV_AMSTERDAM + timedelta(days=1))
    assert "U_DAAN" not in kinds(messenger)
    assert "U_ANNA" in kinds(messenger)


async def test_each_person_reads_the_survey_in_their_own_language(sessions, messenger, org):
    await run_tick(sessions, messenger, MOOD_DEV_AMSTERDAM)
    anna, carla = survey_to(messenger, "U_ANNA", "survey_mood_dev"), survey_to(messenger, "U_CARLA", "survey_mood_dev")
    assert anna.locale == "nl" and anna.blocks[0].text.startswith("Hoi Anna")
    assert carla.locale == "en" and carla.blocks[0].text.startswith("Hi Carla")


async def test_a_team_schedule_from_the_organisation_file_is_followed(sessions, messenger, load_org):
    custom = SURVEY_ORG.replace(
        'checkin: {day: monday, time: "09:00"}',
        'checkin: {day: monday, time: "09:00"}\n'
        '    surveys: {day: wednesday, time: "14:00", mood: {every_weeks: 2, start_week: 0}, premortem: false}',
    )
    await load_org(custom)
    await run_tick(sessions, messenger, PREMORTEM_AMSTERDAM)
    assert kinds(messenger) == {}, "no pre-mortem for this team"
    await run_tick(sessions, messenger, datetime(2026, 10, 7, 12, tzinfo=UTC))  # Wed 14:00 in Amsterdam
    assert {p: k for p, k in kinds(messenger).items()} == {p: ["survey_mood_dev"] for p in SUPPORT}
