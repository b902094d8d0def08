"""The line under each page of the demo that says who received it, in the language of the message it is about."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.messages import Message, Text
from handlers.ports import Recipient
from prompts import t

NOBODY = "→ sent to nobody: the demo's own overview of the quarter"


def dm(recipient: Recipient, message: Message, *, reports: Iterable[str] = ()) -> str:
    """A DM; a manager's prep digest names the report it is about (one of ``reports``, found in its heading)."""
    about = next((name for name in reports if name in _heading(message)), None)
    if about:
        return t(message.locale, "demo.dm_manager", name=recipient.name, report=about)
    return t(message.locale, "demo.dm", name=recipient.name)


def reply(name: str, locale: str) -> str:
    """The bot's answer to something one person typed or submitted."""
    return t(locale, "demo.reply", name=name)


def only(name: str, locale: str) -> str:
    return t(locale, "demo.only", name=name)


def posted(channel: str, locale: str, teams: Mapping[str, str]) -> str:
    """A channel post; ``teams`` maps a team's channel to its name, any other channel is the organisation's."""
    if channel in teams:
        return t(locale, "demo.posted", channel=channel, team=teams[channel])
    return t(locale, "demo.posted_org", channel=channel)


def on_request(team: str, locale: str) -> str:
    return t(locale, "demo.on_request", team=team)


def _heading(message: Message) -> str:
    return next((block.text for block in message.blocks if isinstance(block, Text)), "")
