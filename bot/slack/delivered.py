"""Telling whether a message the tick sent is in Slack already: each such message carries its ``ref`` (the
delivery or channel post it was sent for) as message metadata, and a take-over looks for it in recent history.

Only the newest ``HISTORY_PAGE`` messages are read: a take-over comes minutes after the send it checks, when the
message it looks for is among the last few of that conversation.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.messages import Message

EVENT_TYPE = "okrbot_delivery"
HISTORY_PAGE = 200

Call = Callable[..., Awaitable[dict]]


def metadata(message: Message) -> dict | None:
    """What the first page of ``message`` carries so it can be found again; None for a message of no delivery."""
    return {"event_type": EVENT_TYPE, "event_payload": {"ref": message.ref}} if message.ref else None


async def dm_holds(call: Call, user_id: str, message: Message) -> bool:
    """Whether the direct messages of ``user_id`` with the app hold ``message`` (conversations.open names them)."""
    opened = await call("conversations_open", users=user_id)
    return await channel_holds(call, opened["channel"]["id"], message)


async def channel_holds(call: Call, channel: str, message: Message) -> bool:
    history = await call("conversations_history", channel=channel, limit=HISTORY_PAGE, include_all_metadata=True)
    return any(_ref_of(found) == message.ref for found in history.get("messages") or [])


def _ref_of(found: dict) -> str | None:
    meta = found.get("metadata") or {}
    if meta.get("event_type") != EVENT_TYPE:
        return None
    return (meta.get("event_payload") or {}).get("ref")
