"""The quarterly recap as plain data: how each objective ended, read against what its type promised.

A recap of a period that is still running (``phase`` not ended) is the same data "so far": the words say so.

A team's recap holds the objectives the team owns (personal objectives and their reflections stay with their
owners), the confidence path across the period, and the reflection learnings with the names of who wrote them:
the team may read those (handlers/survey_privacy.py). The organisation recap names nobody and quotes no survey.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from handlers.adjust_story import told
from handlers.digest_data import Reflection, Snapshot
from handlers.kpi_health import KpiHealth, health
from handlers.phase import PeriodPhase, phase_at
from handlers.progress import Grade
from handlers.report import KeyResultReport, ObjectiveReport
from handlers.trends import Point
from models.okrs import OkrChange
from prompts.formatting import rounded, whole_percent

LESSONS = ("learned", "differently")  # the reflection's questions whose answers a recap quotes
REACHED = ("delivered", "good")  # what the objective's type asked for: committed 100%, aspirational about 70%


@dataclass(frozen=True)
class KeyResultPath:
    """One key result across the period, for the chart: its check-ins oldest first (day, value, confidence,
    progress) and what they are read against. A threshold's progress is 1 where it held and 0 where it did not
    (handlers/progress.py)."""

    id: int
    title: str
    progress: float
    points: tuple[Point, ...]
    kind: str = "increase"
    unit: str = ""
    baseline: float = 0.0
    target: float = 1.0


@dataclass(frozen=True)
class ObjectiveRecap:
    id: int
    title: str
    type: str
    progress: float
    grade: Grade
    confidence_path: tuple[tuple[date, float], ...]  # per check-in day, oldest first: see confidence_path()
    key_results: tuple[KeyResultPath, ...]
    learnings: tuple[Reflection, ...] = ()
    status: str = "active"  # dropped is not failed: the recap says it was dropped and why
    changes: tuple[OkrChange, ...] = ()  # made in chat while the period ran, oldest first

    @property
    def reached(self) -> bool:
        return self.grade.verdict in REACHED


@dataclass(frozen=True)
class TeamRecap:
    team_id: int
    team: str
    period: str
    objectives: tuple[ObjectiveRecap, ...]
    phase: PeriodPhase | None = None  # None: read as the final recap of an ended period
    kpis: tuple[KpiHealth, ...] = ()  # the team's KPIs over the period

    @property
    def final(self) -> bool:
        return self.phase is None or self.phase.ended


@dataclass(frozen=True)
class TeamLine:
    """A team in the organisation recap: how many objectives, their average progress, how many reached their type."""

    team: str
    objectives: int
    average_progress: float
    reached: int


@dataclass(frozen=True)
class OrgRecap:
    period: str
    objectives: tuple[ObjectiveRecap, ...]
    teams: tuple[TeamLine, ...]
    phase: PeriodPhase | None = None
    kpis: tuple[KpiHealth, ...] = ()  # the organisation's KPIs over the period

    @property
    def final(self) -> bool:
        return self.phase is None or self.phase.ended


def build_recap(snapshot: Snapshot, *, team_id: int, now: datetime | None = None) -> TeamRecap:
    """The recap of the objectives ``team_id`` owns, with their learnings; at ``now`` in the team's zone the period
    may still be running (without ``now``: the final recap)."""
    objectives = snapshot.team_owned(team_id)
    period = snapshot.period
    return TeamRecap(
        team_id=team_id, team=snapshot.teams[team_id].name, period=period.name,
        objectives=tuple(_objective_recap(r, snapshot.reflections.get(r.id, ()), snapshot)
                         for r in snapshot.reports(objectives)),
        phase=None if now is None else phase_at(period.start, period.end, now, snapshot.team_tz(team_id)),
        kpis=_kpi_health(snapshot, team_id, now),
    )


def build_org_recap(snapshot: Snapshot, *, now: datetime | None = None) -> OrgRecap:
    """Organisation-level objectives with grade and confidence path, and a line per team that owns objectives.
    The period's phase at ``now`` is read in UTC, the zone the organisation recap is timed in."""
    org = [o for o in snapshot.objectives if o.level == "org"]
    lines = []
    for team in sorted(snapshot.teams.values(), key=lambda t: t.name):
        recaps = [_objective_recap(r) for r in snapshot.reports(snapshot.team_owned(team.id))]
        if recaps:
            average = sum(r.progress for r in recaps) / len(recaps)
            lines.append(TeamLine(team.name, len(recaps), average, sum(r.reached for r in recaps)))
    period = snapshot.period
    objectives = tuple(_objective_recap(r, (), snapshot) for r in snapshot.reports(org))
    return OrgRecap(period=period.name, objectives=objectives, teams=tuple(lines),
                    phase=None if now is None else phase_at(period.start, period.end, now, "UTC"),
                    kpis=_kpi_health(snapshot, None, now))


