"""One account of what happened: every count and statement about a person's check-ins in a period comes from here.

Each check-in slot of the period (by its nominal day) gets ONE state, from the store's rows only:

* ``answered``: the person answered every key result they hold (whatever came after: a later skip or absence);
* ``partly``: they answered some of them;
* ``skipped``: they said "not this week" and answered nothing;
* ``missed``: it reached them, nothing was answered, and its answer window is over;
* ``open``: it reached them and can still be answered;
* ``away``: it did not reach them and they were away that day;
* ``not_sent``: nothing reached them (before okrbot started for them, downtime, a slot still to come).

A slot *reached* the person when a check-in, reminder or snoozed check-in for it was sent (a delivery stays
delivered: going away later changes nothing), or when they answered or skipped it anyway. Only slots that reached
the person are counted; ``away`` and ``not_sent`` slots are neither missed nor answered.

The pure core (``account``) takes plain rows; ``account_of`` reads them from a period snapshot.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from models.absence import Absence, away_on
from scheduler.cadence import Cadence, local_now, nominal_days, slot_for

if TYPE_CHECKING:
    from handlers.digest_data import Snapshot

ANSWERED, PARTLY, SKIPPED, MISSED, OPEN, AWAY, NOT_SENT = (
    "answered", "partly", "skipped", "missed", "open", "away", "not_sent")
REACHED = frozenset({ANSWERED, PARTLY, SKIPPED, MISSED, OPEN})
CHECKED_IN = frozenset({ANSWERED, PARTLY})
WEEK = timedelta(weeks=1)
_NEVER = datetime.max.replace(tzinfo=UTC)
LATEST = datetime(9999, 1, 1, tzinfo=UTC)  # "as of everything the snapshot holds"


@dataclass(frozen=True)
class SlotFact:
    nominal: date
    state: str


@dataclass(frozen=True)
class Account:
    """A person's check-in slots of a period up to a moment, oldest first, and when okrbot first reached them."""

    person_id: int
    slots: tuple[SlotFact, ...]
    first_checkin: datetime | None = None  # the first check-in ever sent to them, in any period

    def count(self, *states: str) -> int:
        return sum(s.state in states for s in self.slots)

    @property
    def delivered(self) -> int:
        return self.count(*REACHED)

    @property
    def answered(self) -> int:
        return self.count(ANSWERED)

    @property
    def partly(self) -> int:
        return self.count(PARTLY)

    @property
    def checked_in(self) -> int:
        """Slots with at least one key result answered."""
        return self.count(*CHECKED_IN)

    @property
    def skipped(self) -> int:
        return self.count(SKIPPED)

    @property
    def open(self) -> int:
        return self.count(OPEN)

    @property
    def missed_days(self) -> tuple[date, ...]:
        return tuple(s.nominal for s in self.slots if s.state == MISSED)

    def within(self, first: date, end: date) -> tuple[SlotFact, ...]:
        """The slots whose nominal day is in ``[first, end)``."""
        return tuple(s for s in self.slots if first <= s.nominal < end)


@dataclass(frozen=True)
class Planned:
    """A slot the cadence planned: its nominal day, the person's local day it was due, and when."""

    nominal: date
    local_day: date
    prompt_at: datetime


def slot_state(*, sent_at: datetime | None, answered: Collection[int], holds: Collection[int], skipped: bool,
               away: bool, as_of: datetime, window: timedelta) -> str:
    """The one state of a slot (see the module docstring); ``answered`` are key result ids answered by ``as_of``."""
    if answered:
        return ANSWERED if set(holds) <= set(answered) else PARTLY
    if skipped:
        return SKIPPED
    if sent_at is not None and sent_at <= as_of:
        return OPEN if as_of < sent_at + window else MISSED
    return AWAY if away else NOT_SENT


