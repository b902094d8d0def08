"""Writing a validated organisation file into the store: upsert by ids, so a second import changes nothing.

The file's OKRs are the whole plan of every period they name: an objective or key result a file brought in for such
a period and that is no longer in the file is archived (no more check-ins, its history stays); coming back in the
file brings it back. Objectives made in chat are the chat's, never archived by a file. An existing objective's or
key result's fields follow the file unless chat changed them after the file was saved (handlers/org_conflicts.py);
what the import changes on them goes into the OKR history."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.feed_settings import write_feeds
from handlers.org_changes import KINDS, OrgChanges
from handlers.org_conflicts import FileVersusChat, file_versus_chat
from handlers.org_okr_fields import settle_key_result, settle_objective, settle_parent, settle_return
from handlers.org_schema import KeyResultIn, ObjectiveIn, OrgFile, TeamIn
from handlers.planning_settings import write_planning
from handlers.platforms import platform_of
from handlers.presence import follow_absence, today_of
from handlers.survey_settings import write_survey_settings
from handlers.webhook_settings import write_webhooks
from models import KeyResult, Membership, Objective, Period, Person, Team
from models.absence_store import running_absences
from models.changes import counting_changes
from models.numbering import number_new
from models.okr_history import record_change
from models.one_on_one_store import one_on_ones_of_managers, set_one_on_ones
from models.org_queries import (
    existing_keys,
    file_okrs_of_periods,
    key_results_by_ref,
    memberships_of,
    objectives_by_ref_or_title,
    people_by_user_id,
    periods_by_name,
    remove_memberships,
    teams_by_name,
)

__all__ = ["OrgChanges", "existing_keys", "write_org"]

HISTORY = ("okrchange", "webhookevent")  # what the import's changes write besides the plan: not counted as changes


def _assign(row, **values) -> None:
    """Set only what differs, so an unchanged row stays clean and the session writes nothing for it."""
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


def _row(model, known, **values):
    """``known`` with ``values`` assigned, or a new ``model`` row made with them at once (setting attributes one by
    one costs a large file several seconds)."""
    if known is None:
        return model(**values)
    _assign(known, **values)
    return known


async def write_org(session: AsyncSession, org: OrgFile, *, now: datetime, platform: str = "slack",
                    saved_at: datetime | None = None, prefer_file: bool = False) -> OrgChanges:
    """Upsert the file and archive what left it (stamped ``now``); what changed, by kind. ``platform`` is where
    people the file gives no platform are reached (see handlers/platforms.py). An OKR field changed in chat after
    the file was ``saved_at`` keeps the chat's value unless ``prefer_file`` (handlers/org_conflicts.py)."""
    changes = OrgChanges()
    gate = {"saved_at": saved_at, "prefer_file": prefer_file, "now": now}
    with counting_changes(session) as rows:
        periods = await _periods(session, org)
        people = await _people(session, org, platform)
        teams = await _teams(session, org, people, changes)
        await _okrs(session, org, periods, people, teams, changes, gate)
        await write_survey_settings(session, org, teams)
        await write_webhooks(session, org)
        await write_planning(session, org, teams=teams, people=people)  # handlers/planning_settings.py
        await _one_on_ones(session, org, people, changes)
        await session.flush()
    for table, n in rows.added.items():
        if table not in HISTORY:
            changes.added[KINDS.get(table, table)] += n
    for table, n in rows.changed.items():
        changes.changed[KINDS.get(table, table)] += n
    await _archive_what_left(session, org, periods, now, changes)
    await _absences(session, org, people, now)
    await write_feeds(session, org, teams=teams, people=people, now=now, key_results=[  # handlers/feed_settings.py
        (key_result_ref(objective_ref(o), kr), o.owner if o.level != "person" else None, kr)
        for o in org.okrs for kr in o.key_results])
    return changes


async def _periods(session: AsyncSession, org: OrgFile) -> dict[str, Period]:
    periods = await periods_by_name(session, names={p.name for p in org.periods} | {o.period for o in org.okrs})
    for item in org.periods:
        period = periods.setdefault(item.name, Period(name=item.name, start=item.start, end=item.end))
        _assign(period, start=item.start, end=item.end)
        session.add(period)
    await session.flush()
    return periods


async def _people(session: AsyncSession, org: OrgFile, default_platform: str) -> dict[str, Person]:
    referenced = {p.id for p in org.people} | {p.manager for p in org.people if p.manager}
    referenced |= {m for t in org.teams for m in t.members} | {o.owner for o in org.okrs}
    referenced |= {kr.owner for o in org.okrs for kr in o.key_results if kr.owner}
    referenced |= {o.manager for o in org.one_on_ones} | {o.report for o in org.one_on_ones}
    referenced |= {t.lead for t in org.teams if t.lead}
    people = await people_by_user_id(session, ids=referenced)
    for item in org.people:
        known = people.get(item.id)
        platform = platform_of(listed=item.platform, known=known.platform if known else None, user_id=item.id,
                               default=default_platform)
        person = _row(Person, known, platform_user_id=item.id, name=item.name, email=item.email, aad_id=item.aad_id,
                      tz=item.tz, locale=item.locale, platform=platform)
        people[item.id] = person
        session.add(person)
    await number_new(session, people.values())
    await session.flush()
    for item in org.people:
        _assign(people[item.id], manager_id=people[item.manager].id if item.manager else None)
    return people


