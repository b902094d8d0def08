"""The weekly team summary as plain data: where the team's objectives stand after one check-in slot.

Built from a ``handlers.digest_data.Snapshot`` without touching the store. Everything is read as of the slot:
check-ins of later slots are left out, so building the summary again after a late answer only changes what that
answer changed. Nobody is named: who has not checked in is a count, blockers go with their key result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers.adjust_story import told
from handlers.answers import meant
from handlers.digest_data import Snapshot
from handlers.facts import LATEST, round_turnout
from handlers.kpi_health import KpiChange, changes
from handlers.phase import PeriodPhase, phase_on
from handlers.progress import shown_value
from handlers.report import KeyResultReport, build_reports
from handlers.trends import unchanged_checkins
from models import KeyResult
from models.okrs import OkrChange
from models.report_queries import HistoryRow
from prompts.formatting import whole_percent

TREND_SLOTS = 4


@dataclass(frozen=True)
class Signal:
    """Something worth a conversation: ``dropped`` (confidence fell), ``stalled`` or ``confident_not_moving``."""

    kind: str
    before: int = 0
    after: int = 0
    checkins: int = 0


@dataclass(frozen=True)
class KeyResultSummary:
    id: int
    title: str
    kind: str
    unit: str
    value: float | None
    target: float
    progress: float
    confidence: int | None  # given in this slot; None when nobody checked in on it
    trend: tuple[int, ...]  # the confidences of the last few check-ins, oldest first
    signals: tuple[Signal, ...]


@dataclass(frozen=True)
class ObjectiveSummary:
    id: int
    title: str
    type: str
    level: str
    progress: float
    key_results: tuple[KeyResultSummary, ...]


@dataclass(frozen=True)
class Blocker:
    key_result: str
    text: str


@dataclass(frozen=True)
class TeamSummary:
    team_id: int
    team: str
    period: str
    slot: str
    objectives: tuple[ObjectiveSummary, ...]
    answered: int  # members with key results whom this round reached and who checked in (handlers/facts.py)
    waiting: int  # members with key results whom it reached and who have not
    blockers: tuple[Blocker, ...]
    waiting_names: tuple[str, ...] = ()  # only for a team that chose to see them (Team.summary_names)
    phase: PeriodPhase | None = None  # where the period stands on the slot's day
    kpis: tuple[KpiChange, ...] = ()  # the team's KPIs that left their corridor or came back in the round before
    changes: tuple[tuple[str, OkrChange], ...] = ()  # (objective title, change) made in chat in the slot's weeks


def build_summary(snapshot: Snapshot, *, team_id: int, slot: str) -> TeamSummary:
    """The summary of the team's check-in slot ``slot`` (its nominal day, iso), as the snapshot knows it."""
    team = snapshot.teams[team_id]
    start = date.fromisoformat(slot[:10])
    end = start + timedelta(weeks=team.every_weeks)
    objectives = snapshot.objectives_of_team(team_id)  # what the channel may show: never a personal objective
    key_results = [kr for o in objectives for kr in snapshot.key_results_of(o.id)]
    history = {kr.id: _until(snapshot.history.get(kr.id, ()), end) for kr in key_results}
    as_of = [_as_of(kr, history[kr.id], snapshot.history.get(kr.id, ())) for kr in key_results]
    reports = build_reports(objectives, as_of, history, snapshot.period)
    this_slot = {kr.id: [r for r in history[kr.id] if _within(r.slot, start, end)] for kr in key_results}
    answered, waiting = _turnout(snapshot, team_id, key_results, start, end)
    names = tuple(sorted(snapshot.people[p].name for p in waiting)) if team.summary_names else ()
    return TeamSummary(
        team_id=team_id, team=team.name, period=snapshot.period.name, slot=slot,
        objectives=tuple(
            ObjectiveSummary(r.id, r.title, r.type, r.level, r.progress,
                             tuple(_kr_summary(kr, bool(this_slot[kr.id])) for kr in r.key_results))
            for r in reports
        ),
        answered=len(answered), waiting=len(waiting), waiting_names=names,
        blockers=tuple(Blocker(kr.title, meant(row.blockers)) for kr in key_results for row in this_slot[kr.id]
                       if meant(row.blockers)),
        phase=phase_on(snapshot.period.start, snapshot.period.end, start),
        kpis=_kpi_changes(snapshot, team_id, start),
        changes=tuple((o.title, c) for o in objectives for c in told(snapshot.changes.get(o.id, ()))
                      if start <= c.at.date() < end),
    )


