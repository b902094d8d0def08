"""A period read once, as plain data, for every digest, summary and recap built from it.

``load`` reads a period in a fixed number of queries (everyone, or only the people a tick needs); the builders
then work on this snapshot without touching the store, so building a thousand digests costs no more queries
than building one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.kpi_health import KpiTrack
from handlers.report import ObjectiveReport, build_reports
from handlers.survey_privacy import PersonalRound, development_for_managers, team_reflections
from handlers.visibility import Circle, channel_objectives, circle_from
from models import KeyResult, Objective, OneOnOne, Period, Person, Team, checkin_facts
from models import digest_queries as q
from models.absence import Absence, absences_of
from models.okr_history import changes_in_period
from models.okrs import OkrChange
from models.planning import PlanningSetting
from models.planning_store import settings as planning_settings
from models.report_queries import HistoryRow
from models.risk_store import RiskRow, risks
from models.share_store import shared_in_period
from scheduler.digest_calendar import team_zone


@dataclass(frozen=True)
class Reflection:
    """One answer to an objective's end-of-quarter reflection, shown with the name of who gave it."""

    name: str
    question: str
    text: str


@dataclass
class Snapshot:
    period: Period
    people: dict[int, Person]
    teams: dict[int, Team]
    members: dict[int, tuple[int, ...]]  # team id -> its members (primary membership or not)
    primary_team: dict[int, int]  # person id -> their primary team id
    objectives: tuple[Objective, ...]
    key_results: tuple[KeyResult, ...]
    history: dict[int, tuple[HistoryRow, ...]]  # key result id -> its check-ins, oldest slot first
    open_risks: tuple[RiskRow, ...]
    development: dict[int, list[PersonalRound]]  # report id -> development mood checks their manager may see
    reflections: dict[int, tuple[Reflection, ...]]  # team-owned objective id -> its reflection answers
    one_on_ones: tuple[OneOnOne, ...] = ()
    shares: dict[int, frozenset[int]] = field(default_factory=dict)  # personal objective id -> shared with
    # What reached whom, for handlers/facts.py: person id -> check-in slot -> first sent; skipped slots; absences;
    # and when okrbot first sent them a check-in (in any period).
    sent_checkins: dict[int, dict[str, datetime]] = field(default_factory=dict)
    skips: dict[int, frozenset[str]] = field(default_factory=dict)
    absences: dict[int, tuple[Absence, ...]] = field(default_factory=dict)
    first_checkins: dict[int, datetime] = field(default_factory=dict)
    changes: dict[int, tuple[OkrChange, ...]] = field(default_factory=dict)  # objective id -> its changes in chat
    as_of: datetime | None = None  # set when the snapshot is cut back to what was known at a moment
    kpis: tuple[KpiTrack, ...] = ()  # for channel posts only (handlers/post_outbox.py)
    # The planning settings (models/planning.py), for the goal-setting 1:1: the organisation's row and each team's.
    planning: tuple[PlanningSetting | None, dict[int, PlanningSetting]] = (None, {})
    _reports: dict[int, ObjectiveReport] = field(default_factory=dict, repr=False)
    _circle: Circle | None = field(default=None, repr=False)
    # Indexes, so building a thousand digests from one snapshot never scans all of it per digest.
    _krs_of_objective: dict[int, list[KeyResult]] = field(init=False, repr=False)
    _krs_of_owner: dict[int, list[KeyResult]] = field(init=False, repr=False)
    _objectives_of_team: dict[int, list[Objective]] = field(init=False, repr=False)
    _objectives_of_owner: dict[int, list[Objective]] = field(init=False, repr=False)
    _order: dict[int, int] = field(init=False, repr=False)
    _objective: dict[int, Objective] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._krs_of_objective, self._krs_of_owner = defaultdict(list), defaultdict(list)
        for kr in self.key_results:
            self._krs_of_objective[kr.objective_id].append(kr)
            self._krs_of_owner[kr.owner_id].append(kr)
        self._objectives_of_team, self._objectives_of_owner = defaultdict(list), defaultdict(list)
        for objective in self.objectives:
            if objective.owner_team_id is not None:
                self._objectives_of_team[objective.owner_team_id].append(objective)
            if objective.owner_person_id is not None:
                self._objectives_of_owner[objective.owner_person_id].append(objective)
        self._order = {o.id: position for position, o in enumerate(self.objectives)}
        self._objective = {o.id: o for o in self.objectives}

    def reports(self, objectives: Sequence[Objective]) -> list[ObjectiveReport]:
        """Progress reports of these objectives, each computed once per snapshot."""
        missing = [o for o in objectives if o.id not in self._reports]
        if missing:
            krs = [kr for o in missing for kr in self._krs_of_objective.get(o.id, ())]
            for report in build_reports(missing, krs, self.history, self.period, self.changes):
                self._reports[report.id] = report
        return [self._reports[o.id] for o in objectives]

    def objectives_of_team(self, team_id: int) -> list[Objective]:
        """What the team's channel may show (handlers/visibility.py): the objectives the team owns, never its
        members' personal ones, in the period's order."""
        return channel_objectives(self._objectives_of_team.get(team_id, ()), team_id=team_id)

    def team_owned(self, team_id: int) -> list[Objective]:
        """The objectives the team itself owns, as its channel may show them."""
        return self.objectives_of_team(team_id)

    def circle(self) -> Circle:
        """The people around the period's objectives, for handlers/visibility.py's rules."""
        if self._circle is None:
            self._circle = circle_from(self.people.values(), self.key_results, self.shares)
        return self._circle

    def objectives_of_person(self, person_id: int) -> list[Objective]:
        """Objectives the person owns or holds a key result in, in the period's order."""
        found = {o.id: o for o in self._objectives_of_owner.get(person_id, ())}
        holds = {kr.objective_id for kr in self._krs_of_owner.get(person_id, ())} - set(found)
        found.update((o, self._objective[o]) for o in holds if o in self._objective)
        return self._ordered(found.values())

    def key_results_of(self, objective_id: int) -> list[KeyResult]:
        return list(self._krs_of_objective.get(objective_id, ()))

    def key_results_owned_by(self, person_id: int) -> list[KeyResult]:
        return list(self._krs_of_owner.get(person_id, ()))

    def _ordered(self, objectives) -> list[Objective]:
        return sorted(objectives, key=lambda o: self._order[o.id])

    def team_tz(self, team_id: int) -> str:
        """The zone the team's posts follow, by the same rule the scheduler uses to time them."""
        zones = Counter(self.people[p].tz for p in self.members.get(team_id, ()) if p in self.people)
        return team_zone(self.teams[team_id].tz, dict(zones))


