"""Where a period stands at a moment, for the reader: its phase and its pace. Pure functions of dates.

The phase picks the words of pre-mortems, summaries, prep digests and recaps, so no message speaks of a running
quarter as if it were about to begin, or gives a final verdict while weeks are left:

- ``before``: the period has not started yet (the reader's today is before its first day);
- ``first_weeks``: its first two weeks (days 1 to 14);
- ``running``: after the first two weeks and before the last seven days;
- ``last_week``: its last seven days, the last day included (this wins over ``first_weeks`` in a short period);
- ``ended``: the reader's today is after its last day.

The pace is the share of the period behind us at ``now`` in the reader's zone: 0 before the first day starts,
1 once the last day is over. Progress ahead of the pace is progress ahead of the calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from prompts import t
from prompts.formatting import day_in_words, percent

PHASES = ("before", "first_weeks", "running", "last_week", "ended")
FIRST_WEEKS = 14  # days
LAST_WEEK = 7  # days, the last day included


@dataclass(frozen=True)
class PeriodPhase:
    """A period seen from one reader's today."""

    name: str  # one of PHASES
    start: date
    end: date  # the last day
    today: date
    pace: float  # share of the period elapsed, in [0, 1]

    @property
    def days_to_start(self) -> int:
        return max(0, (self.start - self.today).days)

    @property
    def days_in(self) -> int:
        """Whole days since the first day (0 on the first day)."""
        return max(0, (min(self.today, self.end + timedelta(days=1)) - self.start).days)

    @property
    def days_left(self) -> int:
        """Days after today until the last day (0 on the last day and after)."""
        return max(0, (self.end - max(self.today, self.start - timedelta(days=1))).days)

    @property
    def ended(self) -> bool:
        return self.name == "ended"

    @property
    def looks_ahead(self) -> bool:
        """Whether there is still time to act on: forecasts and "next week" questions make sense."""
        return self.name != "ended"


def phase_on(start: date, end: date, today: date, pace: float | None = None) -> PeriodPhase:
    """The phase of the period ``start``..``end`` (both included) on the reader's ``today``."""
    if today < start:
        name = "before"
    elif today > end:
        name = "ended"
    elif (end - today).days < LAST_WEEK:
        name = "last_week"
    elif (today - start).days < FIRST_WEEKS:
        name = "first_weeks"
    else:
        name = "running"
    if pace is None:
        pace = _share((today - start).days, (end - start).days + 1)
    return PeriodPhase(name, start, end, today, pace)


def phase_at(start: date, end: date, now: datetime, tz: str) -> PeriodPhase:
    """The phase and pace at the instant ``now``, for a reader in the zone ``tz``."""
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    return phase_on(start, end, local.date(), pace_at(start, end, now, tz))


def pace_at(start: date, end: date, now: datetime, tz: str) -> float:
    """The share of the period elapsed at ``now``: from midnight of its first day to midnight after its last, in
    ``tz`` (so a day lost or gained at a clock change counts as it was lived)."""
    zone = ZoneInfo(tz)
    begins = datetime.combine(start, time(0), zone).astimezone(UTC)
    ends = datetime.combine(end + timedelta(days=1), time(0), zone).astimezone(UTC)
    return _share((now - begins).total_seconds(), (ends - begins).total_seconds())


def _share(done: float, total: float) -> float:
    return max(0.0, min(1.0, done / total)) if total > 0 else 1.0


def span(locale: str, days: int) -> str:
    """A stretch of time as people say it: "5 days", "3 weeks", "2 months" (rounded to what is meant)."""
    if days < FIRST_WEEKS:
        unit, n = "day", days
    elif days < 60:
        unit, n = "week", days // 7
    else:
        unit, n = "month", round(days / 30.44)
    return t(locale, f"phase.span.{unit}" if n == 1 else f"phase.span.{unit}s", n=n)


def phase_params(phase: PeriodPhase, locale: str) -> dict[str, str]:
    """The placeholders every phase-worded text may use: ``days`` (until the start), ``elapsed``, ``left``,
    ``pace`` and ``end`` (the last day)."""
    return {
        "days": span(locale, phase.days_to_start), "elapsed": span(locale, phase.days_in),
        "left": t(locale, "phase.span.day" if phase.days_left == 1 else "phase.span.days", n=phase.days_left),
        "pace": percent(phase.pace), "end": day_in_words(locale, phase.end),
    }


def status_line(phase: PeriodPhase, locale: str, period: str) -> str:
    """Where the period stands in one line, e.g. "2026-Q4: 2 months in, 27 days to go (70% of the period)."."""
    return t(locale, f"phase.status.{moment(phase)}", period=period, **phase_params(phase, locale))


def moment(phase: PeriodPhase) -> str:
    """The phase, with its first and last day told apart: first_day, last_day or the phase's name."""
    if phase.name == "first_weeks" and phase.days_in == 0:
        return "first_day"
    if phase.name == "last_week" and phase.days_left == 0:
        return "last_day"
    return phase.name
