"""What a 1:1 prep digest holds, as plain frozen data: built by handlers/prep_digest.py, worded by
handlers/prep_message.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from handlers.phase import PeriodPhase
from prompts.formatting import rounded, whole_percent


@dataclass(frozen=True)
class KeyResultChange:
    """One of the report's own key results: where it stands, how sure they are, and what stands out."""

    title: str
    progress: float
    progress_then: float
    confidence: int | None  # the latest check-in's
    confidence_then: int | None  # the last one answered before ``since``
    signals: tuple[str, ...]  # confidence_drop, stalled, confident_not_moving
    dropped_from: int | None  # the confidence before a drop
    unchanged: int  # check-ins in a row without movement
    has_number: bool  # False for a milestone, or when the latest check-in gave no value
    kind: str = "increase"  # increase | decrease | stay_above | stay_below | milestone


@dataclass(frozen=True)
class ObjectiveChange:
    title: str
    progress: float
    progress_then: float | None  # None: no check-in on it before ``since``
    confidence: float | None  # the mean of the report's own key results' latest confidences
    confidence_then: float | None
    key_results: tuple[KeyResultChange, ...]

    @property
    def progress_direction(self) -> str:
        return direction(_percent(self.progress), _percent(self.progress_then))

    @property
    def confidence_direction(self) -> str:
        return direction(_tenth(self.confidence), _tenth(self.confidence_then))


@dataclass(frozen=True)
class Said:
    """Something the report wrote in a check-in: a blocker or a "one level up" answer."""

    key_result: str
    day: date
    text: str


@dataclass(frozen=True)
class OpenRisk:
    objective: str
    text: str


@dataclass(frozen=True)
class MoodTrend:
    """One development statement: the report's scores over the rounds, oldest first, and their latest why."""

    statement: str
    scores: tuple[int | None, ...]
    why: str


@dataclass(frozen=True)
class CheckinRecord:
    """The report's check-ins of the period up to the meeting, as handlers/facts.py counts them."""

    delivered: int  # slots that reached them
    checked_in: int  # of those, answered (at least one key result)
    partly: int  # of those, some key results left unanswered
    skipped: int
    open: int  # reached them and can still be answered
    missed: tuple[date, ...]  # nominal days of the slots that reached them and got no answer in time


@dataclass(frozen=True)
class PrepDigest:
    manager_id: int
    report_id: int
    report_name: str
    manager_tz: str
    period: str
    meeting_at: datetime
    since: datetime
    since_meeting: bool  # False: ``since`` is the start of the period, or when okrbot first reached the report
    objectives: tuple[ObjectiveChange, ...]
    blockers: tuple[Said, ...]
    one_level_up: tuple[Said, ...]
    risks: tuple[OpenRisk, ...]
    mood: tuple[MoodTrend, ...]
    checkins: CheckinRecord | None  # None: no key results or no team, so no check-ins were expected
    situations: frozenset[str]
    about: tuple[tuple[str, str], ...] = ()  # (situation, the key result or risk it is about)
    phase: PeriodPhase | None = None  # where the period stands at the meeting, for the manager
    first_checkin: datetime | None = None  # when okrbot first sent the report a check-in; None: never

    @property
    def flagged(self) -> tuple[KeyResultChange, ...]:
        return tuple(kr for o in self.objectives for kr in o.key_results if kr.signals)


def direction(now: float | None, then: float | None) -> str:
    """up, down or same; new when there was nothing to compare with."""
    if then is None or now is None:
        return "new"
    return "up" if now > then else "down" if now < then else "same"


def _percent(progress: float | None) -> int | None:
    return None if progress is None else whole_percent(progress)  # the direction agrees with the figures shown


def _tenth(confidence: float | None) -> float | None:
    return None if confidence is None else rounded(confidence)
