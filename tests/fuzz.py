"""Seeded mutations of real payloads for the edges' fuzz tests: one field removed, or replaced by a value of
another type or shape than the platform sends."""

from __future__ import annotations

import json
from random import Random

WEIRD = [None, 0, -1, 2**63, 1.5, "", "²", "x" * 5000, [], {}, "2026-11-30 bogus", "1999-01-04", True,
         '{"slot": 5}', "kr:abc", "confidence:99999999999999999999"]


def _paths(node, prefix=()):
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        yield (*prefix, key)
        yield from _paths(value, (*prefix, key))


def mutated(payload: dict, rng: Random, *, under: tuple = ()) -> dict:
    """A copy of ``payload`` with one field somewhere below ``under`` removed (30 %) or replaced by a weird value."""
    broken = json.loads(json.dumps(payload))
    start = broken
    for key in under:
        start = start[key]
    path = rng.choice(list(_paths(start, under)))
    node = broken
    for key in path[:-1]:
        node = node[key]
    if isinstance(node, dict) and rng.random() < 0.3:
        del node[path[-1]]
    else:
        node[path[-1]] = rng.choice(WEIRD)
    return broken


ANSWER = "Lorem ipsum dolor sit amet. " * 358  # 10 024 characters: an answer far longer than anyone types
TIMESTAMPS = ["", "0", "-1", "soon", "1e309", "9" * 40, "²³", "1760000000.000100x", "2026-13-45T99:99:99Z",
              "2026-10-05T07:00:00", "NaN", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999+14:00"]
DEEP = "__deep__"  # a placeholder that ``serialized`` replaces with a nested value too deep for json.dumps


def nested_text(levels: int, rng: Random) -> str:
    """A JSON value nested ``levels`` deep, as text (json.dumps itself refuses a few hundred levels)."""
    opening, closing = ('{"a":', "}") if rng.random() < 0.5 else ("[", "]")
    return opening * levels + "1" + closing * levels


def serialized(payload: object, rng: Random) -> str:
    """``payload`` as JSON text, with any ``DEEP`` placeholder replaced by a value 100 to 50 000 levels deep."""
    text = json.dumps(payload, ensure_ascii=rng.random() < 0.5)
    while f'"{DEEP}"' in text:
        text = text.replace(f'"{DEEP}"', nested_text(rng.choice([100, 1000, 5000, 50_000]), rng), 1)
    return text


def _replace_somewhere(payload: dict, rng: Random, under: tuple, value_of) -> dict:
    broken = json.loads(json.dumps(payload))
    start = broken
    for key in under:
        start = start[key]
    paths = list(_paths(start, under))
    if not paths:
        return broken
    path = rng.choice(paths)
    node = broken
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value_of(node[path[-1]])
    return broken


def _extra_key(payload: dict, rng: Random, under: tuple) -> dict:
    extended = json.loads(json.dumps(payload))
    start = extended
    for key in under:
        start = start[key]
    dicts = [start] + [node for node in _nodes(start) if isinstance(node, dict)]
    rng.choice(dicts)[rng.choice(["x", "__proto__", "ts", "id", "type", "\u202e"])] = rng.choice(WEIRD)
    return extended


def _nodes(node):
    for value in node.values() if isinstance(node, dict) else node if isinstance(node, list) else ():
        yield value
        yield from _nodes(value)


def broken(payload: dict, rng: Random, *, under: tuple = ()) -> dict:
    """One to three mutations of ``payload`` below ``under``: a field removed or of another type (``mutated``), an
    extra key, a 10 000-character string, a timestamp no platform sends, or a value nested deeply."""
    result = payload
    for _ in range(rng.choice([1, 1, 2, 3])):
        kind = rng.random()
        if kind < 0.5:
            result = mutated(result, rng, under=under)
        elif kind < 0.65:
            result = _extra_key(result, rng, under)
        elif kind < 0.8:
            result = _replace_somewhere(result, rng, under, lambda v: ANSWER if isinstance(v, str) else v)
        elif kind < 0.92:
            result = _replace_somewhere(result, rng, under, lambda v: rng.choice(TIMESTAMPS))
        else:
            result = _replace_somewhere(result, rng, under, lambda v: DEEP)
    return result