def _kpi_changes(snapshot: Snapshot, team_id: int, start: date) -> tuple[KpiChange, ...]:
    """The team's KPIs that left their corridor or came back in the round before this slot's day: a round that is
    over when the summary is posted, so each excursion is in exactly one summary."""
    team = snapshot.teams[team_id]
    until = datetime.combine(start, time(), ZoneInfo(snapshot.team_tz(team_id)))
    own = [k for k in snapshot.kpis if k.team_id == team_id]
    return changes(own, start=until - timedelta(weeks=team.every_weeks), end=until)


def _within(slot: str, start: date, end: date) -> bool:
    # A member whose primary team checks in on another day answers in a slot of their own within this one's week.
    return start <= date.fromisoformat(slot[:10]) < end


def _until(rows: Sequence[HistoryRow], end: date) -> list[HistoryRow]:
    return [r for r in rows if date.fromisoformat(r.slot[:10]) < end]


def _as_of(kr: KeyResult, rows: list[HistoryRow], every_row: Sequence[HistoryRow]) -> KeyResult:
    """The key result with the value it had at the slot: the last value checked in by then (``current`` follows
    the latest check-in), or ``current`` as set before any check-in gave a value."""
    values = [r.value for r in rows if r.value is not None]
    if values:
        return _with_current(kr, values[-1])
    if any(r.value is not None for r in every_row):
        return _with_current(kr, None)
    return kr


def _with_current(kr: KeyResult, value: float | None) -> KeyResult:
    return KeyResult(**{**kr.model_dump(), "current": value})  # a detached copy: the stored row stays as it is


def _kr_summary(kr: KeyResultReport, answered: bool) -> KeyResultSummary:
    value = shown_value(kr.kind, kr.baseline, kr.current)
    return KeyResultSummary(
        id=kr.id, title=kr.title, kind=kr.kind, unit=kr.unit, value=value, target=kr.target, progress=kr.progress,
        confidence=kr.points[-1].confidence if answered else None, trend=kr.confidences[-TREND_SLOTS:],
        signals=_signals(kr) if answered else (),
    )


def _signals(kr: KeyResultReport) -> tuple[Signal, ...]:
    found = []
    if kr.confidence_dropped:
        found.append(Signal("dropped", before=kr.points[-2].confidence, after=kr.points[-1].confidence))
    if kr.stalled:
        found.append(Signal("stalled", checkins=unchanged_checkins(kr.points)))
    elif kr.confident_but_not_moving:
        found.append(Signal("confident_not_moving"))
    return tuple(found)


def _turnout(snapshot: Snapshot, team_id: int, key_results: Sequence[KeyResult], start: date, end: date
             ) -> tuple[set[int], set[int]]:
    """Of the members who hold key results here, those the round reached who checked in, and those it reached who
    did not (handlers/facts.py): someone it never reached (away, or before okrbot started for them) is in neither."""
    members = set(snapshot.members.get(team_id, ()))
    holders = {kr.owner_id for kr in key_results if kr.owner_id in members}
    return round_turnout(snapshot, holders, first=start, end=end, as_of=snapshot.as_of or LATEST)


def summary_facts(summary: TeamSummary) -> dict:
    """What an AI narrative may build on: numbers, titles and signals. No names and no typed texts (a blocker may
    name someone or say how they feel): only which key results have one."""
    return {
        "team": summary.team, "period": summary.period, "slot": summary.slot,
        "checked_in": summary.answered, "not_yet": summary.waiting,
        "period_phase": None if summary.phase is None else summary.phase.name,
        "blocked_key_results": sorted({b.key_result for b in summary.blockers}),
        "kpis": [{"name": k.name, "value": k.value, "unit": k.unit, "change": k.change} for k in summary.kpis],
        "objectives": [{
            "title": o.title, "type": o.type, "progress_percent": whole_percent(o.progress),
            "key_results": [{
                "title": kr.title, "value": kr.value, "target": kr.target, "unit": kr.unit,
                "progress_percent": whole_percent(kr.progress), "confidence": kr.confidence,
                "confidence_trend": list(kr.trend), "signals": [s.kind for s in kr.signals],
            } for kr in o.key_results],
        } for o in summary.objectives],
    }
