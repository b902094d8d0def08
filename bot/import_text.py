"""The words of ``okrbot import``: what the file holds, what changed in the store, and the plan's warnings."""

from __future__ import annotations

from collections import Counter

from handlers.importer import ImportSummary
from handlers.org_conflicts import Conflict

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
    lines += [conflict_line(c) for c in changes.conflicts]
    return lines + [f"warning: {warning}" for warning in summary.warnings]


def conflict_line(conflict: Conflict) -> str:
    """'Key result “NPS” target: file says 45, changed in chat to 40 on 12 Nov 2026 by Anna (“…”); kept 40 — use
    --prefer file to take the file's'."""
    said = f" (“{conflict.reason}”)" if conflict.reason else ""
    by = f"{conflict.by}{said}"
    on = f"{conflict.at.day} {conflict.at:%b %Y}"
    subject = f"{conflict.kind.capitalize()} “{conflict.title}”"
    why = "the file was saved later" if conflict.saved_later else "--prefer file"
    if conflict.field == "removed":
        told = f"{subject}: the file lists it, removed in chat on {on} by {by}"
        return told + ("; kept it removed — use --prefer file to bring it back" if conflict.kept
                       else f"; brought it back ({why})")
    told = f"{subject} {conflict.field}: file says {conflict.in_file}, changed in chat to {conflict.in_chat} on " \
        f"{on} by {by}"
    return told + (f"; kept {conflict.in_chat} — use --prefer file to take the file's" if conflict.kept
                   else f"; took the file's {conflict.in_file} ({why})")


def _counted(found: Counter[str]) -> str:
    kinds = sorted((k for k in found if found[k]), key=lambda k: _ORDER.index(k) if k in _ORDER else len(_ORDER))
    return ", ".join(_count(found[kind], kind) for kind in kinds)


def _count(n: int, kind: str) -> str:
    return f"{n} {_ONE.get(kind, kind) if n == 1 else kind}"
