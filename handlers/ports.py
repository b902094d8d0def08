"""The ports the core talks through; the edges implement them, tests pass recording fakes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

from pydantic import BaseModel

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

    async def post(self, channel: str, message: Message) -> str | None:
        """Post to a team channel. Returns a handle naming the post for ``update`` (None: it can't be edited);
        raise DeliveryFailed when the channel can't be reached now."""

    async def update(self, channel: str, handle: str, message: Message) -> None:
        """Show ``message`` in place of the post ``handle`` names (a summary after a late answer)."""


class DeliveryCheck(Protocol):
    """What an edge may also offer: telling whether a message the tick sent (named by ``Message.ref``) arrived.

    A take-over asks it before sending a claim whose sender died mid-send. ``None`` means the edge can't tell (no
    edge can for every message): the tick then sends again, since a lost check-in is worse than a doubled one.
    """

    async def was_delivered(self, recipient: Recipient, message: Message) -> bool | None:
        """Whether ``message`` is in the recipient's direct messages already."""

    async def was_posted(self, channel: str, message: Message) -> bool | None:
        """Whether ``message`` is in ``channel`` already."""


AnswerT = TypeVar("AnswerT", bound=BaseModel)


class AiClient(Protocol):
    """A language model that answers in JSON; ``None`` means "no answer": the caller uses its deterministic text."""

    async def ask_json(self, *, instructions: str, data: Mapping[str, object], answer: type[AnswerT]
                       ) -> AnswerT | None:
        """Ask with ``instructions``; ``data`` goes to the model as data only (JSON, never as instructions).

        Returns the answer validated by ``answer``, or None without a model and on any failure (timeout,
        server error, malformed or invalid JSON).
        """