async def _absences(session: AsyncSession, org: OrgFile, people: dict[str, Person], now: datetime) -> None:
    """Each ``vacation_until`` becomes an absence of source "import" from the import's day on; one the file no
    longer gives ends (its days gone by stay)."""
    running = await running_absences(session, since=now.date() - timedelta(days=1))
    for item in org.people:
        person, last_day = people[item.id], item.vacation_until
        if last_day is None and not any(a.source == "import" for a in running.get(person.id, ())):
            continue
        away = last_day is not None and last_day >= today_of(person, now)
        await follow_absence(session, person=person, source="import", away=away, last_day=last_day, now=now)


async def _teams(session: AsyncSession, org: OrgFile, people: dict[str, Person], changes: OrgChanges
                 ) -> dict[str, Team]:
    teams = await teams_by_name(session, names={t.name for t in org.teams} | {o.owner for o in org.okrs})
    spoken = {p.id: p.locale for p in org.people}
    for item in org.teams:
        team = teams.setdefault(item.name, Team(name=item.name))
        _assign(team, channel=item.channel, country=item.country, tz=item.tz, locale=_team_locale(item, spoken),
                checkin_weekday=item.checkin.weekday, checkin_time=item.checkin.time,
                every_weeks=item.checkin.every_weeks, summary_names=item.summary_names or None)
        session.add(team)
    await number_new(session, teams.values())
    await session.flush()
    if removed := await _memberships(session, org, teams, people):
        changes.changed["team memberships"] += removed
    return teams


def _team_locale(item: TeamIn, spoken: dict[str, str]) -> str:
    """The team's channel language: as given, or what most of its members speak (``spoken``: person id -> locale)."""
    if item.locale:
        return item.locale
    languages = [spoken[m] for m in item.members if m in spoken]
    return max(("en", "nl"), key=languages.count) if languages else "en"


async def _memberships(session, org: OrgFile, teams: dict[str, Team], people: dict[str, Person]) -> int:
    """Each team's members become exactly the listed ones; a person's primary team (whose check-in cadence applies)
    is their ``primary_team``, or their one team. How many memberships were removed."""
    chosen = {p.id: p.primary_team for p in org.people if p.primary_team}
    wanted: dict[tuple[int, int], bool] = {}
    for item in org.teams:
        for member in item.members:
            wanted[(teams[item.name].id, people[member].id)] = chosen.get(member, item.name) == item.name
    existing = await memberships_of(session, team_ids=[teams[i.name].id for i in org.teams])
    stale = [m.id for m in existing if (m.team_id, m.person_id) not in wanted]
    removed = await remove_memberships(session, ids=stale)
    by_key = {(m.team_id, m.person_id): m for m in existing}
    memberships = []
    for (team_id, person_id), primary in wanted.items():
        membership = by_key.get((team_id, person_id)) or Membership(team_id=team_id, person_id=person_id)
        _assign(membership, primary=primary)
        memberships.append(membership)
    session.add_all(memberships)
    await number_new(session, memberships)
    return removed


def objective_ref(item: ObjectiveIn) -> str:
    return item.id or f"{item.period}/{item.owner}/{item.objective}"


def key_result_ref(objective: str, item: KeyResultIn) -> str:
    """``objective`` is the key result's objective_ref."""
    return item.id or f"{objective}/{item.title}"


