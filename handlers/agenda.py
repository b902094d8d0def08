"""A suggested 1:1 agenda in five parts, with questions picked from a catalog by the situation of the report.

The catalog is ``prompts/locales/*/agenda.yaml``: ``agenda.<part>.<situation>.<id>``. Per part, one question of
each situation that applies comes first, the most pressing situations first (at most ``MAX_SPECIFIC``), then
questions that fit any conversation, so every part has 2 to 4 questions and the agenda 10 to 20. The choice is
deterministic: the same situations give the same agenda.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

from prompts import catalog, t

PARTS = ("opening", "goals", "key_results", "support", "closing")
# Most pressing first. The first three each bring a question the manager should never miss (a pre-mortem, the
# 1-10 "how close", "what would make your day easier"), so they come before anything else in their part.
SITUATIONS = (
    "confidence_drop", "no_number", "frustration", "blocker", "stalled", "confident_not_moving", "open_risk",
    "missed_checkins", "low_mood", "no_checkins", "no_key_results", "one_level_up", "good_progress",
)
ALWAYS = "always"
MIN_PER_PART = 2
MAX_SPECIFIC = 3  # leaves room for at least one question that fits any conversation


@dataclass(frozen=True)
class AgendaPart:
    key: str
    title: str
    questions: tuple[str, ...]


def agenda(situations: Collection[str], locale: str) -> tuple[AgendaPart, ...]:
    """The five parts of the agenda for a report in these ``situations``, in ``locale``."""
    return tuple(_part(part, situations, locale) for part in PARTS)


def _part(part: str, situations: Collection[str], locale: str) -> AgendaPart:
    specific = [keys[0] for situation in SITUATIONS if situation in situations
                if (keys := _question_keys(part, situation))][:MAX_SPECIFIC]
    general = _question_keys(part, ALWAYS)[: max(1, MIN_PER_PART - len(specific))]
    return AgendaPart(part, t(locale, f"agenda.parts.{part}"), tuple(t(locale, key) for key in (*specific, *general)))


@cache
def _question_keys(part: str, situation: str) -> tuple[str, ...]:
    """The catalog's keys for one part and situation, in the order the English file lists them."""
    prefix = f"agenda.{part}.{situation}."
    return tuple(key for key in catalog("en") if key.startswith(prefix))
