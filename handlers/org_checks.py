"""Checks across the whole organisation file: every reference points at something that exists, and the
organisation it describes holds together (no manager cycles, no overlapping periods, one cadence per person)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import date

from handlers.feed_settings import kpi_problems
from handlers.org_schema import OrgFile
from handlers.org_store import key_result_ref, objective_ref
from models import KeyResult, Objective

Problem = tuple[tuple[str | int, ...], str]


def cross_reference_problems(org: OrgFile, *, known_people: set[str], known_periods: set[str],
                             known_teams: set[str], known_objectives: set[str],
                             known_managers: Mapping[str, str | None] | None = None,
                             known_period_dates: Mapping[str, tuple[date, date]] | None = None) -> list[Problem]:
    """Problems as (location path, reason); ``known_*`` are what the store already holds (``known_managers``: the
    manager of record of people the file does not list, by user id; ``known_period_dates``: start and end of the
    stored periods, by name)."""
    people = known_people | {p.id for p in org.people}
    periods = known_periods | {p.name for p in org.periods}
    teams = known_teams | {t.name for t in org.teams}
    objectives = known_objectives | {o.id for o in org.okrs if o.id} | {o.objective for o in org.okrs}
    return [
        *_duplicates(org),
        *_okr_keys(org),
        *_people(org, people),
        *_teams(org, people),
        *_primary_teams(org),
        *_manager_cycles(org, known_managers or {}),
        *_overlapping_periods(org, known_period_dates or {}),
        *_okrs(org, people, periods, teams, objectives),
        *_one_on_ones(org, people, known_managers or {}),
        *kpi_problems(org, people),  # handlers/feed_settings.py
    ]


def _duplicates(org: OrgFile) -> Iterator[Problem]:
    for section, keys in (("people", [p.id for p in org.people]), ("teams", [t.name for t in org.teams]),
                          ("periods", [p.name for p in org.periods])):
        for key, n in Counter(keys).items():
            if n > 1:
                yield (section, keys.index(key)), f"{key!r} appears {n} times"


def _okr_keys(org: OrgFile) -> Iterator[Problem]:
    """Objectives and key results are found again by their id, or without one by their text: a key used twice
    would merge two of them into one, and one longer than the store keeps could not be saved."""
    objective_limit, key_result_limit = Objective.__table__.c.ref.type.length, KeyResult.__table__.c.ref.type.length
    objectives: set[str] = set()
    key_results: set[str] = set()
    for i, okr in enumerate(org.okrs):
        ref, where = objective_ref(okr), ("okrs", i, "id" if okr.id else "objective")
        if ref in objectives:
            yield where, f"objective id {okr.id!r} appears more than once" if okr.id else \
                "the same objective appears more than once for this owner and period"
            continue
        if len(ref) > objective_limit:
            yield where, f"too long to identify the objective by ({len(ref)} characters with its period and " \
                f"owner, at most {objective_limit}): give it a short id"
            continue
        objectives.add(ref)
        for j, kr in enumerate(okr.key_results):
            kr_ref, kr_where = key_result_ref(ref, kr), ("okrs", i, "key_results", j, "id" if kr.id else "title")
            if kr_ref in key_results:
                yield kr_where, f"key result id {kr.id!r} appears more than once" if kr.id else \
                    "the same key result appears more than once in this objective"
            elif len(kr_ref) > key_result_limit:
                yield kr_where, f"too long to identify the key result by ({len(kr_ref)} characters with its " \
                    f"objective, at most {key_result_limit}): give it a short id"
            key_results.add(kr_ref)


def _people(org: OrgFile, people: set[str]) -> Iterator[Problem]:
    for i, person in enumerate(org.people):
        if person.manager and person.manager not in people:
            yield ("people", i, "manager"), f"no person with id {person.manager!r}"
        if person.manager == person.id:
            yield ("people", i, "manager"), "a person can't be their own manager"


def _teams(org: OrgFile, people: set[str]) -> Iterator[Problem]:
    for i, team in enumerate(org.teams):
        seen: set[str] = set()
        for j, member in enumerate(team.members):
            if member not in people:
                yield ("teams", i, "members", j), f"no person with id {member!r}"
            elif member in seen:
                yield ("teams", i, "members", j), f"{member!r} is listed twice in the members of {team.name!r}"
            seen.add(member)
        if team.lead and team.lead not in people:
            yield ("teams", i, "lead"), f"no person with id {team.lead!r}"


def _primary_teams(org: OrgFile) -> Iterator[Problem]:
    """Each person follows one team's check-in cadence: with several teams, ``primary_team`` on the person says
    which; it names a team of the file that lists them."""
    teams_of: dict[str, list[str]] = {}
    for team in org.teams:
        for member in dict.fromkeys(team.members):
            teams_of.setdefault(member, []).append(team.name)
    listed = {p.id: (i, p) for i, p in enumerate(org.people)}
    for member, teams in teams_of.items():
        i, person = listed.get(member, (None, None))
        if len(teams) > 1 and (person is None or person.primary_team is None):
            where = ("people", i) if person else _member_location(org, member, teams[1])
            yield where, f"{member!r} is in the teams {_names(teams)}: add primary_team: {teams[0]} (or another " \
                "of them) to the person, to say whose check-in day and time apply"
    for i, person in enumerate(org.people):
        if person.primary_team and person.primary_team not in teams_of.get(person.id, []):
            yield ("people", i, "primary_team"), \
                f"{person.primary_team!r} is not a team of this file that lists {person.id!r} as a member"


def _member_location(org: OrgFile, member: str, team_name: str) -> tuple[str | int, ...]:
    i = next(i for i, t in enumerate(org.teams) if t.name == team_name)
    return "teams", i, "members", org.teams[i].members.index(member)


def _names(names: list[str]) -> str:
    return ", ".join(map(repr, names[:-1])) + f" and {names[-1]!r}"


def _manager_cycles(org: OrgFile, known_managers: Mapping[str, str | None]) -> Iterator[Problem]:
    """Someone managing their own manager, directly or further up, would read their own manager's development
    answers: every chain of managers has to end at someone without one. Each cycle is named once."""
    managers = {**known_managers, **{p.id: p.manager for p in org.people}}
    reported: set[str] = set()
    for i, person in enumerate(org.people):
        chain = [person.id]
        while (boss := managers.get(chain[-1])) and boss not in chain:
            chain.append(boss)
        if not boss or boss != person.id or len(chain) < 2 or person.id in reported:
            continue
        reported.update(chain)
        yield ("people", i, "manager"), \
            f"managers go round in a circle: {' → '.join([*chain, person.id])} (someone at the top has no manager)"


def _overlapping_periods(org: OrgFile, known: Mapping[str, tuple[date, date]]) -> Iterator[Problem]:
    """Periods follow each other: on any day at most one is running, so "this period" always means one."""
    listed = [(p.name, p.start, p.end) for p in org.periods]
    names = {p.name for p in org.periods}
    stored = [(name, start, end) for name, (start, end) in known.items() if name not in names]
    for i, (name, start, end) in enumerate(listed):
        for other, other_start, other_end in listed[:i] + stored:
            if other != name and start <= other_end and other_start <= end:
                yield ("periods", i), f"{name!r} ({start} to {end}) overlaps {other!r} ({other_start} to " \
                    f"{other_end}): periods may not share a day"


def _okrs(org: OrgFile, people: set[str], periods: set[str], teams: set[str], objectives: set[str]
          ) -> Iterator[Problem]:
    for i, okr in enumerate(org.okrs):
        if okr.period not in periods:
            yield ("okrs", i, "period"), f"no period named {okr.period!r}"
        owner_is_person = okr.owner in people
        if not owner_is_person and okr.owner not in teams:
            yield ("okrs", i, "owner"), f"{okr.owner!r} is neither a person id nor a team name"
        if okr.parent and okr.parent not in objectives:
            yield ("okrs", i, "parent"), f"no objective with id or text {okr.parent!r}"
        if okr.parent and okr.parent in (okr.id, okr.objective):
            yield ("okrs", i, "parent"), "an objective can't align to itself"
        for j, kr in enumerate(okr.key_results):
            if kr.owner and kr.owner not in people:
                yield ("okrs", i, "key_results", j, "owner"), f"no person with id {kr.owner!r}"
            if not kr.owner and not owner_is_person:
                yield ("okrs", i, "key_results", j), "needs an owner: a person id, as the objective is a team's"


def _one_on_ones(org: OrgFile, people: set[str], known_managers: Mapping[str, str | None]) -> Iterator[Problem]:
    """A 1:1 is the report's manager of record's, once per pair, and starts on a known day."""
    managers = {**known_managers, **{p.id: p.manager for p in org.people}}
    pairs: set[tuple[str, str]] = set()
    for i, item in enumerate(org.one_on_ones):
        for role in ("manager", "report"):
            if getattr(item, role) not in people:
                yield ("one_on_ones", i, role), f"no person with id {getattr(item, role)!r}"
        manager = managers.get(item.report)
        if item.report in people and item.manager in people and manager != item.manager:
            reports_to = f"reports to {manager!r}" if manager else "has no manager"
            yield ("one_on_ones", i, "manager"), \
                f"{item.report!r} {reports_to}, not {item.manager!r}: a 1:1 is with the report's own manager"
        if (item.manager, item.report) in pairs:
            yield ("one_on_ones", i), f"a 1:1 of {item.manager!r} with {item.report!r} appears more than once"
        pairs.add((item.manager, item.report))
        if item.from_ is None and not org.periods:
            yield ("one_on_ones", i), "needs a start date (from: YYYY-MM-DD): the file has no period to start from"
