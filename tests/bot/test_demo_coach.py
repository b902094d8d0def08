"""The demo's coach page works offline: a draft for a Dutch speaker, 1:1 questions for a manager."""

from __future__ import annotations

from bot.demo_coach import coach_example
from models import Period
from tests.orgs import SMALL_ORG


async def test_the_demo_shows_a_template_draft_and_a_managers_1on1_questions(sessions, load_org):
    await load_org(SMALL_ORG)
    async with sessions() as session:
        period = await session.get(Period, 1)
    title, body = await coach_example(sessions, period)
    assert title.startswith("The coach, offline (no AI model)")
    assert "Anna de Vries: coach onze klanten wachten te lang op een antwoord" in body
    assert "Objective: Klanten krijgen hulp op het moment dat ze die nodig hebben" in body
    assert "Bram Bakker: coach 1:1" in body
    assert "Vragen voor je volgende 1-op-1's — 2026-Q4" in body
    # nothing was ever sent in this store: no key result is said to lack check-ins
    assert "• okrbot heeft nog niet naar „NPS stijgt van 25 naar 45” gevraagd." in body
    assert "Er zijn nog geen check-ins" not in body
    assert "okrbot heeft er nog niet naar gevraagd, dus deze 1-op-1 is de eerste check-in." in body
