"""The planning round in the terminal: the invitation the tick sent, then the choice typed in Dutch."""

from __future__ import annotations

from sqlalchemy import select

from models import KeyResult
from models.db import transaction
from scheduler.tick import tick
from tests.bot.test_console import Script, chat
from tests.scheduler.test_planning_round import ORG, at


async def test_the_owner_reads_the_invitation_and_carries_an_objective_over_in_dutch(sessions, load_org):
    await load_org(ORG)
    async with transaction(sessions) as session:
        for kr in (await session.execute(select(KeyResult))).scalars():
            kr.current = kr.target if kr.title == "NPS" else kr.current
    now = at("2026-12-17", 9)
    script = Script("lang nl", "plannen meenemen 1", "plannen meenemen 1", "quit")
    conversation = chat(sessions, script, person="U_CEO", now=now)
    await tick(sessions=sessions, messenger=conversation.messenger, now=now)
    await conversation.run()
    assert "Hi Cleo, 2027-Q1 starts 1 January" in script.text
    assert "plan carry 1 · plan rework 1 · plan close 1" in script.text
    assert "„Customers love our product” is meegenomen" in script.text
    assert "d1. „Customers love our product” (concept)" in script.text
    assert "Churn: 8% → 4%" in script.text  # not reached, so carried over; NPS was reached
    assert "NPS:" not in script.text.split("is meegenomen")[1]
    assert "Je hebt al gekozen voor „Customers love our product”." in script.text
