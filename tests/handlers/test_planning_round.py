"""The planning round's choices, round after round: what was carried into a period is chosen for again."""

from __future__ import annotations

from tests.planning_chat import at, key_results, objectives, say, words

ORG = """
periods:
  - {name: 2026-Q4, start: 2026-10-01, end: 2026-12-31}
  - {name: 2027-Q1, start: 2027-01-01, end: 2027-03-31}
  - {name: 2027-Q2, start: 2027-04-01, end: 2027-06-30}
people:
  - {id: U_CEO, name: Cleo Boss, tz: Europe/Amsterdam}
okrs:
  - objective: Customers love our product
    level: org
    owner: U_CEO
    period: 2026-Q4
    key_results:
      - {title: NPS, kind: increase, baseline: 20, target: 40}
      - {title: Churn, kind: decrease, baseline: 8, target: 4, unit: "%"}
"""


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
