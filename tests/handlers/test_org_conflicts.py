"""The organisation file and chat agree: a re-import keeps what chat changed since the file was saved and says so,
``prefer_file`` takes the file's values, and what an import changes is told in the OKR history."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from bot.import_text import summary_lines
from handlers.adjust_story import change_line
from handlers.commands import handle_command
from handlers.importer import import_org
from handlers.planning_drafts import agree, carry_over, new_draft, propose
from models.db import transaction
from models.okr_history import changes_of
from models.okr_store import create_objective
from models.okrs import KeyResult, Objective
from models.people import Period
from models.people_queries import person_by_platform_id
from models.webhooks import WebhookEvent
from tests.orgs import SMALL_ORG

CHATTED = datetime(2026, 11, 12, 10, tzinfo=UTC)
LATER = CHATTED + timedelta(days=1)
BEFORE_CHAT = CHATTED - timedelta(days=3)


@pytest.fixture
async def org(load_org):
    await load_org(SMALL_ORG)


async def say(sessions, who: str, text: str, at: datetime = CHATTED) -> str:
    async with transaction(sessions) as session:
        person = await person_by_platform_id(session, platform_user_id=who)
        return (await handle_command(session, person=person, text=text, now=at)).kind


async def reimport(sessions, text: str = SMALL_ORG, *, saved_at=BEFORE_CHAT, prefer_file=False):
    async with transaction(sessions) as session:
        return await import_org(session, text, now=LATER, saved_at=saved_at, prefer_file=prefer_file)


async def key_result(sessions, ref: str) -> KeyResult:
    async with sessions() as session:
        return (await session.execute(select(KeyResult).where(KeyResult.ref == ref))).scalar_one()


async def history(sessions, objective_id: int):
    async with sessions() as session:
        return [(c.what, c.before, c.after, c.reason, c.by_person_id) for c in
                (await changes_of(session, objective_ids=[objective_id])).get(objective_id, [])]


async def test_a_target_changed_in_chat_stays_and_the_conflict_is_told(sessions, org):
    nps = await key_result(sessions, "nps")
    assert await say(sessions, "U_ANNA", f"wijzig kr {nps.id} doel 40 omdat de markt kromp") == "adjust_done"

    summary = await reimport(sessions)

    assert (await key_result(sessions, "nps")).target == 40
    assert summary.changes.nothing
    assert summary_lines(summary)[1:] == [
        "Key result “NPS stijgt van 25 naar 45” target: file says 45, changed in chat to 40 on 12 Nov 2026 by "
        "Anna de Vries (“de markt kromp”); kept 40 — use --prefer file to take the file's"]
    assert [row[0] for row in await history(sessions, nps.objective_id)] == ["target"]  # the import wrote nothing


async def test_prefer_file_takes_the_files_value_and_the_history_tells_it(sessions, org):
    nps = await key_result(sessions, "nps")
    await say(sessions, "U_ANNA", f"wijzig kr {nps.id} doel 40 omdat de markt kromp")

    summary = await reimport(sessions, prefer_file=True)

    assert (await key_result(sessions, "nps")).target == 45
    assert summary_lines(summary)[-1].endswith("; took the file's 45 (--prefer file)")
    assert (await history(sessions, nps.objective_id))[-1] == ("target", "40", "45", "", None)
    again = await reimport(sessions)  # the file's value is now the last word: nothing to report
    assert again.changes.nothing and not again.changes.conflicts


async def test_a_file_saved_after_the_chat_change_wins_and_names_the_change_it_replaced(sessions, org):
    nps = await key_result(sessions, "nps")
    await say(sessions, "U_ANNA", f"wijzig kr {nps.id} doel 40 omdat de markt kromp")

    summary = await reimport(sessions, SMALL_ORG.replace("target: 45", "target: 50"), saved_at=CHATTED + timedelta(
        hours=2))

    assert (await key_result(sessions, "nps")).target == 50
    assert summary.changes.changed["key results"] == 1
    assert summary_lines(summary)[-1] == (
        "Key result “NPS stijgt van 25 naar 45” target: file says 50, changed in chat to 40 on 12 Nov 2026 by "
        "Anna de Vries (“de markt kromp”); took the file's 50 (the file was saved later)")
    assert not (await reimport(sessions, SMALL_ORG.replace("target: 45", "target: 50"))).changes.conflicts


async def test_a_file_without_a_save_time_is_older_than_chat(sessions, org):
    nps = await key_result(sessions, "nps")
    await say(sessions, "U_ANNA", f"wijzig kr {nps.id} doel 40 omdat de markt kromp")

    summary = await reimport(sessions, saved_at=None)

    assert (await key_result(sessions, "nps")).target == 40 and len(summary.changes.conflicts) == 1


async def test_fields_chat_did_not_touch_take_the_file_and_are_recorded(sessions, org):
    nps = await key_result(sessions, "nps")
    await say(sessions, "U_ANNA", f"wijzig kr {nps.id} doel 40 omdat de markt kromp")
    edited = SMALL_ORG.replace("kind: increase, baseline: 25", "kind: increase, baseline: 20")

    summary = await reimport(sessions, edited)

    row = await key_result(sessions, "nps")
    assert (row.baseline, row.target) == (20, 40)
    assert [c.field for c in summary.changes.conflicts] == ["target"]
    assert (await history(sessions, nps.objective_id))[-1] == ("baseline", "25", "20", "", None)


async def test_an_unchanged_store_and_file_report_no_conflict(sessions, org):
    summary = await reimport(sessions)

    assert summary.changes.nothing and not summary.changes.conflicts


async def test_a_key_result_removed_in_chat_stays_removed(sessions, org):
    renewals = await key_result(sessions, "renewals")
    assert await say(sessions, "U_BEN", f"remove kr {renewals.id} because it double counts churn") == "adjust_done"

    kept = await reimport(sessions)
    assert (await key_result(sessions, "renewals")).archived_at is not None
    assert summary_lines(kept)[-1] == (
        "Key result “Renewal rate from 70% to 85%”: the file lists it, removed in chat on 12 Nov 2026 by Ben Miller "
        "(“it double counts churn”); kept it removed — use --prefer file to bring it back")

    back = await reimport(sessions, prefer_file=True)
    assert (await key_result(sessions, "renewals")).archived_at is None
    assert back.changes.restored == ["Renewal rate from 70% to 85%"]
    assert (await history(sessions, renewals.objective_id))[-1] == ("added", "", "Renewal rate from 70% to 85%", "",
                                                                   None)


async def test_an_objective_paused_in_chat_keeps_its_status_against_the_file(sessions, org):
    assert await say(sessions, "U_BEN", "pause objective 2 because the team is rebuilding") == "adjust_done"
    with_status = SMALL_ORG.replace("    owner: Sales\n", "    owner: Sales\n    status: active\n")

    summary = await reimport(sessions, with_status)

    async with sessions() as session:
        assert (await session.get(Objective, 2)).status == "paused"
    assert [(c.kind, c.field, c.in_file, c.in_chat) for c in summary.changes.conflicts] == [
        ("objective", "status", "active", "paused")]
    saved_later = (await reimport(sessions, with_status, saved_at=LATER)).changes.conflicts
    assert [(c.kept, c.saved_later) for c in saved_later] == [(False, True)]
    async with sessions() as session:
        assert (await session.get(Objective, 2)).status == "active"
    assert (await history(sessions, 2))[-1] == ("active", "paused", "active", "", None)


async def test_a_key_result_left_out_of_the_file_is_removed_in_the_history(sessions, org):
    kb = await key_result(sessions, "kb")
    await reimport(sessions, SMALL_ORG.replace(
        "      - {id: kb, title: Kennisbank live, kind: milestone, owner: U_CARLA}\n", ""))

    assert (await history(sessions, kb.objective_id))[-1] == ("removed", "Kennisbank live", "", "", None)


async def test_objectives_made_in_chat_survive_a_reimport_that_does_not_list_them(sessions, org):
    async with transaction(sessions) as session:
        made = await create_objective(session, objective={"title": "Chat's own", "level": "person", "period_id": 1,
                                                           "owner_person_id": 1}, key_results=[
            {"owner_id": 1, "title": "Ten calls", "kind": "increase", "baseline": 0, "target": 10}])
        made_id = made.id

    summary = await reimport(sessions, SMALL_ORG.replace("    type: aspirational\n", ""))

    async with sessions() as session:
        kept = await session.get(Objective, made_id)
        krs = (await session.execute(select(KeyResult).where(KeyResult.objective_id == made_id))).scalars().all()
    assert kept.archived_at is None and [kr.archived_at for kr in krs] == [None]
    assert summary.changes.archived_objectives == [] and summary.changes.archived_key_results == []


async def test_what_an_import_changes_reaches_the_webhooks_and_the_recap_words(sessions, org):
    hooked = SMALL_ORG + "webhooks:\n  - {url: https://hooks.example.com/okr, secret_env: HOOK_SECRET}\n"
    await reimport(sessions, hooked)

    await reimport(sessions, hooked.replace("target: 45", "target: 50"), saved_at=LATER)

    async with sessions() as session:
        events = (await session.execute(select(WebhookEvent))).scalars().all()
        change = (await changes_of(session, objective_ids=[1]))[1][-1]
    assert [e.event for e in events] == ["key_result.changed"]
    body = json.loads(events[0].body)["data"]
    assert (body["change"], body["before"], body["after"]) == ("target", "45", "50")
    assert change_line(change, "en") == "target raised from 45 to 50 on 13 November: the organisation file changed it"
    assert change_line(change, "nl").endswith(": aangepast in het organisatiebestand")


NEXT_QUARTER = SMALL_ORG.replace(
    "  - {name: 2026-Q4, start: 2026-10-01, end: 2026-12-31}\n",
    "  - {name: 2026-Q4, start: 2026-10-01, end: 2026-12-31}\n  - {name: 2027-Q1, start: 2027-01-01, end: 2027-03-31}\n"
) + """  - id: sales-next
    objective: Customers choose us first
    level: team
    owner: Sales
    period: 2027-Q1
    key_results:
      - {title: Win rate from 20% to 30%, baseline: 20, target: 30, unit: "%", owner: U_BEN}
