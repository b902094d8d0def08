"""The planning round's choices, round after round: what was carried into a period is chosen for again."""

from __future__ import annotations

from models.db import transaction
from models.value_store import record_value
from tests.planning_chat import at, key_results, objectives, org_objective, say, words

ORG = """
periods:
  - {name: 2026-Q4, start: 2026-10-01, end: 2026-12-31}
  - {name: 2027-Q1, start: 2027-01-01, end: 2027-03-31}
  - {name: 2027-Q2, start: 2027-04-01, end: 2027-06-30}
people:
  - {id: U_CEO, name: Cleo Boss, tz: Europe/Amsterdam}
okrs:
""" + org_objective("2026-Q4")


async def test_an_objective_carried_into_a_period_is_chosen_for_again_at_its_end(sessions, load_org):
    await load_org(ORG)
    await say(sessions, "U_CEO", "plan carry 1", at("2026-12-21", 10))
    await say(sessions, "U_CEO", "agree", at("2026-12-21", 10))

    shown = words(await say(sessions, "U_CEO", "plan", at("2027-03-22", 10)))
    assert "1. “Customers love our product”: 0%" in shown
    assert "plan carry 1 · plan rework 1 · plan close 1" in shown, "its arrival in 2027-Q1 is no choice for 2027-Q2"
    carried = words(await say(sessions, "U_CEO", "plan carry 1", at("2027-03-22", 10)))
    assert carried.startswith("Carried over “Customers love our product”")
    [again] = await objectives(sessions, "2027-Q2")
    assert [kr.title for kr in await key_results(sessions, again.id)] == ["NPS", "Churn"]
    repeated = words(await say(sessions, "U_CEO", "plan close 1", at("2027-03-22", 11)))
    assert repeated.startswith("You already chose for “Customers love our product”")


async def test_a_carried_key_result_starts_from_where_it_ended_not_where_it_stood_at_the_carry(sessions, load_org):
    await load_org(ORG)
    await measured(sessions, {"NPS": 30, "Churn": 7}, at("2026-12-10", 10))
    await say(sessions, "U_CEO", "plan carry 1", at("2026-12-21", 10))
    [carried] = await objectives(sessions, "2027-Q1")
    assert [kr.baseline for kr in await key_results(sessions, carried.id)] == [30, 7]

    await measured(sessions, {"NPS": 33, "Churn": 6}, at("2026-12-28", 10))  # the last weeks still move
    assert [kr.baseline for kr in await key_results(sessions, carried.id)] == [33, 6]
    [churn] = [kr for kr in await key_results(sessions, carried.id) if kr.title == "Churn"]
    edited = await say(sessions, "U_CEO", f"change kr {churn.id} baseline 6.5 because the December count is late",
                       at("2026-12-29", 10))
    assert edited.kind == "adjust_done", words(edited)
    await measured(sessions, {"NPS": 34, "Churn": 5}, at("2026-12-30", 10))
    assert [kr.baseline for kr in await key_results(sessions, carried.id)] == [34, 6.5], "set by hand: kept"
    await measured(sessions, {"NPS": 36}, at("2027-01-04", 10))  # a late value, once 2027-Q1 has begun
    assert [kr.baseline for kr in await key_results(sessions, carried.id)] == [34, 6.5]


async def measured(sessions, values: dict[str, float], now) -> None:
    """Values from outside chat (the REST API's path) for the 2026-Q4 key results by title."""
    [objective] = await objectives(sessions, "2026-Q4")
    async with transaction(sessions) as session:
        for kr in await key_results(sessions, objective.id):
            if kr.title in values:
                await record_value(session, key_result_id=kr.id, value=values[kr.title], measured_at=now,
                                   source="api", now=now)


async def test_the_rules_of_five_show_as_warnings_on_the_drafts_in_words_people_read(sessions, load_org):
    await load_org(ORG)
    for n in range(1, 7):
        await say(sessions, "U_CEO", f"plan draft org Objective number {n}", at("2026-12-21", 10))
    await say(sessions, "U_CEO", "propose d1 Weekly active users 120 -> 200", at("2026-12-21", 10))
    shown = words(await say(sessions, "U_CEO", "plan", at("2026-12-21", 10)))
    assert "⚠ objective “Objective number 1” has 1 key result (2-5 make a good objective)" in shown
    assert "⚠ “Objective number 6” is objective number 6 for Cleo Boss in 2027-Q1" in shown
    assert "“Objective number 5” is objective number" not in shown
