"""Which sub-topic of the coach's catalog a frustration or an ambition is about, by weighted signals in English and
Dutch (``prompts/coach_vocabulary.yaml``), without any model.

A signal is a word stem that starts a word ("churn" finds "churning"), ``=word`` for a whole word only, ``~stem``
for a stem anywhere in a word (Dutch compounds: "cloudkosten"), a phrase of stems in that order with at most
``GAP`` words between them ("lose customer" finds "we lose too many customers"), or parts joined by ``+`` that must
all occur somewhere in the text ("klant+kwijt" finds "we raken klanten kwijt"). A word of five letters or more that
no stem starts also matches a stem one typo away ("cancle", "subscribtion"). The sub-topic with the highest sum of
weights of distinct matching signals wins, when that sum reaches ``THRESHOLD``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

GAP = 3
THRESHOLD = 2
_VOCABULARY = Path(__file__).resolve().parent.parent / "prompts" / "coach_vocabulary.yaml"
_FUZZY_MIN = 5


@dataclass(frozen=True)
class Signal:
    parts: tuple[tuple[str, ...], ...]  # each part: a phrase of terms; all parts must match
    weight: int


def fold(text: str) -> str:
    """Lower case without accents or apostrophes, "-" and "/" read as spaces: "Inefficiënt", "don't" → plain words."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"['’`]", "", text).replace("-", " ").replace("/", " ")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def topic_of(text: str) -> str | None:
    """The best sub-topic id ("sales.retention") for ``text``, or None when no sub-topic is mentioned clearly."""
    ranked = scores(text)
    if not ranked:
        return None
    best, score = ranked[0]
    return best if score >= THRESHOLD else None


def scores(text: str) -> list[tuple[str, int]]:
    """Every sub-topic with a signal in ``text`` and its score, best first (catalog order breaks ties)."""
    tokens = words(text)
    found = []
    for position, (topic, signals) in enumerate(_vocabulary().items()):
        score = sum(s.weight for s in signals if all(_phrase_in(part, tokens) for part in s.parts))
        if score:
            found.append((topic, score, position))
    found.sort(key=lambda item: (-item[1], item[2]))
    return [(topic, score) for topic, score, _ in found]


def _phrase_in(phrase: tuple[str, ...], tokens: list[str]) -> bool:
    starts = [i for i, token in enumerate(tokens) if _term_matches(phrase[0], token)]
    return any(_rest_follows(phrase[1:], tokens, i) for i in starts)


def _rest_follows(rest: tuple[str, ...], tokens: list[str], i: int) -> bool:
    if not rest:
        return True
    window = range(i + 1, min(len(tokens), i + GAP + 2))
    return any(_term_matches(rest[0], tokens[j]) and _rest_follows(rest[1:], tokens, j) for j in window)


def _term_matches(term: str, token: str) -> bool:
    if term[0] == "=":
        return token == term[1:]
    if term[0] == "~":
        return term[1:] in token
    if token.startswith(term):
        return True
    return len(token) >= _FUZZY_MIN and len(term) >= _FUZZY_MIN and token[0] == term[0] and _one_typo(term, token)


def _one_typo(term: str, token: str) -> bool:
    """``token`` starts with ``term`` but for one letter changed, added, dropped or swapped with its neighbour."""
    return any(_osa_at_most_one(term, token[:n]) for n in (len(term) - 1, len(term), len(term) + 1))


def _osa_at_most_one(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1:] == shorter[i:]


@cache
def _vocabulary() -> dict[str, tuple[Signal, ...]]:
    raw = yaml.safe_load(_VOCABULARY.read_text(encoding="utf-8"))
    return {topic: tuple(_signal(entry, int(weight)) for weight, entries in weights.items() for entry in entries)
            for topic, weights in raw.items()}


def _signal(entry: str, weight: int) -> Signal:
    parts = tuple(tuple(_term(term) for term in fold(part).split()) for part in entry.split("+"))
    return Signal(parts, weight)


def _term(term: str) -> str:
    marker = term[0] if term[0] in "=~" else ""
    return marker + "".join(re.findall(r"[a-z0-9]+", term))
