"""Progress of objectives as plain data: where each key result stands and how confidence moved."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.answers import meant
from handlers.progress import Grade, definition_at, grade, kr_progress, objective_progress
from handlers.trends import Point, confidence_dropped, confident_but_not_moving, forecast, stalled
from models import KeyResult, Objective, Period
from models.okrs import OkrChange
from models.report_queries import HistoryRow, history_of, key_results_of


@dataclass(frozen=True)
class KeyResultReport:
    id: int
    title: str
    kind: str
    unit: str
    baseline: float
    target: float
    current: float | None
    progress: float
    points: tuple[Point, ...]
    confidence_dropped: bool
    stalled: bool
    confident_but_not_moving: bool
    forecast: float | None
    blockers: tuple[str, ...]

    @property
    def confidences(self) -> tuple[int, ...]:
        return tuple(p.confidence for p in self.points)


@dataclass(frozen=True)
class ObjectiveReport:
    id: int
    title: str
    level: str
    type: str
    progress: float
    grade: Grade
    key_results: tuple[KeyResultReport, ...]


async def objective_reports(
    session: AsyncSession, *, objectives: Sequence[Objective], period: Period
) -> list[ObjectiveReport]:
    """Reports for these objectives, built from two queries whatever their number."""
    key_results = await key_results_of(session, objective_ids=[o.id for o in objectives])
    history: dict[int, list[HistoryRow]] = {}
    for row in await history_of(session, key_result_ids=[kr.id for kr in key_results]):
        history.setdefault(row.key_result_id, []).append(row)
    return build_reports(objectives, key_results, history, period)


def _progress_then(kr: KeyResult, changes: Sequence[OkrChange], row: HistoryRow) -> float:
    then = definition_at(kr.kind, kr.baseline, kr.target, changes, row.answered_at)
    return kr_progress(then.kind, then.baseline, then.target, row.value)


def build_reports(objectives: Sequence[Objective], key_results: Sequence[KeyResult],
                  history: Mapping[int, Sequence[HistoryRow]], period: Period,
                  changes: Mapping[int, Sequence[OkrChange]] | None = None) -> list[ObjectiveReport]:
    """Reports from rows already read: ``key_results`` of these objectives, ``history`` per key result id, and
    ``changes`` made in chat per objective id (a check-in's progress is read against the definition of its time)."""
    by_objective: dict[int, list[KeyResultReport]] = {}
    for kr in key_results:
        kr_changes = [c for c in (changes or {}).get(kr.objective_id, ()) if c.key_result_id == kr.id]
        by_objective.setdefault(kr.objective_id, []).append(
            _kr_report(kr, list(history.get(kr.id, [])), period, kr_changes))
    return [_objective_report(o, by_objective.get(o.id, []), key_results) for o in objectives]


def _kr_report(kr: KeyResult, rows: list[HistoryRow], period: Period, changes: Sequence[OkrChange] = ()
               ) -> KeyResultReport:
    points = tuple(
        Point(date.fromisoformat(r.slot[:10]), r.value, r.confidence, _progress_then(kr, changes, r)) for r in rows
    )
    return KeyResultReport(
        id=kr.id, title=kr.title, kind=kr.kind, unit=kr.unit, baseline=kr.baseline, target=kr.target,
        current=kr.current,
        progress=kr_progress(kr.kind, kr.baseline, kr.target, kr.current), points=points,
        confidence_dropped=confidence_dropped(points), stalled=stalled(points),
        confident_but_not_moving=confident_but_not_moving(points),
        forecast=forecast(points, period.start, period.end), blockers=_blockers(rows),
    )


def _blockers(rows: list[HistoryRow]) -> tuple[str, ...]:
    """What was in the way, oldest first; "Niets" or "-" stored before that counted as no blocker is left out."""
    return tuple(text for text in (meant(r.blockers) for r in rows) if text)


def _objective_report(objective: Objective, krs: list[KeyResultReport], rows: list[KeyResult]) -> ObjectiveReport:
    weights = {kr.id: kr.weight for kr in rows}
    progress = objective_progress((kr.progress, weights[kr.id]) for kr in krs)
    return ObjectiveReport(
        id=objective.id, title=objective.title, level=objective.level, type=objective.type, progress=progress,
        grade=grade(objective.type, progress), key_results=tuple(krs),
    )
