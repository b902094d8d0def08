"""Before sending again what a dead process may have sent: asking the edge whether it arrived.

An edge that can tell implements ``DeliveryCheck`` (handlers/ports.py); one that can't, or a check that fails,
answers "unknown", and the message is sent again: a lost check-in is worse than a doubled one.
"""

from __future__ import annotations

import logging

from bot.messages import Message
from handlers.ports import DeliveryFailed, Messenger, Recipient

log = logging.getLogger(__name__)


async def arrived(messenger: Messenger, recipient: Recipient, message: Message) -> bool:
    """True only when the edge says ``message`` is in the recipient's direct messages already."""
    check = getattr(messenger, "was_delivered", None)
    if check is None:
        return False
    try:
        found = await check(recipient, message)
    except DeliveryFailed as error:
        log.warning("could not tell whether %s reached person %s (%s): sending it", message.ref,
                    recipient.person_id, error)
        return False
    return found is True


async def posted(messenger: Messenger, channel: str, message: Message) -> bool:
    """True only when the edge says ``message`` is in ``channel`` already."""
    check = getattr(messenger, "was_posted", None)
    if check is None:
        return False
    try:
        found = await check(channel, message)
    except DeliveryFailed as error:
        log.warning("could not tell whether %s is in %s (%s): posting it", message.ref, channel, error)
        return False
    return found is True