"""


async def test_the_planning_rounds_drafts_and_agreed_okrs_survive_a_file_that_plans_their_period(sessions, load_org):
    await load_org(NEXT_QUARTER)
    async with transaction(sessions) as session:
        bram = await person_by_platform_id(session, platform_user_id="U_BRAM")
        ending, next_period = (await session.execute(select(Period).order_by(Period.start))).scalars().all()
        krs = (await session.execute(select(KeyResult).where(KeyResult.objective_id == 1))).scalars().all()
        rnd = SimpleNamespace(ending=ending, next=next_period, key_results={1: krs})  # what the drafts read of a Round
        carried = await carry_over(session, rnd=rnd, objective=await session.get(Objective, 1), person=bram,
                                   now=CHATTED)
        drafted = await new_draft(session, rnd=rnd, title="Eigen kanaal", level="team", person=bram, team_id=1,
                                  now=CHATTED)
        await propose(session, draft=drafted, person=bram, title="Kanaal live", kind="milestone", baseline=0,
                      target=1, unit="", now=CHATTED)
        await agree(session, drafts=[carried], person=bram, now=CHATTED)
        made = (carried.id, drafted.id)

    summary = await reimport(sessions, NEXT_QUARTER, saved_at=LATER)

    async with sessions() as session:
        kept = [await session.get(Objective, i) for i in made]
        archived_krs = (await session.execute(select(KeyResult).where(
            KeyResult.objective_id.in_(made), KeyResult.archived_at.is_not(None)))).scalars().all()
    assert [(o.status, o.archived_at) for o in kept] == [("active", None), ("draft", None)]
    assert archived_krs == []
    assert summary.changes.nothing and not summary.changes.archived_objectives


async def test_a_key_result_the_file_adds_to_an_objective_is_told_in_its_history(sessions, org):
    faq = "      - {id: faq, title: FAQ bijgewerkt, kind: milestone, owner: U_CARLA}\n"
    more = SMALL_ORG.replace("      - {id: kb,", faq + "      - {id: kb,")

    summary = await reimport(sessions, more)

    assert summary.changes.added["key results"] == 1
    assert (await history(sessions, 1)) == [("added", "", "FAQ bijgewerkt", "", None)]
