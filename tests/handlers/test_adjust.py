"""Changing OKRs in chat while the period runs: who may, what it changes, and the history it leaves."""

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
from models import Team
from models.checkin_store import record_checkins
from models.db import transaction
from models.okr_history import changes_of
from models.okrs import KeyResult, Objective
from models.people_queries import period_by_name, person_by_platform_id
from models.report_queries import key_results_of
from tests.orgs import SMALL_ORG

NOW = datetime(2026, 11, 12, 10, tzinfo=UTC)


@pytest.fixture
async def org(load_org):
    await load_org(SMALL_ORG)


async def say(sessions, who: str, text: str):
    async with transaction(sessions) as session:
        person = await person_by_platform_id(session, platform_user_id=who)
        answer = await handle_command(session, person=person, text=text, now=NOW)
    return answer.kind, " ".join(str(getattr(b, "text", "") or getattr(b, "title", "")) for b in answer.blocks)


async def kr_named(sessions, ref_end: str) -> KeyResult:
    async with sessions() as session:
        krs = await key_results_of(session, objective_ids=[1, 2])
    return next(kr for kr in krs if kr.ref.endswith(ref_end))


async def key_results_of_period(sessions):
    async with sessions() as session:
        return await key_results_of(session, objective_ids=[1, 2])


async def history(sessions, objective_id: int = 1):
    async with sessions() as session:
        return [(c.what, c.before, c.after, c.reason, c.at) for c in
                (await changes_of(session, objective_ids=[objective_id])).get(objective_id, [])]


async def test_an_owner_lowers_a_target_in_dutch_and_the_reason_is_kept(sessions, org):
    nps = await kr_named(sessions, "nps")
    kind, text = await say(sessions, "U_ANNA", f"wijzig kr {nps.id} doel 40 omdat de markt kromp")
    assert kind == "adjust_done"
    assert text.startswith("Het doel van „NPS stijgt van 25 naar 45” is nu 40 (was 45)")
    assert (await kr_named(sessions, "nps")).target == 40
    assert await history(sessions) == [("target", "45", "40", "de markt kromp", NOW)]


async def test_every_field_of_a_key_result_can_change_in_english(sessions, org):
    nps = await kr_named(sessions, "nps")
    for text in (f"change kr {nps.id} baseline 27,5 because measured again", f"change kr {nps.id} unit points because"
                 " clearer", f"change kr {nps.id} kind stay_above because a floor", f"change kr {nps.id} owner @U_CARLA"
                 " because Anna moves", f"change kr {nps.id} title NPS of 40 or more because the kind changed"):
        assert (await say(sessions, "U_BRAM", text))[0] == "adjust_done", text
    changed = await kr_named(sessions, "nps")
    assert (changed.baseline, changed.unit, changed.kind, changed.owner_id, changed.title) == (
        27.5, "points", "stay_above", 3, "NPS of 40 or more")
    assert [(w, b, a) for w, b, a, _, _ in await history(sessions)] == [
        ("baseline", "25", "27.5"), ("unit", "NPS", "points"), ("kind", "increase", "stay_above"),
        ("owner", "Anna de Vries", "Carla Jansen"), ("title", "NPS stijgt van 25 naar 45", "NPS of 40 or more")]


async def test_a_reason_is_asked_for_when_missing_and_nothing_changes(sessions, org):
    nps = await kr_named(sessions, "nps")
    kind, text = await say(sessions, "U_ANNA", f"wijzig kr {nps.id} doel 40")
    assert kind == "adjust_reason" and "omdat" in text
    assert (await kr_named(sessions, "nps")).target == 45 and await history(sessions) == []


async def test_someone_outside_the_team_is_refused_kindly(sessions, org):
    kb = await kr_named(sessions, "kb")
    kind, text = await say(sessions, "U_BEN", f"change kr {kb.id} target 2 because why not")
    assert kind == "adjust_refused" and "not yours to change" in text
    kind, _ = await say(sessions, "U_BEN", "drop objective 1 because not mine")
    assert kind == "adjust_refused"
    # a team member who owns neither the key result nor leads the team may not change it either
    nps = await kr_named(sessions, "nps")
    assert (await say(sessions, "U_CARLA", f"wijzig kr {nps.id} doel 1 omdat"
                      " het kan"))[0] == "adjust_refused"
    assert await history(sessions) == []


async def test_an_objective_is_paused_resumed_and_dropped_with_its_reasons(sessions, org):
    assert (await say(sessions, "U_BRAM", "pauzeer objective 1 omdat de reorganisatie voorgaat"))[0] == "adjust_done"
    kind, text = await say(sessions, "U_BRAM", "pauzeer objective 1 omdat nogmaals")
    assert kind == "adjust_unchanged" and "staat op pauze" in text
    assert (await say(sessions, "U_BRAM", "hervat objective 1 omdat de reorganisatie klaar is"))[0] == "adjust_done"
    kind, text = await say(sessions, "U_BRAM", "laat objective 1 vallen omdat de klantgroep is verkocht")
    assert kind == "adjust_done" and "Loslaten is niet mislukken" in text
    async with sessions() as session:
        assert (await session.get(Objective, 1)).status == "dropped"
    assert [(w, b, r) for w, b, _, r, _ in await history(sessions)] == [
        ("paused", "active", "de reorganisatie voorgaat"), ("active", "paused", "de reorganisatie klaar is"),
        ("dropped", "active", "de klantgroep is verkocht")]


