"""Test doubles for the ports the core owns."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.messages import Message
from handlers.ports import DeliveryFailed, Recipient


class Crash(BaseException):
    """Stands for the process dying in the middle of a send: like a kill, nothing in the process catches it."""


@dataclass
class RecordingMessenger:
    """Keeps every message; can refuse some recipients or crash after a number of sends."""

    sent: list[tuple[Recipient, Message]] = field(default_factory=list)
    posts: list[tuple[str, Message]] = field(default_factory=list)
    unreachable: set[str] = field(default_factory=set)
    crash_after: int | None = None

    async def send(self, recipient: Recipient, message: Message) -> None:
        if self.crash_after is not None and len(self.sent) >= self.crash_after:
            raise Crash("killed between claim and send")
        if recipient.platform_user_id in self.unreachable:
            raise DeliveryFailed("unreachable")
        self.sent.append((recipient, message))

    updates: list[tuple[str, str, Message]] = field(default_factory=list)
    closed_channels: set[str] = field(default_factory=set)

    async def post(self, channel: str, message: Message) -> str | None:
        if channel in self.closed_channels:
            raise DeliveryFailed("channel_not_found")
        self.posts.append((channel, message))
        return f"{channel}/{len(self.posts)}"

    async def update(self, channel: str, handle: str, message: Message) -> None:
        self.updates.append((channel, handle, message))

    def posted_in(self, channel: str) -> list[Message]:
        return [m for c, m in self.posts if c == channel]

    def to(self, user_id: str) -> list[Message]:
        return [m for r, m in self.sent if r.platform_user_id == user_id]

    def kinds_to(self, user_id: str) -> list[str]:
        return [m.kind for m in self.to(user_id)]
