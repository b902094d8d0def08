"""Each edit made in chat while the period runs, and what it does to progress, the weekly summary and the recap.

Support's and Sales' objectives after one check-in each (9 November): NPS 35 of 25 → 45 (50%), first reply 5 hours
of 8 → 2 (50%), the knowledge base not live (0%): Support at 33%; renewals 76% of 70 → 85 (40%), churn 2.5% below 3%
(held): Sales at 70%. On Thursday 12 November someone changes one thing, with a reason (a key result added
counts from 0%).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.messages import Text
from handlers.commands import handle_command
from handlers.digest_data import load
from handlers.recap import build_recap
from handlers.recap_message import recap_message
from handlers.summary_message import summary_message
from handlers.team_summary import build_summary
from models import KeyResult, Team
from models.checkin_store import record_checkins
from models.db import transaction
from models.people_queries import period_by_name, person_by_platform_id
from tests.orgs import SMALL_ORG
from tests.planning_chat import words

NOW = datetime(2026, 11, 12, 10, tzinfo=UTC)
ANSWERS = {"U_ANNA": {"nps": 35, "reply": 5}, "U_CARLA": {"kb": 0}, "U_BEN": {"renewals": 76, "churn": 2.5}}
# (who, what they type, team, the objective's progress after it, the line the summary and the recap tell)
EDITS = {
    "title": ("U_ANNA", "change kr {nps} title NPS of 45 or more because clearer", "Support", 0.33,
              "renamed from “NPS stijgt van 25 naar 45” to “NPS of 45 or more” on 12 November: clearer"),
    "target": ("U_ANNA", "change kr {nps} target 40 because the market shrank", "Support", 0.39,
               "target lowered from 45 to 40 on 12 November: the market shrank"),
    "baseline": ("U_ANNA", "change kr {nps} baseline 30 because measured again", "Support", 0.28,
                 "baseline raised from 25 to 30 on 12 November: measured again"),
    "unit": ("U_ANNA", "change kr {nps} unit points because clearer", "Support", 0.33,
             "unit changed from NPS to points on 12 November: clearer"),
    "kind": ("U_ANNA", "change kr {reply} kind stay_below because two hours is the floor", "Support", 0.17,
             "measured as stay below a threshold instead of decrease to a target from 12 November: two hours is the"
             " floor"),
    "owner": ("U_BRAM", "change kr {nps} owner @U_CARLA because Anna moves", "Support", 0.33,
              "handed from Anna de Vries to Carla Jansen on 12 November: Anna moves"),
    "add": ("U_BRAM", "add kr to objective 1: Tickets closed per week 20 -> 40 because we want a volume measure",
            "Support", 0.25, "key result “Tickets closed per week” added on 12 November: we want a volume measure"),
    "remove": ("U_BRAM", "remove kr {kb} because another team builds it", "Support", 0.5,
               "key result “Kennisbank live” removed on 12 November: another team builds it"),
    "pause": ("U_BEN", "pause objective 2 because the team is rebuilding", "Sales", 0.7,
              "paused on 12 November: the team is rebuilding"),
    "drop": ("U_BEN", "drop objective 2 because the product line was sold", "Sales", 0.7,
             "dropped on 12 November: the product line was sold"),
    "close": ("U_BEN", "close objective 2 because renewals moved to the partner", "Sales", 0.7,
              "closed early on 12 November: renewals moved to the partner"),
}


@pytest.fixture
async def checked_in(sessions, load_org):
    await load_org(SMALL_ORG)
    async with transaction(sessions) as session:
        krs = {kr.ref.split("/")[-1]: kr for kr in (await session.execute(select(KeyResult))).scalars()}
        for user, values in ANSWERS.items():
            person = await person_by_platform_id(session, platform_user_id=user)
            await record_checkins(session, person_id=person.id, period_id=1, slot="2026-11-09",
                                  now=datetime(2026, 11, 9, 9, tzinfo=UTC), answers=[
                                      {"key_result_id": krs[ref].id, "value": value, "confidence": 6,
                                       "one_level_up": "", "blockers": ""} for ref, value in values.items()])
    return {ref: kr.id for ref, kr in krs.items()}


async def shown(sessions, team: str) -> tuple[dict[str, float], list[str], list[str]]:
    """Each objective's progress in the recap, the summary of the week of 9 November, and the recap, in English."""
    async with sessions() as session:
        snapshot = await load(session, period=await period_by_name(session, name="2026-Q4"))
        team_id = (await session.execute(select(Team.id).where(Team.name == team))).scalar_one()
    recap = build_recap(snapshot, team_id=team_id)
    summary = summary_message(build_summary(snapshot, team_id=team_id, slot="2026-11-09"), locale="en")
    recap_words = recap_message(recap, locale="en", chart=None)
    return ({o.title: round(o.progress, 2) for o in recap.objectives},
            [b.text for b in summary.blocks if isinstance(b, Text)],
            [b.text for b in recap_words.blocks if isinstance(b, Text)])


async def test_before_any_edit(sessions, checked_in):
    assert (await shown(sessions, "Support"))[0] == {"Onze klanten zijn fan van onze dienstverlening": 0.33}
    assert (await shown(sessions, "Sales"))[0] == {"Customers choose us again": 0.7}


@pytest.mark.parametrize("edit", EDITS)
async def test_an_edit_shows_in_progress_the_weekly_summary_and_the_recap(sessions, checked_in, edit):
    who, typed, team, progress, story = EDITS[edit]
    async with transaction(sessions) as session:
        person = await person_by_platform_id(session, platform_user_id=who)
        answer = await handle_command(session, person=person, text=typed.format(**checked_in), now=NOW)
    assert answer.kind == "adjust_done", answer
    objectives, summary, recap = await shown(sessions, team)
    assert list(objectives.values()) == [progress]
    assert any(story in line for line in summary), summary
    assert any(story in line for line in recap), recap


async def test_a_key_result_added_in_dutch_is_in_the_next_checkin_of_who_added_it(sessions, checked_in):
    async with transaction(sessions) as session:
        bram = await person_by_platform_id(session, platform_user_id="U_BRAM")
        added = await handle_command(session, person=bram, now=NOW, text="voeg kr toe aan objective 1: Gesloten"
                                     " tickets per week 20 -> 40 omdat we volume willen meten")
        asked = await handle_command(session, person=bram, text="checkin", now=NOW)
    assert added.kind == "adjust_done"
    assert added.blocks[0].text.startswith("„Gesloten tickets per week” toegevoegd aan „Onze klanten zijn fan")
    assert asked.kind == "checkin" and "Gesloten tickets per week" in words(asked)
