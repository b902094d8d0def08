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
