"""Who may see which OKR data: one function per kind of data, asked by every message, channel posts included.
Survey answers have their own rules in handlers/survey_privacy.py.

The rules:

* **Team and organisation objectives**, with their key results and progress, are open to everyone.
* **A personal objective** (``level: person``) is seen by its owner, the people who hold one of its key results,
  the owner's manager of record, and the people the owner shared it with (``share``). Never in a channel post.
  The manager is the *direct* manager only, not the chain above: it is the same manager of record who gets the
  1:1 prep digest and the development mood checks, so "your manager" means one person everywhere; an owner who
  wants their skip-level to see it shares it; and a chain could not widen by itself when someone higher up
  changes.
* **A key result's blockers**: its owner and their manager of record (prep digest, ``coach 1:1``), and when the
  objective is a team's, that team's channel (the weekly summary; a key result has one owner, so the author is
  known there). On a personal objective only the people who may see the objective.
* **A draft** of a planning round (``status: draft``) is seen by its owner and their manager of record; a team's
  draft by the team's members and its lead too; an organisation draft also by the team leads who align to it. No
  channel post shows a draft's content (the team's channel only hears which of its objectives are still drafts).
* **A channel post** (weekly summary, recap, ``team``, which may be answered in a channel) shows only the
  objectives the channel's team owns, never a personal one.

The functions are pure over plain data (a ``Circle``); ``circle_of`` reads it from the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from models import KeyResult, Objective, Person
from models.okr_queries import OwnedKeyResult
from models.share_store import (
    key_result_holders,
    key_result_objectives,
    objective_rows,
    person_rows,
    shared_with,
    teams_by_id,
)

PERSONAL = "person"


@dataclass(frozen=True)
class Circle:
    """The people around objectives, as the rules need them."""

    managers: Mapping[int, int | None] = field(default_factory=dict)  # person -> manager of record
    holders: Mapping[int, Collection[int]] = field(default_factory=dict)  # objective -> its key results' owners
    shared: Mapping[int, Collection[int]] = field(default_factory=dict)  # objective -> people its owner shared with
    members: Mapping[int, Collection[int]] = field(default_factory=dict)  # team -> its members and lead (drafts)
    leads: Collection[int] = ()  # the team leads, who see the organisation's drafts to align to


@dataclass(frozen=True)
class Readers:
    """Who may read something: people by id, and teams whose channel posts show it."""

    people: frozenset[int]
    channels: frozenset[int] = frozenset()


def is_personal(objective: Objective) -> bool:
    return objective.level == PERSONAL


def objective_readers(objective: Objective, circle: Circle) -> Readers | None:
    """Who may see a personal objective or a draft; None for an agreed team or organisation objective, which
    everyone may see."""
    if objective.status == "draft":
        return _draft_readers(objective, circle)
    if not is_personal(objective):
        return None
    people = set(circle.holders.get(objective.id, ())) | set(circle.shared.get(objective.id, ()))
    owner = objective.owner_person_id
    if owner is not None:
        people.add(owner)
        if (manager := circle.managers.get(owner)) is not None:
            people.add(manager)
    return Readers(frozenset(people))


def _draft_readers(objective: Objective, circle: Circle) -> Readers:
    people: set[int] = set()
    if (owner := objective.owner_person_id) is not None:
        people.add(owner)
        if (manager := circle.managers.get(owner)) is not None:
            people.add(manager)
    if objective.owner_team_id is not None:
        people |= set(circle.members.get(objective.owner_team_id, ()))
    if objective.level == "org":
        people |= set(circle.leads)
    return Readers(frozenset(people))


def may_see(viewer_id: int, objective: Objective, circle: Circle) -> bool:
    readers = objective_readers(objective, circle)
    return readers is None or viewer_id in readers.people


def in_channel(objective: Objective, team_id: int) -> bool:
    """Whether a post in ``team_id``'s channel may show the objective: the team's own, never a personal one."""
    return objective.owner_team_id == team_id and not is_personal(objective) and objective.status != "draft"


def channel_objectives(objectives: Iterable[Objective], *, team_id: int) -> list[Objective]:
    return [o for o in objectives if in_channel(o, team_id)]


def blocker_readers(objective: Objective, key_result_owner: int, circle: Circle) -> Readers:
    """Who may read the blockers written on a key result of ``objective`` by its owner."""
    personal = objective_readers(objective, circle)
    if personal is not None:
        return personal
    people = {key_result_owner}
    if (manager := circle.managers.get(key_result_owner)) is not None:
        people.add(manager)
    channels = frozenset() if objective.owner_team_id is None else frozenset({objective.owner_team_id})
    return Readers(frozenset(people), channels)


def circle_from(people: Iterable[Person], key_results: Iterable[KeyResult],
                shared: Mapping[int, Collection[int]]) -> Circle:
    """The circle of data already read (a digest snapshot): someone not among ``people`` has no known manager."""
    holders: dict[int, set[int]] = defaultdict(set)
    for kr in key_results:
        holders[kr.objective_id].add(kr.owner_id)
    return Circle({p.id: p.manager_id for p in people}, dict(holders), dict(shared))


async def circle_of(session: AsyncSession, objectives: Sequence[Objective]) -> Circle:
    """The circle of these objectives, from the store (nothing to read when none is personal)."""
    personal = sorted(o.id for o in objectives if is_personal(o))
    if not personal:
        return Circle()
    holders = await key_result_holders(session, objective_ids=personal)
    shared = await shared_with(session, objective_ids=personal)
    owners = sorted({o.owner_person_id for o in objectives if is_personal(o) and o.owner_person_id is not None}
                    | {p for people in holders.values() for p in people})
    managers = {p.id: p.manager_id for p in (await person_rows(session, ids=owners)).values()}
    return Circle(managers, holders, shared)


async def visible_objectives(session: AsyncSession, *, viewer_id: int, objectives: Sequence[Objective]
                             ) -> list[Objective]:
    """The objectives ``viewer_id`` may see, in the given order."""
    circle = await circle_of(session, objectives)
    return [o for o in objectives if may_see(viewer_id, o, circle)]


@dataclass(frozen=True)
class BlockerAudience:
    """The readers of a key result's blockers as its owner is told them: names, the owner left out."""

    manager: str | None = None
    people: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()  # names of the teams whose channel gets the summary (a team without one gets none)


