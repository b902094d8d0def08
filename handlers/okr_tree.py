"""The OKRs as the REST API shows them: the objective tree of a period (organisation → team → person, by
alignment), key results with their value history. Progress and confidence come from handlers/report.py and
handlers/recap.py, the same account every message uses; what a token may see from handlers/api_access.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.api_access import TokenAccess, readable
from handlers.progress import kr_progress
from handlers.recap import confidence_path
from handlers.report import ObjectiveReport, build_reports
from models import KeyResult, Objective, Period
from models.api_queries import checkin_numbers
from models.okrs import LEVELS
from models.report_queries import history_of, key_results_of, names_of, objectives_of_period
from models.share_store import teams_by_id
from models.value_store import values_of

CHECK_IN = "check-in"


@dataclass(frozen=True)
class PersonRef:
    id: int
    name: str


@dataclass(frozen=True)
class TeamRef:
    id: int
    name: str


@dataclass(frozen=True)
class OwnerRef:
    """An objective's owner: a team for a team objective, a person for a personal or organisation one."""

    team: TeamRef | None
    person: PersonRef | None


@dataclass(frozen=True)
class KeyResultView:
    id: int
    ref: str
    title: str
    kind: str
    unit: str
    baseline: float
    target: float
    current: float | None
    weight: float
    progress: float
    confidence: int | None
    owner: PersonRef


@dataclass(frozen=True)
class ObjectiveNode:
    id: int
    ref: str
    title: str
    level: str
    type: str
    status: str
    period: str
    owner: OwnerRef
    parent_id: int | None
    progress: float
    confidence: float | None
    key_results: tuple[KeyResultView, ...]
    children: tuple[ObjectiveNode, ...]


async def objective_tree(session: AsyncSession, *, access: TokenAccess, period: Period) -> list[ObjectiveNode]:
    """The period's objectives the token may read, as trees: an objective whose parent it may not read is a root."""
    objectives = readable(access, await objectives_of_period(session, period_id=period.id))
    key_results = await key_results_of(session, objective_ids=[o.id for o in objectives])
    history: dict[int, list] = {}
    for row in await history_of(session, key_result_ids=[kr.id for kr in key_results]):
        history.setdefault(row.key_result_id, []).append(row)
    reports = {r.id: r for r in build_reports(objectives, key_results, history, period)}
    people = await names_of(session, person_ids=sorted({kr.owner_id for kr in key_results}
                                                       | {o.owner_person_id for o in objectives if o.owner_person_id}))
    teams = {t.id: t.name for t in (await teams_by_id(
        session, ids=sorted({o.owner_team_id for o in objectives if o.owner_team_id}))).values()}
    rows = {kr.id: kr for kr in key_results}
    children: dict[int | None, list[Objective]] = {}
    known = {o.id for o in objectives}
    for objective in sorted(objectives, key=lambda o: (LEVELS.index(o.level) if o.level in LEVELS else 9, o.id)):
        children.setdefault(objective.parent_id if objective.parent_id in known else None, []).append(objective)

    def node(objective: Objective) -> ObjectiveNode:
        report = reports[objective.id]
        return ObjectiveNode(
            id=objective.id, ref=objective.ref, title=objective.title, level=objective.level, type=objective.type,
            status=objective.status, period=period.name, owner=_owner(objective, people, teams),
            parent_id=objective.parent_id, progress=report.progress, confidence=_latest_confidence(report),
            key_results=tuple(_kr_view(rows[kr.id], kr.progress, kr.confidences, people) for kr in report.key_results),
            children=tuple(node(child) for child in children.get(objective.id, ())))

    return [node(root) for root in children.get(None, ())]


def _latest_confidence(report: ObjectiveReport) -> float | None:
    path = confidence_path(report.key_results)
    return path[-1][1] if path else None


def _owner(objective: Objective, people: dict[int, str], teams: dict[int, str]) -> OwnerRef:
    team, person = objective.owner_team_id, objective.owner_person_id
    return OwnerRef(None if team is None else TeamRef(team, teams.get(team, "")),
                    None if person is None else PersonRef(person, people.get(person, "")))


def _kr_view(kr: KeyResult, progress: float, confidences: Sequence[int], people: dict[int, str]) -> KeyResultView:
    return KeyResultView(id=kr.id, ref=kr.ref, title=kr.title, kind=kr.kind, unit=kr.unit, baseline=kr.baseline,
                         target=kr.target, current=kr.current, weight=kr.weight, progress=progress,
                         confidence=confidences[-1] if confidences else None,
                         owner=PersonRef(kr.owner_id, people.get(kr.owner_id, "")))


@dataclass(frozen=True)
class ValuePoint:
    at: datetime
    value: float
    source: str  # check-in | api | feed
    origin: str
    note: str


@dataclass(frozen=True)
class KeyResultDetail:
    key_result: KeyResultView
    objective_id: int
    archived: bool
    values: tuple[ValuePoint, ...]


async def key_result_detail(session: AsyncSession, *, kr: KeyResult, objective: Objective) -> KeyResultDetail:
    """A key result the caller may read, with every value it had: check-ins' (when answered) and values from
    outside chat (when measured), oldest first."""
    checkins = await checkin_numbers(session, key_result_id=kr.id)
    outside = (await values_of(session, key_result_ids=[kr.id])).get(kr.id, [])
    points = [ValuePoint(c.answered_at, c.value, CHECK_IN, "", "") for c in checkins if c.value is not None]
    points += [ValuePoint(v.measured_at, v.value, v.source, v.origin, v.note) for v in outside]
    people = await names_of(session, person_ids=[kr.owner_id])
    view = _kr_view(kr, kr_progress(kr.kind, kr.baseline, kr.target, kr.current),
                    [c.confidence for c in checkins], people)
    return KeyResultDetail(view, objective.id, kr.archived_at is not None or objective.archived_at is not None,
                           tuple(sorted(points, key=lambda p: p.at)))
