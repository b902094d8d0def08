"""``okrbot digest|summary|recap``: a manager's 1:1 prep, a team's summary or a period's recaps, in the terminal.

Nothing is sent or recorded: each preview reads the store as it stood at the given instant, builds the messages the
tick would send, writes their charts to the chart folder and returns them as text (bot/cli.py prints it).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from bot.console_render import render
from bot.messages import Message
from bot.terminal import save_charts
from handlers.ports import AiClient
from handlers.post_outbox import preview_recap, preview_summary
from handlers.prep_outbox import preview_preps
from models.db import SessionFactory
from models.one_on_one_store import one_on_ones_of
from models.org_queries import teams_by_name
from models.people_queries import period_by_name, period_on, person_by_platform_id
from models.report_queries import objectives_of_team


class NothingToShow(LookupError):
    """What to preview does not exist or has nothing to say; the text says which and why."""


async def prep_digests(sessions: SessionFactory, *, manager: str, now: datetime, locale: str | None,
                       ai: AiClient | None, chart_dir: Path) -> str:
    """The prep digest of each 1:1 of the manager with chat id ``manager``, at its next meeting after ``now``; in
    ``locale`` when given, else the manager's own language."""
    async with sessions() as session:
        person = await person_by_platform_id(session, platform_user_id=manager)
        if person is None:
            raise NothingToShow(f"no person with id {manager!r}")
        if not await one_on_ones_of(session, manager_id=person.id):
            from bot.cli_text import say

            raise NothingToShow(say("no_one_on_ones", name=person.name, id=person.platform_user_id))
        messages = await preview_preps(session, manager=person, now=now, ai=ai, locale=locale)
    if not messages:
        raise NothingToShow(f"no 1:1 prep for {person.name} at {now.isoformat()}: no period runs then, or nobody "
                            "they meet still reports to them")
    return pages(messages, chart_dir)


async def team_summary(sessions: SessionFactory, *, team: str, now: datetime, chart_dir: Path,
                       ai: AiClient | None = None) -> str:
    """The summary of the team named ``team`` for its latest check-in before ``now``."""
    async with sessions() as session:
        found = (await teams_by_name(session, names=[team])).get(team)
        if found is None:
            raise NothingToShow(f"no team named {team!r}")
        period = await period_on(session, day=now.date())
        if period is None:
            raise NothingToShow(f"no period runs on {now.date().isoformat()}")
        if not await objectives_of_team(session, team_id=found.id, period_id=period.id):
            raise NothingToShow(f"{found.name} has no objectives in {period.name}")
        message = await preview_summary(session, team=found, now=now, ai=ai)
    if message is None:
        raise NothingToShow(f"nothing to summarise for {found.name} at {now.isoformat()}: no check-in of "
                            f"{period.name} has started yet, it reached nobody in the team, or the team owns no "
                            "objectives itself")
    return pages([message], chart_dir)


async def recaps(sessions: SessionFactory, *, period: str, now: datetime, chart_dir: Path,
                 ai: AiClient | None = None) -> str:
    """Every team's recap of the period named ``period``, then the organisation's, with their charts written."""
    async with sessions() as session:
        found = await period_by_name(session, name=period)
        if found is None:
            raise NothingToShow(f"no period named {period!r}")
        messages = await preview_recap(session, period=found, now=now, ai=ai)
    if not messages:
        raise NothingToShow(f"nothing to recap in {found.name}: it has no objectives")
    return pages(messages, chart_dir)


def pages(messages: Sequence[Message], chart_dir: Path) -> str:
    """The messages as text, one after the other; each chart is written to ``chart_dir`` and named by its path."""
    return "\n\n".join(render(message, charts=save_charts(message, chart_dir)) for message in messages)
