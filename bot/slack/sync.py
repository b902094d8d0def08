"""``okrbot slack sync``: names, time zones, languages and away statuses of known people from ``users.list``.

Paged with Slack's cursor, 200 members a page; a 429 waits ``Retry-After`` (slack-sdk's retry handler) and the
sync carries on where it was.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from slack_sdk.errors import SlackApiError

from bot.settings import Settings
from bot.slack.pacing import Sleep
from bot.slack.runtime import PLATFORM
from bot.slack.status import presence
from bot.slack.workspaces import Workspace
from handlers.presence import apply_profile, follow_absence
from models.db import SessionFactory, transaction
from models.presence import people_by_platform_ids
from models.slack_store import remember_members

PAGE = 200


@dataclass
class SyncReport:
    workspaces: int = 0
    members: int = 0
    known: int = 0
    updated: int = 0

    def __str__(self) -> str:
        return (f"synced {self.workspaces} Slack workspace(s): {self.members} members, {self.known} of them known "
                f"to okrbot, {self.updated} updated")


class SyncFailed(Exception):
    pass


async def sync_people(settings: Settings, sessions: SessionFactory, clock: Callable[[], datetime], *,
                      sleep: Sleep = asyncio.sleep) -> SyncReport:
    from bot.slack import make_workspaces

    report = SyncReport()
    for workspace in await make_workspaces(settings, sessions, clock, sleep=sleep).running():
        report.workspaces += 1
        await _sync_workspace(workspace, sessions, clock, report)
    return report


async def _sync_workspace(workspace: Workspace, sessions: SessionFactory, clock, report: SyncReport) -> None:
    cursor = ""
    while True:
        try:
            page = await workspace.client.users_list(limit=PAGE, cursor=cursor or None, include_locale=True)
        except SlackApiError as error:
            raise SyncFailed(f"users.list in {workspace.team_id}: {error.response.get('error')}") from None
        members = [m for m in page.get("members", []) if not m.get("is_bot") and m.get("id") != "USLACKBOT"]
        report.members += len(members)
        await _apply(members, workspace.team_id, sessions, clock(), report)
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or ""
        if not cursor:
            return


async def _apply(members: list[dict], team_id: str, sessions: SessionFactory, now: datetime,
                 report: SyncReport) -> None:
    async with transaction(sessions) as session:
        await remember_members(session, team_id=team_id, user_ids=[m["id"] for m in members])
        known = await people_by_platform_ids(session, platform=PLATFORM, platform_user_ids=[m["id"] for m in members])
        for member in members:
            person = known.get(member["id"])
            if person is None or member.get("deleted"):
                continue
            report.known += 1
            profile = member.get("profile") or {}
            changed = apply_profile(person, name=profile.get("real_name") or member.get("real_name"),
                                    tz=member.get("tz"), locale=member.get("locale"))
            status = presence(profile, person.tz, now)
            moved = await follow_absence(session, person=person, source="status", away=status.away,
                                         last_day=status.until, now=now)
            session.add(person)
            report.updated += changed or moved
