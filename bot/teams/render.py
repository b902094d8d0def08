"""Neutral messages as Bot Framework activities: a plain chat message for a short notice, an Adaptive Card for
anything with key results, questions or actions. Pure."""

from __future__ import annotations

from botbuilder.schema import Activity, ActivityTypes, Attachment

from bot.messages import Message, Text
from bot.teams.cards import CONTENT_TYPE, adaptive_card, is_plain, plain_text


def outgoing(message: Message, *, as_card: bool = False, replaces: str | None = None) -> Activity:
    """The activity for ``message``; ``as_card`` forces a card (a card replaced in place stays a card) and
    ``replaces`` is the id of the activity it updates."""
    if is_plain(message) and not as_card:
        activity = Activity(type=ActivityTypes.message, text=plain_text(message), text_format="markdown")
    else:
        attachment = Attachment(content_type=CONTENT_TYPE, content=adaptive_card(message))
        activity = Activity(type=ActivityTypes.message, attachments=[attachment], summary=summary(message))
    if replaces:
        activity.id = replaces
    return activity


def summary(message: Message) -> str:
    """What a notification shows of a card: its first line."""
    first = next((b.text for b in message.blocks if isinstance(b, Text)), message.kind)
    return first.split("\n")[0][:200]


def copy_activity(activity: Activity) -> Activity:
    """A fresh activity per attempt: sending fills in ids and addresses on the object it is given."""
    return Activity().deserialize(activity.serialize())