async def load(session: AsyncSession, *, period: Period, person_ids: Sequence[int] | None = None,
               personal: bool = True) -> Snapshot:
    """Read ``period`` for everyone, or for ``person_ids`` (and the teams they are in) only. Without ``personal``
    (channel posts) the 1:1 reads are left out: risks, development mood checks and 1:1 settings stay empty."""
    ids = None if person_ids is None else sorted(set(person_ids))
    memberships = await q.memberships(session, person_ids=ids)
    team_ids = sorted({m.team_id for m in memberships})
    if ids is not None:  # whole teams, so a team's summary sees everyone in it
        memberships = await q.memberships(session, team_ids=team_ids)
        ids = sorted(set(ids) | {m.person_id for m in memberships})
    people = {p.id: p for p in await q.people(session, person_ids=ids)}
    teams = {t.id: t for t in await q.teams(session, team_ids=None if ids is None else team_ids)}
    members: dict[int, list[int]] = defaultdict(list)
    primary: dict[int, int] = {}
    for m in memberships:
        members[m.team_id].append(m.person_id)
        if m.primary:
            primary.setdefault(m.person_id, m.team_id)
    history: dict[int, list[HistoryRow]] = defaultdict(list)
    for row in await q.period_history(session, period_id=period.id, person_ids=ids):
        history[row.key_result_id].append(row)
    reflections = await team_reflections(session, period_id=period.id, team_ids=list(teams))
    objectives = tuple(await q.period_objectives(session, period_id=period.id))
    known = {o.id for o in objectives}
    changes = {k: v for k, v in (await changes_in_period(session, period_id=period.id)).items() if k in known}
    return Snapshot(
        period=period, people=people, teams=teams, members={k: tuple(v) for k, v in members.items()},
        primary_team=primary, objectives=objectives, changes={k: tuple(v) for k, v in changes.items()},
        key_results=tuple(await q.period_key_results(session, period_id=period.id)),
        history={k: tuple(v) for k, v in history.items()},
        reflections={k: tuple(Reflection(*row) for row in v) for k, v in reflections.items()},
        **(await _personal(session, period, ids, people) if personal else {"open_risks": (), "development": {}}),
        **(await _reached(session, period, ids)),
    )


async def _reached(session: AsyncSession, period: Period, ids: Sequence[int] | None) -> dict:
    """What handlers/facts.py counts from: the check-in slots that reached people, skips, absences, first sends."""
    sent: dict[int, dict[str, datetime]] = defaultdict(dict)
    for row in await checkin_facts.sent_checkin_slots(session, period_id=period.id, person_ids=ids):
        sent[row.person_id][row.slot] = row.sent_at
    skips: dict[int, set[str]] = defaultdict(set)
    for person_id, slot in await checkin_facts.skipped_slots(session, period_id=period.id, person_ids=ids):
        skips[person_id].add(slot)
    return {
        "sent_checkins": dict(sent), "skips": {k: frozenset(v) for k, v in skips.items()},
        # everyone's: one statement whatever the number of people (absences_of chunks a list of ids), and few rows
        "absences": {k: tuple(v) for k, v in (await absences_of(session)).items()},
        "first_checkins": await checkin_facts.first_checkin_sent(session, person_ids=ids),
    }


async def _personal(session: AsyncSession, period: Period, ids: Sequence[int] | None, people: dict[int, Person]
                    ) -> dict:
    """What only a 1:1 prep digest reads: open pre-mortem risks, development mood checks, the 1:1 settings and
    the planning settings (when the goal-setting 1:1 applies)."""
    return {
        "open_risks": tuple(await risks(session, period_id=period.id, person_ids=ids)),
        "development": await development_for_managers(session, period_id=period.id, people=list(people.values())),
        "one_on_ones": tuple(await q.one_on_ones(session, manager_ids=ids)),
        "shares": {o: frozenset(p) for o, p in (await shared_in_period(session, period_id=period.id)).items()},
        "planning": await planning_settings(session),
    }
