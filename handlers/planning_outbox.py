"""The planning round's messages for claimed deliveries and channel posts: invitations, reminders, notices."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message
from handlers.planning_message import channel_notice, overview, reminder
from handlers.planning_round import agreer_of, round_of
from models import Period, Person
from models.planning_roster import drafts_of
from models.planning_store import settings, team_leads, teams_with_members
from prompts import t
from prompts.formatting import day_in_words


async def person_message(session: AsyncSession, *, kind: str, slot: str, person: Person, period: Period,
                         now: datetime) -> Message | None:
    """The invitation (``plan_org``, ``plan_team``) or the start's reminder (``plan_reminder``); None when nothing
    is left to say (every draft was agreed in the meantime)."""
    if kind == "plan_reminder":
        return await _reminder(session, person, period)
    rnd = await round_of(session, person=person, now=now)
    if rnd is None or rnd.next.id != period.id:
        return None
    params = {"name": person.name.split()[0], "period": period.name,
              "start": day_in_words(person.locale, period.start)}
    if kind == "plan_team":
        team_id = int(slot.split(":")[1])
        team = next((team for team, _ in await teams_with_members(session) if team.id == team_id), None)
        params["team"] = team.name if team else ""
    return overview(person.locale, rnd, intro=t(person.locale, f"planning.invite_{kind[5:]}", **params),
                    kind=kind)


async def _reminder(session: AsyncSession, person: Person, period: Period) -> Message | None:
    drafts = await drafts_of(session, period_id=period.id)
    _, teams = await settings(session)
    rosters = await teams_with_members(session)
    led = team_leads(rosters, teams)
    managers = {p.id: p.manager_id for _, people in rosters for p in people}
    titles = [d.title for d in drafts if person.id in {
        d.owner_person_id if d.owner_team_id is None else led.get(d.owner_team_id), agreer_of(d, led, managers)}]
    return reminder(person.locale, period.name, titles) if titles else None


async def team_notice(session: AsyncSession, *, team_id: int, period: Period) -> Message | None:
    """Which of the team's objectives are still drafts, by title only: no names of people."""
    team = next((team for team, _ in await teams_with_members(session) if team.id == team_id), None)
    titles = [d.title for d in await drafts_of(session, period_id=period.id) if d.owner_team_id == team_id]
    return channel_notice(team.locale, period.name, titles) if team and titles else None
