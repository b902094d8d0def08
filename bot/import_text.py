"""The words of ``okrbot import``: what the file holds, what changed in the store, and the plan's warnings."""

from __future__ import annotations

from collections import Counter

from handlers.importer import ImportSummary

_ONE = {"people": "person", "teams": "team", "periods": "period", "objectives": "objective",
        "key results": "key result", "team memberships": "team membership", "1:1s": "1:1",
        "survey schedules": "survey schedule", "survey statements": "survey statement"}
_ORDER = list(_ONE)


def summary_lines(summary: ImportSummary) -> list[str]:
    """One line for what the file holds, one for what changed ("nothing changed" when nothing did), one per kind
    archived naming what, then one per warning."""
    held = f"{summary.people} people, {summary.teams} teams, {summary.periods} periods, {summary.objectives} " \
        f"objectives, {summary.key_results} key results"
    changes = summary.changes
    if changes.nothing:
        lines = [f"nothing changed: the store already holds the file's {held}"]
    else:
        archived = Counter({"objectives": len(changes.archived_objectives),
                            "key results": len(changes.archived_key_results)})
        counts = [f"{verb} {_counted(found)}" for verb, found in
                  (("added", changes.added), ("changed", changes.changed), ("archived", archived)) if +found]
        lines = [f"imported {held}", f"changes: {'; '.join(counts)}"]
    for kind, titles in (("objectives", changes.archived_objectives), ("key results", changes.archived_key_results)):
        if titles:
            lines.append(f"archived {_count(len(titles), kind)} (no more check-ins, history kept): "
                         + ", ".join(f"“{title}”" for title in titles))
    if changes.restored:
        lines.append("back from the archive (asked again): " + ", ".join(f"“{title}”" for title in changes.restored))
    return lines + [f"warning: {warning}" for warning in summary.warnings]


def _counted(found: Counter[str]) -> str:
    kinds = sorted((k for k in found if found[k]), key=lambda k: _ORDER.index(k) if k in _ORDER else len(_ORDER))
    return ", ".join(_count(found[kind], kind) for kind in kinds)


def _count(n: int, kind: str) -> str:
    return f"{n} {_ONE.get(kind, kind) if n == 1 else kind}"
