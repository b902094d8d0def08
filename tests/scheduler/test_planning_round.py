"""A period ticked to its end, where the next period's OKRs come only from the planning round in chat."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.adjust_story import change_lines
from models import KeyResult, Objective, OkrChange, Period, Person, SurveyAnswer, SurveyRound
from models.db import transaction
from scheduler.tick import tick
from tests.planning_chat import at, key_results, objectives, org_objective, platform_objective, say, words

ORG = """
periods:
  - {name: 2026-Q4, start: 2026-10-01, end: 2026-12-31}
people:
  - {id: U_CEO, name: Cleo Boss, tz: Europe/Amsterdam}
  - {id: U_LEAD, name: Lena Lead, tz: Europe/Amsterdam, manager: U_CEO}
  - {id: U_DEV, name: Dan Dev, tz: America/New_York, manager: U_LEAD}
teams:
  - name: Platform
    channel: C_PLATFORM
    country: NL
    lead: U_LEAD
    members: [U_CEO, U_LEAD, U_DEV]
okrs:
""" + org_objective("2026-Q4") + platform_objective("2026-Q4", "U_DEV")


@pytest.fixture
async def org(sessions, load_org):
    await load_org(ORG)
    async with transaction(sessions) as session:  # where the quarter stands two weeks before its end
        for kr in (await session.execute(select(KeyResult))).scalars():
            kr.current = {"NPS": 40, "Churn": 6, "Uptime": 99.95, "Deploy time": 18}[kr.title]
        # The reflection on the organisation objective, answered by its owner.
        [objective] = (await session.execute(select(Objective).where(Objective.level == "org"))).scalars()
        ceo = (await session.execute(select(Person).where(Person.platform_user_id == "U_CEO"))).scalar_one()
        reflection = SurveyRound(survey="reflection", period_id=objective.period_id, key=f"o{objective.id}",
                                 objective_id=objective.id, closes_at=at("2027-01-08", 17))
        session.add(reflection)
        await session.flush()
        for question, text in (("learned", "Churn follows onboarding"), ("differently", "Measure churn weekly")):
            session.add(SurveyAnswer(round_id=reflection.id, person_id=ceo.id, question=question, text=text,
                                     answered_at=at("2026-12-10", 10)))


async def test_the_turn_of_the_quarter_is_planned_in_chat(sessions, messenger, org):
    # Before the planning phase nothing is there to plan; the next period does not exist yet.
    await tick(sessions=sessions, messenger=messenger, now=at("2026-12-16", 10))
    assert [p.name for p in await _periods(sessions)] == ["2026-Q4"]

    # Two weeks before the end, 08:00 in Amsterdam: the next quarter exists, nobody is invited before 09:00.
    await tick(sessions=sessions, messenger=messenger, now=at("2026-12-17", 7))
    assert [(p.name, str(p.start), str(p.end)) for p in await _periods(sessions)][1] == \
        ("2027-Q1", "2027-01-01", "2027-03-31")
    assert messenger.sent == []

    # In working hours the owner of the organisation objective is invited, once; the team only days later.
    await tick(sessions=sessions, messenger=messenger, now=at("2026-12-17", 8, 30))
    await tick(sessions=sessions, messenger=messenger, now=at("2026-12-17", 9))
    assert messenger.kinds_to("U_CEO") == ["plan_org"]
    invitation = words(messenger.to("U_CEO")[0])
    assert "2027-Q1" in invitation and "Customers love our product" in invitation
    assert "What we learned: “Churn follows onboarding”" in invitation  # next to the choice
    assert "What we'd do differently: “Measure churn weekly”" in invitation
    assert "plan carry 1 · plan rework 1 · plan close 1" in invitation
    assert messenger.to("U_LEAD") == []
    await tick(sessions=sessions, messenger=messenger, now=at("2026-12-21", 10))
    assert messenger.to("U_LEAD") == []
    await tick(sessions=sessions, messenger=messenger, now=at("2026-12-22", 6))  # 07:00 in Amsterdam
    assert messenger.to("U_LEAD") == []

    # The organisation carries its objective over: only the key result not reached, from where it stands.
    await say(sessions, "U_CEO", "plan carry 1", at("2026-12-21", 10))
    [carried] = [o for o in await objectives(sessions, "2027-Q1")]
    assert (carried.title, carried.status, carried.level) == ("Customers love our product", "draft", "org")
    assert [(kr.title, kr.baseline, kr.target) for kr in await key_results(sessions, carried.id)] == \
        [("Churn", 6.0, 4.0)]

    await tick(sessions=sessions, messenger=messenger, now=at("2026-12-22", 9))
    await tick(sessions=sessions, messenger=messenger, now=at("2026-12-22", 10))
    assert messenger.kinds_to("U_LEAD") == ["plan_team"]
    team_invitation = words(messenger.to("U_LEAD")[0])
    assert "A platform that never sleeps" in team_invitation
    assert "Customers love our product" in team_invitation  # the organisation's objective to align to

    # The team plans in dialogue: the lead drafts, a member proposes, the lead agrees.
    await say(sessions, "U_LEAD", "plan close 1", at("2026-12-22", 11))
    await say(sessions, "U_LEAD", "plan draft team Deploys are boring", at("2026-12-22", 11))
    await say(sessions, "U_LEAD", "plan draft team Cloud costs under control", at("2026-12-22", 11))
    shown = await say(sessions, "U_DEV", "plan", at("2026-12-22", 15))
    assert "d1. “Deploys are boring” (draft)" in words(shown)
    assert "Customers love our product" not in words(shown)  # the organisation's draft is not the member's to see
    proposed = await say(sessions, "U_DEV", "propose d1 Deploys per week 3 -> 10", at("2026-12-22", 15))
    assert "Deploys per week: 3 → 10" in words(proposed)
    assert "1 key result" in words(proposed)  # the linter: 2-5 key results, a warning, not a refusal
    await say(sessions, "U_DEV", "plan draft Learn Rust", at("2026-12-22", 15))
    await say(sessions, "U_DEV", "propose d3 Rust services shipped 0 -> 2", at("2026-12-22", 15))
    agreed = await say(sessions, "U_LEAD", "agree d2", at("2026-12-23", 9))
    assert "Agreed 1 for 2027-Q1" in words(agreed)
    statuses = {o.title: o.status for o in await objectives(sessions, "2027-Q1")}
    assert statuses == {"Customers love our product": "draft", "Deploys are boring": "active",
                        "Cloud costs under control": "draft", "Learn Rust": "draft"}

    # Each invitation went out once however often the tick ran.
    for day in ("2026-12-23", "2026-12-28", "2026-12-31"):
        await tick(sessions=sessions, messenger=messenger, now=at(day, 10))
    assert [k for k in messenger.kinds_to("U_CEO") if k.startswith("plan")] == ["plan_org"]
    assert [k for k in messenger.kinds_to("U_LEAD") if k.startswith("plan")] == ["plan_team"]

    # The new quarter starts: drafts are never checked in on; one reminder each; the channel hears titles only.
    messenger.sent.clear()
    for now in (at("2027-01-04", 8), at("2027-01-04", 10), at("2027-01-04", 14), at("2027-01-05", 10)):
        await tick(sessions=sessions, messenger=messenger, now=now)
    asked = "\n".join(words(m) for _, m in messenger.sent if m.kind == "checkin")
    assert "Deploys per week" in asked
    assert "Churn" not in asked and "Rust services shipped" not in asked
    assert messenger.kinds_to("U_CEO").count("plan_reminder") == 1
    assert messenger.kinds_to("U_LEAD").count("plan_reminder") == 1  # agrees the team's and Dan's drafts
    assert messenger.kinds_to("U_DEV").count("plan_reminder") == 1
    [notice] = [m for m in messenger.posted_in("C_PLATFORM") if m.kind == "plan_drafts"]
    assert "Cloud costs under control" in words(notice) and "Deploys are boring" not in words(notice)
    assert not any(name in words(notice) for name in ("Lena", "Dan", "Cleo"))

    async with sessions() as session:
        changes = [c.what for c in (await session.execute(select(OkrChange).order_by(OkrChange.id))).scalars()]
    assert changes.count("carried") == 2 and "ended" in changes and "agreed" in changes


async def _periods(sessions) -> list[Period]:
    async with sessions() as session:
        return list((await session.execute(select(Period).order_by(Period.start))).scalars())


async def test_a_reworked_draft_is_changed_before_it_is_agreed(sessions, messenger, org):
    await tick(sessions=sessions, messenger=messenger, now=at("2026-12-17", 7))  # the next quarter exists
    await say(sessions, "U_LEAD", "plan rework 1", at("2026-12-22", 11))  # the team's: prefilled with both
    shown = words(await say(sessions, "U_DEV", "plan", at("2026-12-22", 15)))
    assert "· d1.1" in shown
    assert "Deploy time: 18 min → 10 min · d1.2" in shown

    refused = await say(sessions, "U_DEV", "plan title d1 Never down", at("2026-12-22", 15))
    assert "Only the owner" in words(refused)  # a member proposes; the lead names the team's objective
    renamed = await say(sessions, "U_LEAD", "plan title d1 Deploys nobody notices", at("2026-12-22", 16))
    assert "d1. “Deploys nobody notices” (draft)" in words(renamed)
    changed = await say(sessions, "U_DEV", "plan change d1.2 Deploy time 18 -> 5 min", at("2026-12-22", 16))
    assert "Deploy time: 18 min → 5 min · d1.2" in words(changed)  # Dan holds the key result
    gone = await say(sessions, "U_LEAD", "plannen schrap d1.1", at("2026-12-22", 16))
    assert "Removed “Uptime” from the draft." in words(gone)  # Dutch words, answered in her language
    assert "Uptime" not in words(await say(sessions, "U_LEAD", "plan", at("2026-12-22", 16))).split("OKRs for")[-1]
    assert "Use: plan title" in words(await say(sessions, "U_LEAD", "plan change d1.9 X 1 -> 2", at("2026-12-22", 16)))

    await say(sessions, "U_LEAD", "agree", at("2026-12-23", 9))
    [draft] = [o for o in await objectives(sessions, "2027-Q1") if o.level == "team"]
    assert (draft.title, draft.status) == ("Deploys nobody notices", "active")
    assert [(k.title, k.baseline, k.target) for k in await key_results(sessions, draft.id) if not k.archived_at] == \
        [("Deploy time", 18.0, 5.0)]
    late = await say(sessions, "U_LEAD", "plan title d1 Something else", at("2026-12-23", 10))
    assert "is agreed already" in words(late)

    # The making of the objective is the round's to tell, not a change for its recap.
    async with sessions() as session:
        rows = list((await session.execute(select(OkrChange).where(OkrChange.objective_id == draft.id)
                                            .order_by(OkrChange.id))).scalars())
    assert {c.what for c in rows} >= {"reworked", "drafted", "proposed", "withdrawn", "agreed"}
    assert change_lines(rows, "en") == ["reworked from 2026-Q4"]
