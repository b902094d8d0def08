"""Sends each message through the edge of the recipient's platform."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.messages import Message
from handlers.ports import Messenger, Recipient


@dataclass(frozen=True)
class RouterMessenger:
    """``edges`` by platform name; a recipient on a platform without an edge goes to ``fallback``.

    Team channels go to ``channels`` (the chat platform the teams live on) or else to ``fallback``.
    """

    edges: Mapping[str, Messenger]
    fallback: Messenger
    channels: Messenger | None = None

    async def send(self, recipient: Recipient, message: Message) -> None:
        await self.edges.get(recipient.platform, self.fallback).send(recipient, message)

    async def post(self, channel: str, message: Message) -> str | None:
        return await self._channels.post(channel, message)

    async def update(self, channel: str, handle: str, message: Message) -> None:
        await self._channels.update(channel, handle, message)

    async def was_delivered(self, recipient: Recipient, message: Message) -> bool | None:
        """The recipient's edge tells, if it can (handlers/ports.py ``DeliveryCheck``); None: it can't."""
        check = getattr(self.edges.get(recipient.platform, self.fallback), "was_delivered", None)
        return None if check is None else await check(recipient, message)

    async def was_posted(self, channel: str, message: Message) -> bool | None:
        check = getattr(self._channels, "was_posted", None)
        return None if check is None else await check(channel, message)

    @property
    def _channels(self) -> Messenger:
        return self.channels or self.fallback