async def blocker_audiences(session: AsyncSession, *, key_results: Sequence[OwnedKeyResult]
                            ) -> dict[int, BlockerAudience]:
    """Per key result: who, besides its owner, may read the blockers the owner writes there. A fixed number of
    queries for any number of key results, so every check-in of a tick says it."""
    objective_of = {kr.id: kr.objective_id for kr in key_results if kr.objective_id is not None}
    if len(objective_of) < len(key_results):
        objective_of |= await key_result_objectives(
            session, key_result_ids=[kr.id for kr in key_results if kr.id not in objective_of])
    objectives = await objective_rows(session, ids=sorted(set(objective_of.values())))
    circle = await circle_of(session, list(objectives.values()))
    owners = await person_rows(session, ids=sorted({kr.owner_id for kr in key_results}))
    circle = Circle({**circle.managers, **{p.id: p.manager_id for p in owners.values()}}, circle.holders,
                    circle.shared)
    # The readers depend on the objective and the key result's owner only: worked out once per such pair.
    pair_of = {kr.id: (objective_of[kr.id], kr.owner_id) for kr in key_results
               if kr.id in objective_of and kr.owner_id in owners}
    readers = {pair: blocker_readers(objectives[pair[0]], pair[1], circle) for pair in set(pair_of.values())}
    named = {p for r in readers.values() for p in r.people}
    names = {p: owners[p] for p in named if p in owners} | await person_rows(
        session, ids=sorted(named - owners.keys()))
    teams = await teams_by_id(session, ids=sorted({c for r in readers.values() for c in r.channels}))
    audiences = {pair: _audience(r, owners[pair[1]], names, teams) for pair, r in readers.items()}
    return {kr: audiences[pair] for kr, pair in pair_of.items()}


def _audience(readers: Readers, owner: Row, people: Mapping[int, Row], teams: Mapping) -> BlockerAudience:
    manager = owner.manager_id if owner.manager_id in readers.people else None
    others = sorted(people[p].name for p in readers.people - {owner.id, manager} if p in people)
    return BlockerAudience(people[manager].name if manager in people else None, tuple(others),
                           tuple(sorted(teams[c].name for c in readers.channels if c in teams and teams[c].channel)))
