"""The demo's coach page: what ``coach TEXT`` and ``coach 1:1`` answer without any AI model."""

from __future__ import annotations

from datetime import UTC, datetime, time

from bot import demo_audience
from bot.console_render import render
from handlers.commands import handle_command
from models import Period
from models.coach_queries import direct_reports
from models.db import SessionFactory, transaction
from models.people_queries import all_people

TITLE = "The coach, offline (no AI model): a draft OKR from a frustration, and questions for a manager's 1:1s"
FRUSTRATION = {"nl": "onze klanten wachten te lang op een antwoord", "en": "our customers wait too long for an answer"}


async def coach_example(sessions: SessionFactory, period: Period) -> tuple[str, str]:
    """The section title and body: one person's draft (as the form shows it before its questions), one manager's
    questions for their next 1:1s at the end of the period."""
    now = datetime.combine(period.end, time(12), UTC)
    parts = []
    async with transaction(sessions) as session:
        people = await all_people(session)
        writer = next((p for p in people if p.locale == "nl"), people[0])
        draft = await handle_command(session, person=writer, text=f"coach {FRUSTRATION[writer.locale]}", now=now)
        parts.append(f"{writer.name}: coach {FRUSTRATION[writer.locale]}\n\n{render(draft, questions=False)}\n"
                     + demo_audience.reply(writer.name, draft.locale))
        for manager in people:
            if await direct_reports(session, manager_id=manager.id):
                prep = await handle_command(session, person=manager, text="coach 1:1", now=now)
                parts.append(f"{manager.name}: coach 1:1\n\n{render(prep)}\n"
                             + demo_audience.reply(manager.name, prep.locale))
                break
    return TITLE, "\n\n".join(parts)