async def _okrs(session, org: OrgFile, periods, people, teams, changes: OrgChanges, gate_options: dict) -> None:
    refs = [objective_ref(o) for o in org.okrs]
    parents = {o.parent for o in org.okrs if o.parent}
    objectives = await objectives_by_ref_or_title(session, keys=set(refs) | parents)
    gate = await file_versus_chat(session, objective_ids={o.id for o in objectives.values()}, **gate_options)
    returning: set[int] = set()  # archived objectives back in the file: their key results come back unnamed
    known_ids: set[int] = set()
    for item, ref in zip(org.okrs, refs, strict=True):
        known = objectives.get(ref) if ref in objectives and objectives[ref].ref == ref else None
        owner_person = people.get(item.owner)
        if known is None:
            objective = Objective(ref=ref, title=item.objective, level=item.level, type=item.type,
                                  period_id=periods[item.period].id, status=item.status or "active",
                                  owner_person_id=owner_person.id if owner_person else None,
                                  owner_team_id=None if owner_person else teams[item.owner].id)
        else:
            objective = known
            known_ids.add(known.id)
            if known.archived_at:
                changes.restored.append(known.title)
                returning.add(known.id)
            _assign(known, archived_at=None, period_id=periods[item.period].id)
            await settle_objective(session, gate, known, item, owner_person or teams[item.owner])
        session.add(objective)
        objectives[ref] = objectives[item.objective] = objective
        if item.id:
            objectives[item.id] = objective
    await number_new(session, {id(o): o for o in objectives.values()}.values())
    await session.flush()
    for item, ref in zip(org.okrs, refs, strict=True):
        parent = objectives[item.parent] if item.parent else None
        if objectives[ref].id in known_ids:
            await settle_parent(session, gate, objectives[ref], parent)
        else:
            _assign(objectives[ref], parent_id=parent.id if parent else None)
    await _key_results(session, org, refs, objectives, people, changes, returning, gate)
    changes.conflicts.extend(gate.conflicts)


async def _key_results(session, org: OrgFile, refs: list[str], objectives, people, changes: OrgChanges,
                       returning: set[int], gate: FileVersusChat) -> None:
    kr_refs = {(ref, key_result_ref(ref, kr)) for item, ref in zip(org.okrs, refs, strict=True)
               for kr in item.key_results}
    existing = await key_results_by_ref(session, refs={r for _, r in kr_refs})
    names = {p.id: p.name for p in people.values()}
    added: list[KeyResult] = []
    for item, ref in zip(org.okrs, refs, strict=True):
        objective = objectives[ref]
        for kr in item.key_results:
            kr_ref = key_result_ref(ref, kr)
            known = existing.get(kr_ref)
            owner = people[kr.owner or item.owner]
            if known is None:
                added.append(KeyResult(ref=kr_ref, objective_id=objective.id, owner_id=owner.id, title=kr.title,
                                       kind=kr.kind, baseline=kr.baseline, target=kr.target, unit=kr.unit,
                                       weight=kr.weight))
                continue
            _assign(known, objective_id=objective.id)
            if known.archived_at and known.objective_id in returning:
                known.archived_at = None
            elif known.archived_at:
                if not await settle_return(session, gate, known):
                    continue
                changes.restored.append(known.title)
            await settle_key_result(session, gate, known, kr, owner, names)
    session.add_all(added)
    await number_new(session, added)
    await session.flush()
    for row in added:
        await gate.added(session, row)


async def _one_on_ones(session: AsyncSession, org: OrgFile, people: dict[str, Person], changes: OrgChanges) -> None:
    """Set each 1:1 of the file (ones set by command and not in the file stay). Without ``from``, weeks count from
    the file's first period, so importing the same file again never shifts an every-N-weeks 1:1 by a week."""
    if not org.one_on_ones:
        return
    first_day = min((p.start for p in org.periods), default=None)
    before = await one_on_ones_of_managers(session, manager_ids={people[i.manager].id for i in org.one_on_ones})
    rows = []
    for item in org.one_on_ones:
        ids = {"manager_id": people[item.manager].id, "report_id": people[item.report].id}
        values = {"weekday": item.weekday, "local_time": item.time, "every_weeks": item.every_weeks,
                  "anchor": item.from_ or first_day, "prep_minutes": item.prep_minutes}
        known = before.get((ids["manager_id"], ids["report_id"]))
        if known is None:
            changes.added["1:1s"] += 1
        elif all(getattr(known, name) == value for name, value in values.items()):
            continue
        else:
            changes.changed["1:1s"] += 1
        rows.append(ids | values)
    await set_one_on_ones(session, rows=rows)


async def _archive_what_left(session: AsyncSession, org: OrgFile, periods: dict[str, Period], now: datetime,
                             changes: OrgChanges) -> None:
    """Archive the file-made objectives and key results of the periods the file plans that it no longer holds."""
    refs = {objective_ref(o) for o in org.okrs}
    kr_refs = {key_result_ref(objective_ref(o), kr) for o in org.okrs for kr in o.key_results}
    objectives, key_results = await file_okrs_of_periods(session, period_ids={periods[o.period].id for o in org.okrs})
    left = {o.id for o in objectives if o.ref not in refs}
    for objective in objectives:
        if objective.id in left and objective.archived_at is None:
            objective.archived_at = now
            changes.archived_objectives.append(objective.title)
    for kr in key_results:
        if (kr.ref not in kr_refs or kr.objective_id in left) and kr.archived_at is None:
            kr.archived_at = now
            if kr.objective_id not in left:  # an archived objective's key results go with it, unnamed
                changes.archived_key_results.append(kr.title)
                await record_change(session, objective_id=kr.objective_id, key_result_id=kr.id, what="removed",
                                    before=kr.title, at=now)
    await session.flush()
