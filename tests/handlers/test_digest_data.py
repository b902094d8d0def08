"""The period snapshot digests are built from: one read, and only what each reader may see."""

from __future__ import annotations

from sqlalchemy import event, select

from handlers.digest_data import load
from models import Period, Person
from tests.digest_quarter import PERSONAL_REFLECTION, TEAM_LEARNING, play_quarter


async def _snapshot(sessions, person_ids=None):
    async with sessions() as session:
        period = (await session.execute(select(Period))).scalar_one()
        return await load(session, period=period, person_ids=person_ids)


async def test_the_snapshot_carries_every_signal_of_the_quarter(sessions, load_org):
    await play_quarter(sessions, load_org)
    snapshot = await _snapshot(sessions)
    anna = next(p for p in snapshot.people.values() if p.platform_user_id == "U_ANNA")
    reports = snapshot.reports(snapshot.objectives_of_person(anna.id))
    krs = {kr.title.split()[0]: kr for report in reports for kr in report.key_results}
    assert krs["NPS"].confidence_dropped and krs["Eerste"].stalled and krs["API-tickets"].confident_but_not_moving
    assert [r.text for r in snapshot.open_risks] == ["De enquêtetool komt te laat"]
    texts = [text for r in snapshot.development[anna.id] for _, _, text in r.answers]
    assert "Ik zie geen volgende stap" in texts and not any("ANNA-OLD-MANAGER" in t for t in texts)
    learnings = [r.text for answers in snapshot.reflections.values() for r in answers]
    assert TEAM_LEARNING in learnings and PERSONAL_REFLECTION not in learnings  # team-owned objectives only


async def test_reading_a_period_costs_the_same_few_queries_for_one_person_or_everyone(engine, sessions, load_org):
    await play_quarter(sessions, load_org)
    statements: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    everyone = await _snapshot(sessions)
    read_all, statements[:] = len(statements), []
    async with sessions() as session:
        anna = (await session.execute(select(Person).where(Person.platform_user_id == "U_ANNA"))).scalar_one()
    statements[:] = []
    one = await _snapshot(sessions, person_ids=[anna.id])
    # 4: what reached whom (handlers/facts.py); 1: the OKR changes; 1: the planning settings (the goal-setting 1:1)
    assert len(statements) <= read_all + 1 <= 20
    assert [t.name for t in one.teams.values()] == ["Support"]  # Anna's team, whole: its summary needs everyone
    assert {p.platform_user_id for p in one.people.values()} == {"U_BRAM", "U_ANNA", "U_CARLA", "U_DAAN"}
    assert len(everyone.people) == 6
