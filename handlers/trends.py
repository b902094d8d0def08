"""Signals in one key result's check-in history, for digests and summaries.

Every function takes the history oldest first, one point per answered slot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Point:
    day: date
    value: float | None
    confidence: int
    progress: float


def confidence_trend(points: Sequence[Point]) -> tuple[int, ...]:
    return tuple(p.confidence for p in points)


def confidence_dropped(points: Sequence[Point], by: int = 2) -> bool:
    """The last confidence is ``by`` or more points below the one before it."""
    return len(points) >= 2 and points[-2].confidence - points[-1].confidence >= by


def unchanged_checkins(points: Sequence[Point]) -> int:
    """How many of the latest check-ins in a row reported the same value as the check-in before them."""
    count = 0
    for before, after in zip(reversed(points[:-1]), reversed(points[1:]), strict=True):
        if after.value is None or after.value != before.value:
            break
        count += 1
    return count


def stalled(points: Sequence[Point], checkins: int = 2) -> bool:
    """The value has not moved for ``checkins`` or more check-ins in a row, and the goal isn't reached: a threshold
    that keeps holding, or a target reached, stands still at 100%, which is no stall."""
    return unchanged_checkins(points) >= checkins and points[-1].progress < 1.0


def confident_but_not_moving(points: Sequence[Point], confident: int = 7) -> bool:
    """Confidence is high while the value did not move since the previous check-in and the goal isn't reached."""
    return (
        bool(points)
        and points[-1].confidence >= confident
        and points[-1].progress < 1.0
        and unchanged_checkins(points) >= 1
    )


def forecast(points: Sequence[Point], start: date, end: date, start_progress: float = 0.0) -> float | None:
    """Progress expected at ``end`` by a least-squares line through the check-ins, in [0, 1].

    With a single check-in the line runs from ``start_progress`` at the period start.
    """
    xs = [(p.day - start).days for p in points]
    ys = [p.progress for p in points]
    if not points:
        return None
    if len(points) == 1:
        xs, ys = [0, *xs], [start_progress, *ys]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return max(0.0, min(1.0, ys[-1]))
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    at_end = mean_y + slope * ((end - start).days - mean_x)
    return max(0.0, min(1.0, at_end))