async def test_a_key_result_is_removed_but_its_history_stays(sessions, org):
    renewals = await kr_named(sessions, "renewals")
    kind, text = await say(sessions, "U_BEN", f"remove kr {renewals.id} because it double counts churn")
    assert kind == "adjust_done" and "Removed “Renewal rate from 70% to 85%”" in text
    async with sessions() as session:
        assert (await session.get(KeyResult, renewals.id)).archived_at == NOW
    assert [kr.ref for kr in await key_results_of_period(sessions)].count(renewals.ref) == 0
    assert (await say(sessions, "U_BEN", f"change kr {renewals.id} target 90 because"
                      " oops"))[0] == "adjust_unknown"


async def test_an_unreadable_edit_shows_how_to_type_it(sessions, org):
    kind, text = await say(sessions, "U_ANNA", "wijzig kr drie doel veertig omdat")
    assert kind == "adjust_usage" and "wijzig kr 3 doel 40" in text


async def test_a_paused_objective_is_not_checked_in_on_until_it_is_resumed(sessions, org):
    assert (await say(sessions, "U_BEN", "checkin"))[0] == "checkin"
    assert (await say(sessions, "U_BEN", "pause objective 2 because the team is rebuilding"))[0] == "adjust_done"
    kind, text = await say(sessions, "U_BEN", "checkin")
    assert kind != "checkin" and "2026-Q4" in text
    kind, text = await say(sessions, "U_BEN", "mine")
    assert "Customers choose us again" in text, "a paused objective still shows in one's own progress"
    assert (await say(sessions, "U_BEN", "resume objective 2 because rebuilt"))[0] == "adjust_done"
    assert (await say(sessions, "U_BEN", "checkin"))[0] == "checkin"


async def recap_text(sessions, team: str, locale: str) -> str:
    async with sessions() as session:
        period = await period_by_name(session, name="2026-Q4")
        snapshot = await load(session, period=period)
        team_id = (await session.execute(select(Team.id).where(Team.name == team))).scalar_one()
    message = recap_message(build_recap(snapshot, team_id=team_id), locale=locale, chart=None)
    return "\n".join(b.text for b in message.blocks if isinstance(b, Text))


async def test_the_recap_tells_each_change_with_its_day_and_reason(sessions, org):
    nps = await kr_named(sessions, "nps")
    await say(sessions, "U_ANNA", f"change kr {nps.id} target 40 because the market shrank")
    shown = await recap_text(sessions, "Support", "en")
    assert "Changed while the period ran:" in shown
    assert "• target lowered from 45 to 40 on 12 November: the market shrank" in shown
    assert "doel verlaagd van 45 naar 40 op 12 november: the market shrank" in await recap_text(sessions, "Support",
                                                                                               "nl")


async def test_a_dropped_objective_is_not_called_failed_in_the_recap(sessions, org):
    await say(sessions, "U_BEN", "drop objective 2 because the product line was sold")
    shown = await recap_text(sessions, "Sales", "en")
    assert "Dropped on 12 November, which is not failing it: the product line was sold" in shown
    assert "not delivered" not in shown.lower() and "• dropped on 12 November: the product line was sold" in shown


async def test_the_weekly_summary_mentions_the_changes_of_its_week_only(sessions, org):
    nps = await kr_named(sessions, "nps")
    await say(sessions, "U_ANNA", f"wijzig kr {nps.id} doel 40 omdat de markt kromp")
    async with sessions() as session:
        snapshot = await load(session, period=await period_by_name(session, name="2026-Q4"))
        team_id = (await session.execute(select(Team.id).where(Team.name == "Support"))).scalar_one()

    def shown(slot: str) -> list[str]:
        message = summary_message(build_summary(snapshot, team_id=team_id, slot=slot), locale="nl")
        return [b.text for b in message.blocks if isinstance(b, Text)]

    this_week = shown("2026-11-09")
    assert "Deze week gewijzigd" in this_week
    assert ("• „Onze klanten zijn fan van onze dienstverlening”: doel verlaagd van 45 naar 40 op 12 november: de markt"
            " kromp") in this_week
    assert "Deze week gewijzigd" not in shown("2026-11-02") + shown("2026-11-16")


async def test_a_checkin_keeps_the_definition_it_was_given_under(sessions, org):
    """NPS 40 checked in while the target was 45 stays 75% of the way; from the change to 40 on, 40 is 100%."""
    nps = await kr_named(sessions, "nps")
    async with transaction(sessions) as session:
        await record_checkins(session, person_id=nps.owner_id, period_id=1, slot="2026-11-02",
                              now=datetime(2026, 11, 2, 9, tzinfo=UTC), answers=[{
                                  "key_result_id": nps.id, "value": 40, "confidence": 6, "one_level_up": "",
                                  "blockers": ""}])
    await say(sessions, "U_ANNA", f"change kr {nps.id} target 40 because the market shrank")
    async with sessions() as session:
        snapshot = await load(session, period=await period_by_name(session, name="2026-Q4"))
    [fans] = [o for o in build_recap(snapshot, team_id=1).objectives if o.id == nps.objective_id]
    [path] = [kr for kr in fans.key_results if kr.id == nps.id]
    assert [p.progress for p in path.points] == [0.75]
    assert path.progress == 1.0 and path.target == 40
