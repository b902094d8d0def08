"""Checks across the whole organisation file: every reference points at something that exists."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from handlers.org_schema import OrgFile

Problem = tuple[tuple[str | int, ...], str]


def cross_reference_problems(org: OrgFile, *, known_people: set[str], known_periods: set[str],
                             known_teams: set[str], known_objectives: set[str]) -> list[Problem]:
    """Problems as (location path, reason); ``known_*`` are what the store already holds."""
    people = known_people | {p.id for p in org.people}
    periods = known_periods | {p.name for p in org.periods}
    teams = known_teams | {t.name for t in org.teams}
    objectives = known_objectives | {o.id for o in org.okrs if o.id} | {o.objective for o in org.okrs}
    return [
        *_duplicates(org),
        *_people(org, people),
        *_teams(org, people),
        *_okrs(org, people, periods, teams, objectives),
    ]


def _duplicates(org: OrgFile) -> Iterator[Problem]:
    for section, keys in (("people", [p.id for p in org.people]), ("teams", [t.name for t in org.teams]),
                          ("periods", [p.name for p in org.periods])):
        for key, n in Counter(keys).items():
            if n > 1:
                yield (section, keys.index(key)), f"{key!r} appears {n} times"


def _people(org: OrgFile, people: set[str]) -> Iterator[Problem]:
    for i, person in enumerate(org.people):
        if person.manager and person.manager not in people:
            yield ("people", i, "manager"), f"no person with id {person.manager!r}"
        if person.manager == person.id:
            yield ("people", i, "manager"), "a person can't be their own manager"


def _teams(org: OrgFile, people: set[str]) -> Iterator[Problem]:
    for i, team in enumerate(org.teams):
        for j, member in enumerate(team.members):
            if member not in people:
                yield ("teams", i, "members", j), f"no person with id {member!r}"


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