def _kpi_health(snapshot: Snapshot, team_id: int | None, now: datetime | None) -> tuple[KpiHealth, ...]:
    """The team's (or with None the organisation's) KPIs from the period's first day to ``now`` or its end."""
    start = datetime.combine(snapshot.period.start, time(), UTC)
    end = min(now, _after(snapshot.period.end)) if now is not None else _after(snapshot.period.end)
    return health([k for k in snapshot.kpis if k.team_id == team_id], start=start, end=end)


def _after(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(), UTC)


def _objective_recap(report: ObjectiveReport, learnings: Sequence[Reflection] = (), snapshot: Snapshot | None = None
                     ) -> ObjectiveRecap:
    status = next((o.status for o in snapshot.objectives if o.id == report.id), "active") if snapshot else "active"
    return ObjectiveRecap(
        id=report.id, title=report.title, type=report.type, progress=report.progress, grade=report.grade,
        confidence_path=confidence_path(report.key_results),
        key_results=tuple(_path(kr) for kr in report.key_results), learnings=_lessons(learnings),
        status=status, changes=tuple(told(snapshot.changes.get(report.id, ()))) if snapshot else (),
    )


def _path(kr: KeyResultReport) -> KeyResultPath:
    return KeyResultPath(kr.id, kr.title, kr.progress, kr.points, kr.kind, kr.unit, kr.baseline, kr.target)


def confidence_path(key_results: Sequence[KeyResultReport]) -> tuple[tuple[date, float], ...]:
    """Per check-in day, oldest first, the average of each key result's last known confidence: a key result not
    answered that day keeps the confidence it had, so a skipped week is not a swing. A key result counts from its
    first check-in on."""
    given: dict[date, dict[int, int]] = defaultdict(dict)
    for kr in key_results:
        for point in kr.points:
            given[point.day][kr.id] = point.confidence
    known: dict[int, int] = {}
    path = []
    for day, confidences in sorted(given.items()):
        known.update(confidences)
        path.append((day, rounded(sum(known.values()) / len(known))))
    return tuple(path)


def recap_locale(snapshot: Snapshot) -> str:
    """The organisation recap's language: what most teams speak, English when it is a tie."""
    spoken = Counter(team.locale for team in snapshot.teams.values()).most_common()
    if not spoken or (len(spoken) > 1 and spoken[0][1] == spoken[1][1]):
        return "en"
    return spoken[0][0]


def recap_facts(recap: TeamRecap | OrgRecap) -> dict:
    """What an AI narrative may build on: titles, types, grades and confidence; no names, no survey answers."""
    facts: dict = {"period": recap.period, "period_over": recap.final, "objectives": [{
        "title": o.title, "type": o.type, "progress_percent": whole_percent(o.progress), "grade": o.grade.verdict,
        "confidence_path": [c for _, c in o.confidence_path],
    } for o in recap.objectives]}
    if not recap.final and recap.phase is not None:
        facts["days_left"] = recap.phase.days_left  # a running period: "so far", never a final verdict
    facts["kpis"] = [{"name": k.name, "last_value": k.last, "unit": k.unit, "corridor": k.state} for k in recap.kpis]
    if isinstance(recap, TeamRecap):
        facts["team"] = recap.team
    else:
        facts["teams"] = [{"team": line.team, "objectives": line.objectives, "reached": line.reached,
                           "average_progress_percent": whole_percent(line.average_progress)} for line in recap.teams]
    return facts


def _lessons(reflections: Sequence[Reflection]) -> tuple[Reflection, ...]:
    """The reflection answers that are lessons ("what did we learn", "what will we do differently"), each text
    once; what was achieved shows in the numbers already."""
    seen: set[str] = set()
    lessons = []
    for reflection in reflections:
        key = " ".join(reflection.text.split()).casefold()
        if reflection.question in LESSONS and key not in seen:
            seen.add(key)
            lessons.append(reflection)
    return tuple(lessons)
