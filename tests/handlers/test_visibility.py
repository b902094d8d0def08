"""Maya's personal objective ("I grow the team into owning its roadmap") is hers, her manager Sara's and whoever
she shares it with: never in the Product channel, never offered to Anna to align to, and the check-in tells
everyone who reads what they write as a blocker. ``mine`` is one's own key results, ``team`` the team's."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.messages import FreeText, KeyResultLine, Message
from handlers.commands import handle_command
from handlers.digest_data import load
from handlers.okr_authoring import open_new_okr, submit_new_okr
from handlers.post_outbox import preview_recap, preview_summary
from handlers.prep_outbox import preview_preps
from handlers.recap import build_recap
from handlers.team_summary import build_summary
from handlers.visibility import Circle, Readers, blocker_readers, channel_objectives, may_see
from models import Objective
from models.db import transaction
from models.digest_queries import teams
from models.one_on_one_store import set_one_on_one
from models.people_queries import all_people, period_on, person_by_platform_id
from models.report_queries import objectives_of_period
from tests.survey_orgs import command, reply, run_tick

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 1, 16, tzinfo=UTC)  # Tuesday: Product checked in at 10:00 New York
KLANTENSERVICE_CHECKIN = datetime(2026, 11, 30, 8, 1, tzinfo=UTC)  # Monday 09:01 in Amsterdam
PERSONAL = "I grow the team into owning its roadmap"
ONBOARDING = "New customers get value in their first week"
SECRET = "MAYA-PRIVATE-BLOCKER"  # what Maya writes on her personal key results
TEAM_BLOCKER = "Waiting on the data team"  # and on her key result of the Product team's objective


@pytest.fixture
async def org(load_org):
    await load_org((ROOT / "examples" / "org.yaml").read_text(encoding="utf-8"))


def seen(message: Message) -> str:
    """Everything a reader of the message could see, key-result lines and questions included."""
    return repr(message.blocks)


def key_result_titles(message: Message) -> list[str]:
    return [b.title for b in message.blocks if isinstance(b, KeyResultLine)]


def blocker_prompts(message: Message) -> dict[str, str]:
    """Per key result title, the blocker question as the check-in asks it."""
    prompts, title = {}, ""
    for block in message.blocks:
        if isinstance(block, KeyResultLine):
            title = block.title
        elif isinstance(block, FreeText) and block.id.endswith(":blockers"):
            prompts[title] = block.prompt
    return prompts


async def maya_checks_in_with_a_blocker(sessions) -> None:
    form = await command(sessions, "U01MAYA", "checkin", NOW)
    fields = {}
    for block in form.blocks:
        if isinstance(block, KeyResultLine):
            fields[f"kr:{block.key_result_id}:confidence"] = "6"
            personal = block.title.startswith(("Roadmap items", "Team health check"))
            fields[f"kr:{block.key_result_id}:blockers"] = SECRET if personal else TEAM_BLOCKER
    answer = await reply(sessions, "U01MAYA", form.context, fields, NOW)
    assert answer.kind == "checkin_recorded", answer


async def team_named(sessions, name: str):
    async with sessions() as session:
        return next(t for t in await teams(session, team_ids=None) if t.name == name)


async def test_personal_objective_never_in_channel_summary(sessions, org):
    await maya_checks_in_with_a_blocker(sessions)
    product = await team_named(sessions, "Product")
    async with sessions() as session:
        summary = await preview_summary(session, team=product, now=NOW)
    assert ONBOARDING in seen(summary)
    assert PERSONAL not in seen(summary)
    assert "Team health check" not in seen(summary) and "Roadmap items" not in seen(summary)
    # the blocker on her team key result goes to the channel, those on her personal key results do not
    assert TEAM_BLOCKER in seen(summary) and SECRET not in seen(summary)
    # ``team`` may be answered in the channel: the same rule
    for who in ("U01LEO", "U01MAYA", "U01SARA"):
        assert PERSONAL not in seen(await command(sessions, who, "team", NOW))


async def test_recap_and_summary_agree_on_personal_objectives(sessions, org):
    await maya_checks_in_with_a_blocker(sessions)
    product = await team_named(sessions, "Product")
    async with sessions() as session:
        period = await period_on(session, day=NOW.date())
        snapshot = await load(session, period=period, personal=False)
        recaps = await preview_recap(session, period=period, now=NOW)
    summary = build_summary(snapshot, team_id=product.id, slot="2026-12-01")
    recap = build_recap(snapshot, team_id=product.id)
    assert [o.title for o in summary.objectives] == [o.title for o in recap.objectives] == [ONBOARDING]
    assert all(PERSONAL not in seen(message) for message in recaps)


async def offered(sessions, user_id: str) -> list[str]:
    async with sessions() as session:
        person = await person_by_platform_id(session, platform_user_id=user_id)
        form = await open_new_okr(session, person=person, now=NOW)
    parent = next((q for q in form.questions if q.id == "parent"), None)
    return [o.label for o in parent.options] if parent else []


async def test_alignment_offers_only_visible_objectives(sessions, org):
    assert PERSONAL not in await offered(sessions, "U01ANNA")  # another team
    assert PERSONAL not in await offered(sessions, "U01LEO")  # her report: she is not his to see
    assert PERSONAL in await offered(sessions, "U01MAYA")
    assert PERSONAL in await offered(sessions, "U01SARA")  # her manager of record
    assert ONBOARDING in await offered(sessions, "U01ANNA")

    async with transaction(sessions) as session:  # a forged form can't align to it either
        anna = await person_by_platform_id(session, platform_user_id="U01ANNA")
        form = await open_new_okr(session, person=anna, now=NOW)
        hidden = next(o.id for o in await _period_objectives(session) if o.title == PERSONAL)
        answer = await submit_new_okr(session, person=anna, context=form.context, fields={
            "objective": "Klanten vinden zelf hun antwoord", "level": "person", "type": "committed",
            "parent": str(hidden), "kr1:title": "Zelfservice van 15% naar 30%", "kr1:kind": "increase",
            "kr1:baseline": "15", "kr1:target": "30", "kr2:title": "Kennisbank live", "kr2:kind": "milestone"})
    assert "parent" in answer.errors


async def _period_objectives(session):
    return await objectives_of_period(session, period_id=(await period_on(session, day=NOW.date())).id)


async def test_checkin_says_who_reads_blockers(sessions, messenger, org):
    await run_tick(sessions, messenger, KLANTENSERVICE_CHECKIN)
    [sent] = [m for m in messenger.to("U01ANNA") if m.kind == "checkin"]
    asked = await command(sessions, "U01ANNA", "checkin", NOW)
    for anna in (blocker_prompts(sent), blocker_prompts(asked)):
        nps = anna["NPS stijgt van 25 naar 45"]
        assert nps.startswith("Loop je ergens tegenaan?")
        assert "je leidinggevende Bram Bakker" in nps and "het kanaal van Klantenservice" in nps

    maya = blocker_prompts(await command(sessions, "U01MAYA", "checkin", NOW))
    personal = maya["Team health check score stays above 7"]
    assert "your manager Sara Okafor" in personal and "channel" not in personal
    assert "the weekly summary in the Product channel" in maya["Onboarding support tickets from 120 to 40 a month"]

    await command(sessions, "U01MAYA", "share 1 @Leo", NOW)
    maya = blocker_prompts(await command(sessions, "U01MAYA", "checkin", NOW))
    assert "Leo Martinez" in maya["Team health check score stays above 7"]
    assert "Leo Martinez" not in maya["Onboarding support tickets from 120 to 40 a month"]


async def test_mine_shows_only_my_key_results(sessions, org):
    mine = await command(sessions, "U01ANNA", "mine", NOW)
    assert key_result_titles(mine) == ["NPS stijgt van 25 naar 45", "Aandeel vragen via zelfservice van 15% naar 30%"]
    team = await command(sessions, "U01ANNA", "team", NOW)
    assert "Eerste reactie binnen 2 uur (mediaan)" in key_result_titles(team)  # Daan's, in the team's view

    maya = key_result_titles(await command(sessions, "U01MAYA", "mine", NOW))
    assert "Onboarding support tickets from 120 to 40 a month" in maya
    assert "Activation within 7 days from 35% to 60%" not in maya  # Leo's
    assert "Team health check score stays above 7" in maya  # her own objective, whole
    assert PERSONAL in seen(await command(sessions, "U01MAYA", "mine", NOW))


async def test_shared_objective_visible_to_the_person_shared_with(sessions, org):
    assert PERSONAL not in seen(await command(sessions, "U01ANNA", "share", NOW))
    shared = await command(sessions, "U01MAYA", "share 1 @Anna de Vries", NOW)
    assert "Shared \"I grow the team into owning its roadmap\" with Anna de Vries" in seen(shared)
    assert "Anna de Vries" in seen(await command(sessions, "U01MAYA", "share", NOW))

    assert f"Maya Chen: {PERSONAL}" in seen(await command(sessions, "U01ANNA", "share", NOW))
    assert PERSONAL in await offered(sessions, "U01ANNA")
    assert PERSONAL not in await offered(sessions, "U01PRIYA")
    assert PERSONAL not in seen(await command(sessions, "U01ANNA", "team", NOW))  # still never in a channel view

    await command(sessions, "U01MAYA", "unshare roadmap @anna", NOW)
    assert PERSONAL not in seen(await command(sessions, "U01ANNA", "share", NOW))
    assert PERSONAL not in await offered(sessions, "U01ANNA")


async def test_share_explains_what_it_cannot_do(sessions, org):
    assert "geen persoonlijke objectives" in seen(await command(sessions, "U01ANNA", "share 1 @Maya", NOW))
    assert "anyone called \"Nobody\"" in seen(await command(sessions, "U01MAYA", "share 1 @Nobody", NOW))
    assert "always see your own" in seen(await command(sessions, "U01MAYA", "share 1 @Maya", NOW))
    assert "None of your personal objectives" in seen(await command(sessions, "U01MAYA", "share 7 @Leo", NOW))
    assert "Use: share 1 @NAME" in seen(await command(sessions, "U01MAYA", "share 1", NOW))


async def test_the_manager_of_record_sees_the_personal_objective_in_the_prep(sessions, org):
    await maya_checks_in_with_a_blocker(sessions)
    await command(sessions, "U01SARA", "1on1 @Maya weekly thu 14:00", NOW)
    async with sessions() as session:
        sara = await person_by_platform_id(session, platform_user_id="U01SARA")
        bram = await person_by_platform_id(session, platform_user_id="U01BRAM")
        [prep] = await preview_preps(session, manager=sara, now=NOW)
        others = await preview_preps(session, manager=bram, now=NOW)
    assert PERSONAL in seen(prep) and SECRET in seen(prep)
    assert all(PERSONAL not in seen(message) for message in others)


async def test_no_message_shows_a_personal_objective_outside_its_circle(sessions, org):
    """Every command, channel post and prep digest, as every person: Maya's personal objective and what she wrote
    on it reach only Maya and her manager Sara."""
    await maya_checks_in_with_a_blocker(sessions)
    async with transaction(sessions) as session:  # every manager meets every report, so each has a 1:1 digest
        for report in await all_people(session):
            if report.manager_id is not None:
                await set_one_on_one(session, manager_id=report.manager_id, report_id=report.id, weekday=3,
                                     local_time="14:00", every_weeks=1, anchor=date(2026, 10, 1), prep_minutes=120)
    seen_by: dict[str, str] = {}
    async with transaction(sessions) as session:
        period = await period_on(session, day=NOW.date())
        posts = [await preview_summary(session, team=team, now=NOW) for team in await teams(session)]
        posts += await preview_recap(session, period=period, now=NOW)
        assert {"summary", "recap", "org_recap"} <= {m.kind for m in posts if m is not None}
        for person in await all_people(session):
            outputs = [await handle_command(session, person=person, text=text, now=NOW)
                       for text in ("mine", "team", "share", "new", "checkin", "coach 1:1", "coach", "1on1")]
            outputs += await preview_preps(session, manager=person, now=NOW)
            seen_by[person.platform_user_id] = "\n".join(seen(m) for m in outputs)
    assert all(PERSONAL not in seen(m) and SECRET not in seen(m) for m in posts if m is not None)
    circle = {who for who, text in seen_by.items() if PERSONAL in text or "Team health check" in text}
    assert circle == {"U01MAYA", "U01SARA"}
    assert {who for who, text in seen_by.items() if SECRET in text} == {"U01SARA"}  # in the prep digest


# The rules themselves, on plain data: Sara (1) manages Maya (2), who manages Leo (3); Anna (4) is in Support (10).
MAYAS = Objective(id=1, ref="m", title=PERSONAL, level="person", period_id=1, owner_person_id=2)
ONBOARDING_OBJECTIVE = Objective(id=2, ref="o", title=ONBOARDING, level="team", period_id=1, owner_team_id=20)
CIRCLE = Circle(managers={2: 1, 3: 2, 4: None}, holders={1: {2}, 2: {3, 4}})


def test_a_skip_level_manager_does_not_see_a_personal_objective_unless_it_is_shared():
    leos = Objective(id=3, ref="l", title="I learn SQL", level="person", period_id=1, owner_person_id=3)
    assert may_see(2, leos, CIRCLE) and not may_see(1, leos, CIRCLE)  # Maya, not Sara above her
    assert may_see(1, leos, Circle(CIRCLE.managers, CIRCLE.holders, {3: {1}}))
    assert not may_see(3, MAYAS, CIRCLE) and may_see(1, MAYAS, CIRCLE)  # not her report; her manager
    assert may_see(4, ONBOARDING_OBJECTIVE, CIRCLE)  # a team's objective is everyone's


def test_blockers_follow_the_objective_not_the_writers_team():
    # Anna (Support) holds a key result of Product's objective: Product's channel reads her blocker there
    assert blocker_readers(ONBOARDING_OBJECTIVE, 4, CIRCLE) == Readers(frozenset({4}), frozenset({20}))
    assert blocker_readers(ONBOARDING_OBJECTIVE, 3, CIRCLE) == Readers(frozenset({3, 2}), frozenset({20}))
    assert blocker_readers(MAYAS, 2, CIRCLE) == Readers(frozenset({2, 1}))  # no channel for a personal one
    assert channel_objectives([MAYAS, ONBOARDING_OBJECTIVE], team_id=20) == [ONBOARDING_OBJECTIVE]


async def test_a_team_without_a_channel_is_not_named_as_a_reader(sessions, load_org):
    example = (ROOT / "examples" / "org.yaml").read_text(encoding="utf-8")
    await load_org(example.replace("    channel: C01SUPPORT\n", ""))
    nps = blocker_prompts(await command(sessions, "U01ANNA", "checkin", NOW))["NPS stijgt van 25 naar 45"]
    assert nps == "Loop je ergens tegenaan? (wie dit ziet: je leidinggevende Bram Bakker)"


async def test_who_reads_a_blocker_follows_a_renamed_manager_and_a_new_language(sessions, messenger, load_org):
    """The words for who reads a blocker are kept between check-ins (a tick words the same few audiences for
    thousands of key results); a manager's new name and Anna's new language still show in her next check-in."""
    example = (ROOT / "examples" / "org.yaml").read_text(encoding="utf-8")
    await load_org(example)
    await run_tick(sessions, messenger, KLANTENSERVICE_CHECKIN)
    [sent] = [m for m in messenger.to("U01ANNA") if m.kind == "checkin"]
    assert "je leidinggevende Bram Bakker" in blocker_prompts(sent)["NPS stijgt van 25 naar 45"]

    await load_org(example.replace("name: Bram Bakker", "name: Bram Visser"))
    nps = blocker_prompts(await command(sessions, "U01ANNA", "checkin", NOW))["NPS stijgt van 25 naar 45"]
    assert "je leidinggevende Bram Visser" in nps and "Bakker" not in nps

    await command(sessions, "U01ANNA", "lang en", NOW)
    nps = blocker_prompts(await command(sessions, "U01ANNA", "checkin", NOW))["NPS stijgt van 25 naar 45"]
    assert nps.startswith("Anything blocking you?") and "your manager Bram Visser" in nps
