"""The changes made to OKRs while the period ran, told in a sentence each: "target lowered from 45 to 40 on
12 November: the market shrank". Recaps and the weekly team summary tell them the same way."""

from __future__ import annotations

from collections.abc import Sequence

from models.okrs import OkrChange
from prompts import t
from prompts.formatting import day_in_words

STATUSES = ("paused", "active", "dropped", "closed")
MAKING = ("drafted", "proposed", "withdrawn", "agreed")  # how the planning round made an objective, not a change
ROUND = ("carried", "reworked", "ended")  # the round's choice for an objective: told without a reason


def told(changes: Sequence[OkrChange]) -> list[OkrChange]:
    """The changes a summary or recap tells: not the drafting and agreeing that made the objective."""
    return [c for c in changes if c.what not in MAKING]


def change_line(change: OkrChange, locale: str) -> str:
    on = day_in_words(locale, change.at.date())
    if change.what in ROUND:  # "carried over to 2027-Q1" on the ending objective, "from 2026-Q4" on its draft
        way = "from" if change.what != "ended" and change.before else "to"
        return t(locale, f"adjust.story_{change.what}_{way}", before=change.before, after=change.after, on=on)
    reason = change.reason or t(locale, "adjust.story_no_reason" if change.by_person_id else "adjust.story_by_file")
    before, after = change.before, change.after
    if change.what == "kind":
        before, after = t(locale, f"okr.kind_{before}"), t(locale, f"okr.kind_{after}")
    return t(locale, f"adjust.story_{_what(change)}", before=before, after=after, on=on, reason=reason)


def change_lines(changes: Sequence[OkrChange], locale: str) -> list[str]:
    return [change_line(c, locale) for c in told(changes)]


def ending_line(status: str, changes: Sequence[OkrChange], locale: str) -> str | None:
    """How a dropped or closed objective ended, with the day and the reason; None for one that ran to the end."""
    last = next((c for c in reversed(changes) if c.what == status), None)
    if status not in ("dropped", "closed") or last is None:
        return None
    return t(locale, f"adjust.recap_{status}", on=day_in_words(locale, last.at.date()), reason=last.reason)


def _what(change: OkrChange) -> str:
    if change.what in ("target", "baseline"):
        try:
            lower = float(change.after) < float(change.before)
        except ValueError:
            return "changed"
        return f"{change.what}_{'lowered' if lower else 'raised'}"
    if change.what in (*STATUSES, "removed", "added", "title", "unit", "kind", "owner"):
        return change.what
    return "changed"
