"""Progress of key results and objectives, and the end-of-period grade."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

GOOD_ASPIRATIONAL = 0.7
THRESHOLDS = ("stay_above", "stay_below")


def clamp(x: float) -> float:
    return max(0.0, min(1.0, x))


def kr_progress(kind: str, baseline: float, target: float, current: float | None) -> float:
    """How far a key result is, in [0, 1].

    ``increase``/``decrease`` run linearly from baseline to target; ``stay_above``/``stay_below`` are 1 while
    the threshold (the target) holds and 0 when it doesn't; ``milestone`` is 1 once done (current >= 1).
    Without a current value the baseline stands, except that a threshold counts as held only once observed.
    """
    if current is None and kind in THRESHOLDS:
        return 0.0
    value = baseline if current is None else current
    if kind == "increase":
        return _linear(value - baseline, target - baseline, reached=value >= target)
    if kind == "decrease":
        return _linear(baseline - value, baseline - target, reached=value <= target)
    if kind == "stay_above":
        return 1.0 if value >= target else 0.0
    if kind == "stay_below":
        return 1.0 if value <= target else 0.0
    if kind == "milestone":
        return 1.0 if value >= 1 else 0.0
    raise ValueError(f"unknown key result kind {kind!r}")


def shown_value(kind: str, baseline: float, current: float | None) -> float | None:
    """The value a message shows next to a key result's progress, by the same rule as ``kr_progress``: the last one
    reported, else the baseline; a threshold nobody reported on yet shows none (it is not held until observed, so
    "7.2/7 0%" would contradict itself)."""
    if current is None and kind in THRESHOLDS:
        return None
    return baseline if current is None else current


@dataclass(frozen=True)
class Definition:
    kind: str
    baseline: float
    target: float


def definition_at(kind: str, baseline: float, target: float, changes: Iterable, at) -> Definition:
    """The key result's definition (kind, baseline, target) valid at ``at``: the current one with every change made
    after ``at`` undone, newest first. A check-in keeps the definition it was given under (models/okr_history.py)."""
    fields = {"kind": kind, "baseline": baseline, "target": target}
    for change in sorted((c for c in changes if c.at > at and c.what in fields), key=lambda c: c.at, reverse=True):
        fields[change.what] = change.before if change.what == "kind" else _number(change.before, fields[change.what])
    return Definition(**fields)


def _number(text: str, fallback: float) -> float:
    try:
        return float(text)
    except ValueError:
        return fallback


def _linear(done: float, span: float, *, reached: bool) -> float:
    if span == 0:
        return 1.0 if reached else 0.0
    return clamp(done / span)


def objective_progress(parts: Iterable[tuple[float, float]]) -> float:
    """The weighted mean of ``(progress, weight)`` pairs; 0 for an objective without key results."""
    pairs = [(p, w) for p, w in parts if w > 0]
    total = sum(w for _, w in pairs)
    return sum(p * w for p, w in pairs) / total if total else 0.0


@dataclass(frozen=True)
class Grade:
    """Progress at period end read against what the objective's type promised."""

    type: str
    score: float
    verdict: str  # committed: delivered | not_delivered; aspirational: good | partial | low


def grade(objective_type: str, score: float) -> Grade:
    """Committed objectives are expected at 1.0; for aspirational ones about 0.7 is a good result."""
    score = round(clamp(score), 2)
    if objective_type == "committed":
        verdict = "delivered" if score >= 1.0 else "not_delivered"
    elif score >= GOOD_ASPIRATIONAL:
        verdict = "good"
    else:
        verdict = "partial" if score >= 0.4 else "low"
    return Grade(objective_type, score, verdict)
