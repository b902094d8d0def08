"""The ports the core talks through; the edges implement them, tests pass recording fakes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.messages import Message


@dataclass(frozen=True)
class Recipient:
    """Who a message goes to, in the terms an edge needs to reach them."""

    person_id: int
    platform: str
    platform_user_id: str
    name: str
    locale: str


class DeliveryFailed(Exception):
    """An edge could not deliver to one recipient now; the delivery is retried after its lease."""


class Messenger(Protocol):
    async def send(self, recipient: Recipient, message: Message) -> None:
        """Deliver a direct message; raise DeliveryFailed when this one recipient can't be reached now."""

    async def post(self, channel: str, message: Message) -> None:
        """Post to a team channel."""
