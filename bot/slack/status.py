"""A Slack status that means "away": the built-in Vacationing and Out sick statuses. Pure functions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from scheduler.cadence import local_now

AWAY_EMOJI = (":palm_tree:", ":face_with_thermometer:")
AWAY_TEXTS = ("vacationing", "out sick", "on vacation", "op vakantie", "ziek", "ziek thuis")


@dataclass(frozen=True)
class Presence:
    away: bool
    until: date | None = None  # the last away day in the person's calendar; None when the status names no end


def presence(profile: Mapping, tz: str, now: datetime) -> Presence:
    """What a profile's status says: away (until the local day before the status expires), or not."""
    emoji = str(profile.get("status_emoji") or "")
    text = str(profile.get("status_text") or "").strip().lower()
    if emoji not in AWAY_EMOJI and text not in AWAY_TEXTS:
        return Presence(False)
    try:
        expiration = int(profile.get("status_expiration") or 0)
    except (TypeError, ValueError):
        expiration = 0
    if expiration <= 0:
        return Presence(True)
    if expiration <= now.timestamp():
        return Presence(False)
    # A status that ends at midnight means back that day: the last away day is the one before.
    last_moment = datetime.fromtimestamp(expiration - 1, UTC)
    try:
        return Presence(True, local_now(tz, last_moment).date())
    except ValueError:
        return Presence(True, last_moment.date())