def account(person_id: int, *, planned: Sequence[Planned], sent: Mapping[str, datetime],
            answers: Mapping[str, Collection[int]], skipped: Collection[str], absences: Sequence[Absence],
            holds: Collection[int], as_of: datetime, window: timedelta = WEEK,
            first_checkin: datetime | None = None) -> Account:
    """The person's slots: those the cadence planned by ``as_of``, and any other slot that reached them.

    ``sent`` maps a slot key to its first sending, ``answers`` a slot key to the key results answered in it by
    ``as_of``; ``window`` is how long a slot stays answerable after it reached the person (the cadence's interval).
    """
    days = {p.nominal.isoformat(): p for p in planned if p.prompt_at <= as_of}
    known = [k for k, at in sent.items() if at <= as_of] + [*answers]
    known += [k for k in skipped if (day := _day(k)) is not None and day <= as_of.date()]
    extra = {k for k in known if k not in days and _day(k) is not None}
    if extra:
        days |= {k: Planned(_day(k), _day(k), _NEVER) for k in extra}
    facts = []
    for key in sorted(days):
        at = sent.get(key)
        facts.append(SlotFact(days[key].nominal, slot_state(
            sent_at=at if at is not None and at <= as_of else None, answered=answers.get(key, ()), holds=holds,
            skipped=key in skipped, away=away_on(absences, days[key].local_day), as_of=as_of, window=window)))
    first = first_checkin if first_checkin is not None and first_checkin <= as_of else None
    return Account(person_id, tuple(facts), first)


def account_of(snapshot: Snapshot, person_id: int, *, as_of: datetime) -> Account:
    """The person's account of the snapshot's period, as known at ``as_of``."""
    person, period = snapshot.people[person_id], snapshot.period
    holds = [kr.id for kr in snapshot.key_results_owned_by(person_id)
             if kr.archived_at is None or kr.archived_at > as_of]
    answers: dict[str, set[int]] = {}
    for kr in snapshot.key_results_owned_by(person_id):
        for row in snapshot.history.get(kr.id, ()):
            if row.person_id == person_id and row.answered_at <= as_of:
                answers.setdefault(row.slot[:10], set()).add(kr.id)
    team = snapshot.teams.get(snapshot.primary_team.get(person_id, -1))
    planned, window = (), WEEK
    if team is not None:
        cadence = Cadence(team.checkin_weekday, time.fromisoformat(team.checkin_time), team.every_weeks)
        window = WEEK * team.every_weeks
        last = min(period.end, local_now(person.tz, as_of).date())
        planned = _planned(cadence, person.tz, team.country, period.start, last)
    return account(person_id, planned=planned, sent=snapshot.sent_checkins.get(person_id, {}), answers=answers,
                   skipped=snapshot.skips.get(person_id, frozenset()), absences=snapshot.absences.get(person_id, ()),
                   holds=holds, as_of=as_of, window=window, first_checkin=snapshot.first_checkins.get(person_id))


@lru_cache(maxsize=4096)  # a team's members mostly share a zone: the same slots for each of them
def _planned(cadence: Cadence, tz: str, country: str | None, start: date, last: date) -> tuple[Planned, ...]:
    return tuple(Planned(s.nominal, s.local_day, s.prompt_at) for s in
                 (slot_for(d, cadence, tz, country) for d in nominal_days(cadence, start, start, last)))


def round_turnout(snapshot: Snapshot, person_ids: Collection[int], *, first: date, end: date, as_of: datetime
                  ) -> tuple[set[int], set[int]]:
    """Of ``person_ids``, who a check-in round (slots with a nominal day in ``[first, end)``) reached and who
    checked in in it: ``(checked_in, reached_but_not_checked_in)``. Someone it never reached is in neither."""
    checked_in, waiting = set(), set()
    for person_id in person_ids:
        states = {s.state for s in account_of(snapshot, person_id, as_of=as_of).within(first, end)}
        if states & CHECKED_IN:
            checked_in.add(person_id)
        elif states & REACHED:
            waiting.add(person_id)
    return checked_in, waiting


def _day(key: str) -> date | None:
    try:
        return date.fromisoformat(key[:10])
    except ValueError:
        return None
