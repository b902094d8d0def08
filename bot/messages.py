"""The platform-neutral message model: what the core says and what people answer.

This module imports nothing from the rest of the project, so the core may build these objects and every
edge (console, Slack, Teams) may render them without the core knowing any platform.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

MAX_TEXT = 3000


@dataclass(frozen=True)
class Text:
    text: str
    style: str = "plain"  # plain | heading | muted | error | note (a remark on the line above)


@dataclass(frozen=True)
class KeyResultLine:
    """One key result as a person sees it: where it stands and how sure they were last time."""

    key_result_id: int
    title: str
    value: float | None
    target: float
    unit: str
    progress: float
    confidence: int | None = None
    trend: tuple[int, ...] = ()
    kind: str = "increase"


@dataclass(frozen=True)
class NumberQuestion:
    id: str
    prompt: str
    optional: bool = True


@dataclass(frozen=True)
class ScaleQuestion:
    id: str
    prompt: str
    low: int = 1
    high: int = 10
    low_label: str = ""
    high_label: str = ""
    optional: bool = True


@dataclass(frozen=True)
class FreeText:
    id: str
    prompt: str
    optional: bool = True
    max_length: int = MAX_TEXT


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class SelectQuestion:
    """Pick one of ``options`` (a level, a kind, a parent objective)."""

    id: str
    prompt: str
    options: tuple[Option, ...]
    optional: bool = True


@dataclass(frozen=True)
class Choices:
    """Actions offered as buttons (snooze, skip, away...)."""

    id: str
    prompt: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Chart:
    """A picture that goes with the message (a PNG): Slack uploads it, Teams attaches it, the console saves it."""

    filename: str
    title: str
    png: bytes = field(repr=False)


Question = NumberQuestion | ScaleQuestion | FreeText | SelectQuestion
Block = Text | KeyResultLine | NumberQuestion | ScaleQuestion | FreeText | SelectQuestion | Choices | Chart

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Message:
    """A message as a sequence of blocks. ``context`` names what a reply to it refers to (kind, slot, period).

    ``values`` are answers already typed (shown again after an error) and ``errors`` the message per field.
    ``ref`` names the delivery or channel post the tick sends it for (``delivery/12``, ``post/3``): an edge that
    can keep it with the message can later tell whether that message arrived (handlers/ports.py, ``DeliveryCheck``).
    """

    kind: str
    locale: str
    blocks: tuple[Block, ...]
    context: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    values: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    errors: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    ref: str = ""

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Question))

    @property
    def charts(self) -> tuple[Chart, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Chart))


# Replies: what an edge makes of a button, a form submit or a typed command.


@dataclass(frozen=True)
class FormSubmitted:
    """A person sent the fields of a form, keyed by question id, exactly as typed."""

    person: str
    context: Mapping[str, str]
    fields: Mapping[str, str]


@dataclass(frozen=True)
class Snooze:
    person: str
    context: Mapping[str, str]
    choice: str  # "2h" | "tomorrow"


@dataclass(frozen=True)
class SkipSlot:
    person: str
    context: Mapping[str, str]


@dataclass(frozen=True)
class AwayUntil:
    person: str
    until: date
