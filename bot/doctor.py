"""``okrbot doctor``: can the bot reach everyone it is meant to talk to? Per platform: how many people, whether the
platform is configured, and on Teams who can't be reached yet (never seen, or blocked the app) and which team
channels the app is missing from. Nothing is sent; only the store and the settings are read."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.settings import Settings
from models.db import SessionFactory
from models.reachability import people_per_platform
from models.teams_store import unreachable_channels, unreachable_people

CONFIGURED_BY = {"slack": "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET", "teams": "MICROSOFT_APP_ID (or TEAMS_LOCAL=1)"}
WHY = {
    "never seen": "never seen in Teams: ask them to open okrbot in Teams, or add the app to a team they are in",
    "blocked": "blocked or removed the app: nothing is sent until they open okrbot again",
}


@dataclass
class Diagnosis:
    lines: list[str] = field(default_factory=list)
    problems: int = 0

    def problem(self, line: str) -> None:
        self.lines.append(f"  ✗ {line}")
        self.problems += 1


async def diagnose(settings: Settings, sessions: SessionFactory) -> Diagnosis:
    enabled = {"slack": settings.slack_enabled, "teams": settings.teams_enabled, "console": True}
    async with sessions() as session:
        counts = await people_per_platform(session)
        people = await unreachable_people(session) if counts.get("teams") else []
        channels = await unreachable_channels(session) if settings.teams_enabled else []
    found = Diagnosis()
    served = [name for name, on in enabled.items() if on and name != "console"]
    found.lines.append(f"platforms configured: {', '.join(served) or 'none (the console only)'}")
    if settings.teams_local:
        found.problem("TEAMS_LOCAL is on: Teams requests are not authenticated. For local testing only.")
    for platform, count in sorted(counts.items()):
        found.lines.append(f"{platform}: {count} {'person' if count == 1 else 'people'}")
        if not enabled.get(platform, False):
            found.problem(f"{platform} is not configured ({CONFIGURED_BY.get(platform, 'unknown platform')}): "
                          "their messages are only printed on the terminal")
    for gap in people:
        found.problem(f"{gap.person.name} ({gap.person.platform_user_id}): {WHY[gap.reason]}")
    for team in channels:
        found.problem(f"team {team.name}: okrbot is not in the Teams team of channel {team.channel}; "
                      "add the app to that team for its channel posts")
    if not found.problems:
        found.lines.append("everyone can be reached")
    return found
