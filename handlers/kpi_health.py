"""How a KPI fared against its healthy corridor over a stretch of time, for the weekly summary and the recap.

Plain data in, plain data out: a KPI's values (the last one before the stretch and every one in it) decide whether
it left its corridor in the stretch, came back, or stayed. Nobody is named: a KPI's owner is not part of this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from models.feed_values import outside
from models.kpi_store import kpi_values_between


@dataclass(frozen=True)
class KpiTrack:
    id: int
    name: str
    unit: str
    low: float | None
    high: float | None
    team_id: int | None  # None: the organisation's
    values: tuple[tuple[datetime, float], ...]  # (measured at, value), oldest first


@dataclass(frozen=True)
class KpiChange:
    """A KPI that left its corridor in the stretch and is still outside (``left``), or came back (``back``)."""

    name: str
    unit: str
    low: float | None
    high: float | None
    value: float
    change: str  # left | back


@dataclass(frozen=True)
class KpiHealth:
    """A KPI over a period: its last value and ``stayed`` (inside throughout), ``back`` (left it and is inside
    again) or ``outside`` (outside at the end)."""

    name: str
    unit: str
    low: float | None
    high: float | None
    last: float
    state: str


def _split(track: KpiTrack, start: datetime, end: datetime):
    before = [v for at, v in track.values if at < start]
    within = [v for at, v in track.values if start <= at < end]
    return (before[-1] if before else None), within


def _out(track: KpiTrack, value: float | None) -> bool:
    return value is not None and outside(value, track.low, track.high)


def changes(tracks: Sequence[KpiTrack], *, start: datetime, end: datetime) -> tuple[KpiChange, ...]:
    """The KPIs whose excursion began in [start, end) and which are still out at ``end``, and those that came back
    in it: each excursion begins in one stretch only, so consecutive stretches mention it once."""
    found = []
    for track in tracks:
        previous, within = _split(track, start, end)
        was_out, left, back = _out(track, previous), False, False
        for value in within:
            now_out = _out(track, value)
            left, back = left or (now_out and not was_out), back or (was_out and not now_out)
            was_out = now_out
        if within and was_out and left:
            found.append(KpiChange(track.name, track.unit, track.low, track.high, within[-1], "left"))
        elif within and not was_out and back:
            found.append(KpiChange(track.name, track.unit, track.low, track.high, within[-1], "back"))
    return tuple(found)


def health(tracks: Sequence[KpiTrack], *, start: datetime, end: datetime) -> tuple[KpiHealth, ...]:
    """Each KPI with a value by ``end``: its last one, and whether it stayed in its corridor from ``start`` on."""
    found = []
    for track in tracks:
        previous, within = _split(track, start, end)
        seen = ([previous] if previous is not None else []) + within
        if not seen:
            continue
        last = seen[-1]
        state = "outside" if _out(track, last) else "back" if any(_out(track, v) for v in seen) else "stayed"
        found.append(KpiHealth(track.name, track.unit, track.low, track.high, last, state))
    return tuple(found)


async def load_tracks(session, *, since: datetime, until: datetime) -> tuple[KpiTrack, ...]:
    """Every KPI not archived with its values as known at ``until`` (models/kpi_store.py)."""
    kpis, values = await kpi_values_between(session, since=since, until=until)
    return tuple(KpiTrack(k.id, k.name, k.unit, k.low, k.high, k.team_id, tuple(values.get(k.id, ())))
                 for k in kpis)
