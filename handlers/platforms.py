"""Which chat platform a person is reached on, when the organisation file does not say.

A file written for Teams lists people by their Teams ids or e-mail addresses and often has no ``platform:`` field; a
file written for Slack lists Slack member ids. A person's platform therefore follows, in this order: what the file
says, what the store already knows (a person who has been recognised on Teams stays there), an id that can only be a
Teams id, and the platform this installation serves (only Teams configured: Teams people).
"""

from __future__ import annotations

TEAMS_ID_PREFIXES = ("29:", "8:orgid:")  # Bot Framework user ids and Teams' own user MRIs


def home_platform(*, slack: bool, teams: bool) -> str:
    """The platform people are on unless the file or the store says otherwise."""
    return "teams" if teams and not slack else "slack"


def platform_of(*, listed: str | None, known: str | None, user_id: str, default: str) -> str:
    if listed:
        return listed
    if known:
        return known
    if user_id.startswith(TEAMS_ID_PREFIXES):
        return "teams"
    return default
