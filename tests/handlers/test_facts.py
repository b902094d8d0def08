"""One account of what happened: each check-in slot of a person gets one state, from what reached them and what
they answered; going away later, skipping after answering or a back-dated look never rewrites it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, select

from handlers.digest_data import load
from handlers.facts import Planned, account, account_of
from handlers.team_summary import build_summary
from models import Delivery, Period, Person, Team
from models.absence import Absence
from models.db import transaction
from tests.digest_quarter import LAST_SLOT, play_quarter

ME = 1
HOLDS = {10, 11}  # my two key results
NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)  # Thursday
WEEKS = [date(2026, 11, 2) + timedelta(weeks=w) for w in range(4)]  # Mondays 2, 9, 16, 23 Nov


def planned(days=WEEKS) -> list[Planned]:
    return [Planned(day, day, datetime.combine(day, time(8), UTC)) for day in days]


def sent(*days: date) -> dict[str, datetime]:
    return {day.isoformat(): datetime.combine(day, time(8), UTC) for day in days}


def away(first: date, last: date | None = None) -> Absence:
    return Absence(person_id=ME, first_day=first, last_day=last, created_at=NOW)


def states(**rows) -> list[str]:
    rows = {"sent": {}, "answers": {}, "skipped": (), "absences": (), "holds": HOLDS, "as_of": NOW} | rows
    return [s.state for s in account(ME, planned=planned(), **rows).slots]


def test_each_slot_has_one_state():
    found = account(ME, planned=planned(), sent=sent(*WEEKS[1:]), holds=HOLDS, as_of=NOW,
                    answers={"2026-11-09": {10, 11}, "2026-11-16": {10}}, skipped=set(), absences=[])
    assert [s.state for s in found.slots] == ["not_sent", "answered", "partly", "open"]
    assert (found.delivered, found.answered, found.partly, found.checked_in, found.open) == (3, 1, 1, 2, 1)


def test_a_slot_that_reached_me_and_got_no_answer_is_missed_once_its_window_is_over():
    found = account(ME, planned=planned(), sent=sent(*WEEKS), answers={}, skipped={"2026-11-09"}, absences=[],
                    holds=HOLDS, as_of=NOW)
    assert [s.state for s in found.slots] == ["missed", "skipped", "missed", "open"]
    assert found.missed_days == (date(2026, 11, 2), date(2026, 11, 16))
    assert (found.delivered, found.skipped) == (4, 1)


def test_a_week_that_was_never_delivered_is_neither_missed_nor_answered():
    found = account(ME, planned=planned(), sent=sent(WEEKS[0]), answers={}, skipped=(), absences=[], holds=HOLDS,
                    as_of=NOW)
    assert [s.state for s in found.slots] == ["missed", "not_sent", "not_sent", "not_sent"]
    assert (found.delivered, found.missed_days) == (1, (date(2026, 11, 2),))


def test_away_only_for_slots_that_did_not_reach_me():
    assert states(sent=sent(WEEKS[0]), absences=[away(date(2026, 11, 7), date(2026, 11, 20))]) == [
        "missed", "away", "away", "not_sent"]


def test_going_away_after_answering_changes_nothing():
    answered = {"sent": sent(*WEEKS), "answers": {"2026-11-02": {10, 11}, "2026-11-23": {10, 11}}}
    before = states(**answered)
    assert before == ["answered", "missed", "missed", "answered"]
    assert states(**answered, absences=[away(date(2026, 11, 1))]) == before, "a delivered slot stays delivered"


def test_an_answered_slot_stays_answered_whatever_came_after():
    assert states(sent=sent(*WEEKS), answers={"2026-11-23": {10, 11}}, skipped={"2026-11-23"})[-1] == "answered"


def test_a_back_dated_look_sees_only_what_had_reached_me_by_then():
    found = account(ME, planned=planned(), sent=sent(*WEEKS), answers={}, skipped=(), absences=[], holds=HOLDS,
                    as_of=datetime(2026, 11, 10, tzinfo=UTC))
    assert [s.state for s in found.slots] == ["missed", "open"], "later slots were not due yet"


def test_an_answer_nobody_asked_for_still_counts_as_answered():
    found = account(ME, planned=planned(), sent={}, answers={"2026-11-16": {10, 11}}, skipped=(), absences=[],
                    holds=HOLDS, as_of=NOW)
    assert (found.delivered, found.answered) == (1, 1)


# --- from the store, on SQLite and PostgreSQL ------------------------------------------------------------------

async def _people(sessions) -> dict[str, Person]:
    async with sessions() as session:
        return {p.platform_user_id: p for p in (await session.execute(select(Person))).scalars()}


async def _snapshot(sessions):
    async with sessions() as session:
        return await load(session, period=(await session.execute(select(Period))).scalar_one())


async def test_going_away_after_answering_changes_no_count_in_the_store(sessions, load_org):
    await play_quarter(sessions, load_org)
    people = await _people(sessions)
    anna = people["U_ANNA"].id
    before = await _snapshot(sessions)
    async with transaction(sessions) as session:  # on 26 Nov Anna says she is away since the 20th
        session.add(Absence(person_id=anna, first_day=date(2026, 11, 20), created_at=NOW))
        support = (await session.execute(select(Team).where(Team.name == "Support"))).scalar_one()
    after = await _snapshot(sessions)
    assert account_of(after, anna, as_of=NOW) == account_of(before, anna, as_of=NOW)
    assert account_of(after, anna, as_of=NOW).answered == 8
    summary = build_summary(after, team_id=support.id, slot=LAST_SLOT)
    assert (summary.answered, summary.waiting) == (2, 1), "Anna and Carla answered, Daan did not"


async def test_a_week_nothing_reached_is_not_missed_in_the_store(sessions, load_org):
    await play_quarter(sessions, load_org)
    daan = (await _people(sessions))["U_DAAN"].id
    missed = account_of(await _snapshot(sessions), daan, as_of=NOW).missed_days
    assert date(2026, 10, 12) in missed
    async with transaction(sessions) as session:  # downtime: the check-in of 12 Oct never went out
        await session.execute(delete(Delivery).where(Delivery.person_id == daan, Delivery.slot == "2026-10-12"))
    found = account_of(await _snapshot(sessions), daan, as_of=NOW)
    assert date(2026, 10, 12) not in found.missed_days
    assert {s.state for s in found.slots if s.nominal == date(2026, 10, 12)} == {"not_sent"}
    assert found.delivered == 7
