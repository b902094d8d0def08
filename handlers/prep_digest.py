"""The 1:1 prep digest as plain data: what changed for one report since the last 1:1, and what to talk about.

Built from a period snapshot (handlers/digest_data.py) without touching the store. "Then" is what was known at
``since`` (the previous 1:1, or the period start): per key result the last check-in answered before it. The
digest names situations (a confidence drop, a frustration...) that pick the agenda's questions; nothing here
scores or ranks the report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from handlers.answers import meant
from handlers.digest_data import Snapshot
from handlers.facts import account_of
from handlers.phase import PeriodPhase, phase_at
from handlers.prep_model import (
    CheckinRecord,
    KeyResultChange,
    MoodTrend,
    ObjectiveChange,
    OpenRisk,
    PrepDigest,
    Said,
)
from handlers.progress import kr_progress, objective_progress
from handlers.trends import Point, confidence_dropped, confident_but_not_moving, stalled, unchanged_checkins
from handlers.visibility import blocker_readers, may_see
from models import KeyResult, Objective, Person
from models.report_queries import HistoryRow

DROP = 2  # confidence points
LOW_MOOD = 3  # a development score at or below this, in the latest round, is worth a question
AHEAD = 0.1  # progress this far ahead of the period's pace is clearly ahead, not a rounding of it
MOVING = ("increase", "decrease")  # the kinds whose progress can run ahead of the calendar
FRUSTRATION = re.compile(
    r"frustr|\bannoy|\bstuck\b|\bblocked\b|\bfed up\b|\bhopeless|\birrit|geïrriteerd|\bvast\b|\bbalen\b|\bbaal\b"
    r"|\berger|geblokkeerd|hopeloos",
    re.IGNORECASE,
)


def build_prep(snapshot: Snapshot, *, manager_id: int, report_id: int, meeting_at: datetime, since: datetime,
               since_meeting: bool | None = None) -> PrepDigest:
    """The digest for ``manager_id``'s 1:1 with ``report_id`` at ``meeting_at``, looking back to ``since``: a 1:1
    held then (``since_meeting``; by default any ``since`` after the period's start), else the period's start or
    when okrbot first reached the report (handlers/prep_outbox.py decides which)."""
    manager, report = snapshot.people[manager_id], snapshot.people[report_id]
    own = snapshot.key_results_owned_by(report_id)
    circle = snapshot.circle()  # what the manager may see of the report's work, handlers/visibility.py
    shown = {o.id: o for o in snapshot.objectives_of_person(report_id) if may_see(manager_id, o, circle)}
    objectives = tuple(_objective(snapshot, o, report_id, since, meeting_at) for o in shown.values())
    rows = [(kr, r) for kr in own if kr.objective_id in shown for r in snapshot.history.get(kr.id, ())
            if r.person_id == report_id and since < r.answered_at <= meeting_at]
    blockers = tuple(Said(kr.title, _day(r), meant(r.blockers)) for kr, r in rows if meant(r.blockers)
                     and manager_id in blocker_readers(shown[kr.objective_id], report_id, circle).people)
    lifts = tuple(Said(kr.title, _day(r), meant(r.one_level_up)) for kr, r in rows if meant(r.one_level_up))
    risks = tuple(OpenRisk(r.objective_title, r.text) for r in snapshot.open_risks if r.person_id == report_id)
    mood = _mood(snapshot, report, manager_id, meeting_at)
    checkins = _checkins(snapshot, report, own, meeting_at)
    digest = PrepDigest(
        manager_id=manager_id, report_id=report_id, report_name=report.name, manager_tz=manager.tz,
        period=snapshot.period.name, meeting_at=meeting_at, since=since,
        since_meeting=since > local_midnight(snapshot.period.start, manager.tz) if since_meeting is None
        else since_meeting, objectives=objectives,
        blockers=blockers, one_level_up=lifts, risks=risks, mood=mood, checkins=checkins, situations=frozenset(),
        phase=phase_at(snapshot.period.start, snapshot.period.end, meeting_at, manager.tz),
    )
    first = snapshot.first_checkins.get(report_id)
    return _with_situations(replace(digest, first_checkin=first if first and first <= meeting_at else None), own=own)


def _objective(snapshot: Snapshot, objective: Objective, own_id: int, since: datetime, meeting_at: datetime
               ) -> ObjectiveChange:
    krs = snapshot.key_results_of(objective.id)

    def progress_at(moment: datetime) -> float:
        return objective_progress((_progress(kr, snapshot.history.get(kr.id, ()), moment), kr.weight) for kr in krs)

    known_then = any(_last(snapshot.history.get(kr.id, ()), moment=since) for kr in krs)
    changes = tuple(_key_result(kr, snapshot.history.get(kr.id, ()), since, meeting_at)
                    for kr in krs if kr.owner_id == own_id)
    return ObjectiveChange(
        objective.title, progress_at(meeting_at), progress_at(since) if known_then else None,
        _mean([c.confidence for c in changes]), _mean([c.confidence_then for c in changes]), changes,
    )


def _key_result(kr: KeyResult, rows: Sequence[HistoryRow], since: datetime, meeting_at: datetime) -> KeyResultChange:
    known = [r for r in rows if r.answered_at <= meeting_at]  # a preview of a past 1:1 sees only what was known
    points = [Point(_day(r), r.value, r.confidence, kr_progress(kr.kind, kr.baseline, kr.target, r.value))
              for r in known]
    now, then = _last(rows, moment=meeting_at), _last(rows, moment=since)
    confidence, confidence_then = (now.confidence if now else None), (then.confidence if then else None)
    drop_since = confidence is not None and confidence_then is not None and confidence_then - confidence >= DROP
    dropped = confidence_dropped(points, DROP)
    signals = tuple(name for name, on in (("confidence_drop", dropped or drop_since), ("stalled", stalled(points)),
                                          ("confident_not_moving", confident_but_not_moving(points))) if on)
    dropped_from = points[-2].confidence if dropped else confidence_then if drop_since else None
    has_number = kr.kind != "milestone" and (now is None or now.value is not None)
    return KeyResultChange(kr.title, _progress(kr, rows, meeting_at), _progress(kr, rows, since), confidence,
                           confidence_then, signals, dropped_from, unchanged_checkins(points), has_number, kr.kind)


def _progress(kr: KeyResult, rows: Sequence[HistoryRow], moment: datetime) -> float:
    """Progress by the last value reported by ``moment``; a key result without check-ins keeps its current value."""
    values = [r.value for r in rows if r.answered_at <= moment and r.value is not None]
    value = values[-1] if values else None if rows else kr.current
    return kr_progress(kr.kind, kr.baseline, kr.target, value)


def _mood(snapshot: Snapshot, report: Person, manager_id: int, meeting_at: datetime) -> tuple[MoodTrend, ...]:
    if report.manager_id != manager_id:  # only the manager of record sees the report's development answers
        return ()
    rounds = sorted((r for r in snapshot.development.get(report.id, ()) if r.week <= meeting_at.date()),
                    key=lambda r: r.week)
    statements: dict[str, tuple[str, list[int | None], list[str]]] = {}
    for round_ in rounds:
        for statement, score, why in round_.answers:
            entry = statements.setdefault(statement.key, (statement.text, [], []))
            entry[1].append(score)
            if why.strip():
                entry[2].append(why.strip())
    return tuple(MoodTrend(text, tuple(scores), whys[-1] if whys else "") for text, scores, whys in statements.values())


def _checkins(snapshot: Snapshot, report: Person, own: Sequence[KeyResult], meeting_at: datetime
              ) -> CheckinRecord | None:
    """The report's check-ins up to the meeting, as the one account of handlers/facts.py has them."""
    if not own:
        return None
    found = account_of(snapshot, report.id, as_of=meeting_at)
    return CheckinRecord(found.delivered, found.checked_in, found.partly, found.skipped, found.open,
                         found.missed_days)


def _with_situations(digest: PrepDigest, *, own: Sequence[KeyResult]) -> PrepDigest:
    changes = [kr for o in digest.objectives for kr in o.key_results]
    found = {signal for kr in changes for signal in kr.signals}
    latest_mood = [score for trend in digest.mood for score in trend.scores[-1:] if score is not None]
    checks = {
        "no_number": any(not kr.has_number for kr in changes),
        "frustration": any(FRUSTRATION.search(said.text) for said in digest.blockers),
        "blocker": bool(digest.blockers),
        "one_level_up": bool(digest.one_level_up),
        "open_risk": bool(digest.risks),
        "missed_checkins": bool(digest.checkins and digest.checkins.missed),
        "low_mood": any(score <= LOW_MOOD for score in latest_mood),
        # only about check-ins that reached them: a report okrbot never asked has nothing to explain
        "no_checkins": bool(own and digest.checkins and digest.checkins.missed and not digest.checkins.checked_in),
        "no_key_results": not own,
        "good_progress": any(round(kr.progress * 100) > round(kr.progress_then * 100) for kr in changes),
        "ahead_of_pace": bool(_ahead(changes, digest.phase)),
    }
    found |= {name for name, on in checks.items() if on}
    return replace(digest, situations=frozenset(found), about=_about(digest, changes))


def _ahead(changes: Sequence[KeyResultChange], phase: PeriodPhase | None) -> list[KeyResultChange]:
    """The key results clearly ahead of the period's pace, most ahead first (none once the period is over). Only
    those that move from a baseline to a target: a threshold that holds or a milestone is not "ahead of the
    calendar"."""
    if phase is None or phase.ended:
        return []
    ahead = [kr for kr in changes if kr.kind in MOVING and kr.progress - phase.pace >= AHEAD]
    return sorted(ahead, key=lambda kr: phase.pace - kr.progress)


def _about(digest: PrepDigest, changes: Sequence[KeyResultChange]) -> tuple[tuple[str, str], ...]:
    """Per situation the key result (or risk) its agenda questions name: the most telling one."""
    def flagged(signal: str) -> list[KeyResultChange]:
        return [kr for kr in changes if signal in kr.signals]

    latest = sorted(digest.blockers, key=lambda said: said.day, reverse=True)
    candidates = {
        "confidence_drop": [kr.title for kr in sorted(flagged("confidence_drop"), key=_drop, reverse=True)],
        "stalled": [kr.title for kr in sorted(flagged("stalled"), key=lambda kr: kr.unchanged, reverse=True)],
        "confident_not_moving": [kr.title for kr in flagged("confident_not_moving")],
        "frustration": [said.key_result for said in latest if FRUSTRATION.search(said.text)],
        "blocker": [said.key_result for said in latest],
        "one_level_up": [said.key_result for said in sorted(digest.one_level_up, key=lambda s: s.day, reverse=True)],
        "open_risk": [risk.text.strip() for risk in digest.risks],
        "no_number": [kr.title for kr in changes if not kr.has_number],
        "ahead_of_pace": [kr.title for kr in _ahead(changes, digest.phase)],
        "good_progress": [kr.title for kr in sorted(changes, key=lambda kr: kr.progress_then - kr.progress)
                          if kr.progress > kr.progress_then],
    }
    return tuple((situation, found[0]) for situation, found in candidates.items() if found)


def _drop(kr: KeyResultChange) -> int:
    before = kr.dropped_from if kr.dropped_from is not None else kr.confidence_then
    return (before or 0) - (kr.confidence or 0)


def _last(rows: Sequence[HistoryRow], *, moment: datetime) -> HistoryRow | None:
    """The latest slot's check-in answered by ``moment`` (a late answer counts from when it was given)."""
    found = [r for r in rows if r.answered_at <= moment]
    return found[-1] if found else None


def _day(row: HistoryRow) -> date:
    return date.fromisoformat(row.slot[:10])


def _mean(values: Sequence[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def local_midnight(day: date, tz: str) -> datetime:
    """Midnight at the start of ``day`` in ``tz``, as UTC."""
    return datetime.combine(day, time(0), ZoneInfo(tz)).astimezone(UTC)
