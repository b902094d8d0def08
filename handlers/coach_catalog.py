"""The coach's draft without a model: the catalog's objective and key results for the sub-topic the person wrote
about (``prompts/coach_drafts.yaml``, chosen by ``handlers/coach_topic.py``), never a copy of an objective that
already exists for them in the period.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

import yaml

from handlers.coach_topic import topic_of, words

MAX_TOPIC = 150
NEAR_COPY = 0.8  # similarity of two objectives, word by word, from which one is a copy of the other
_DRAFTS = Path(__file__).resolve().parent.parent / "prompts" / "coach_drafts.yaml"


def catalog_texts(text: str, locale: str) -> tuple[str | None, dict]:
    """The sub-topic of ``text`` (None: no clear one) and its catalog texts in the person's language."""
    catalog = _catalog()
    topic = topic_of(text)
    language = "nl" if locale == "nl" else "en"
    return topic, (catalog["topics"][topic] if topic else catalog["generic"])[language]


def fresh_objective(candidates: Sequence[str], existing: Sequence[str]) -> tuple[str | None, str]:
    """The first candidate that copies none of the ``existing`` objectives, and the existing objective the first
    candidate copies ("" when it copies none)."""
    copied = next((title for title in existing if near_copy(candidates[0], title)), "") if candidates else ""
    fresh = next((c for c in candidates if not any(near_copy(c, title) for title in existing)), None)
    return fresh, copied


def near_copy(a: str, b: str) -> bool:
    """Whether two titles say the same in (almost) the same words, whatever the capitals, accents and punctuation."""
    left, right = words(a), words(b)
    if not left or not right:
        return False
    return left == right or SequenceMatcher(None, left, right).ratio() >= NEAR_COPY


def own_words(text: str) -> str:
    """What the person wrote as an objective line: one line, capitalised, without end punctuation, not too long."""
    line = " ".join(text.split()).rstrip(".!?…")
    if len(line) > MAX_TOPIC:
        line = line[: MAX_TOPIC - 1].rsplit(" ", 1)[0] + "…"
    return line[:1].upper() + line[1:]


@cache
def _catalog() -> dict:
    return yaml.safe_load(_DRAFTS.read_text(encoding="utf-8"))


def all_topics() -> dict[str, dict]:
    """Every sub-topic's texts, and the generic draft as ``"generic"``: for the tests that check the catalog."""
    return {**_catalog()["topics"], "generic": _catalog()["generic"]}
