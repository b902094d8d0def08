"""Sources and KPIs from the organisation file (called by handlers/org_store.py once key results exist).

A KPI is found again by its ``id``, or without one by its team and name. The file's KPIs are the whole list when
the file names any: one left out is archived (its values stay). A key result's ``source:`` in the file replaces the
one it had; a ``source:`` taken out of the file stops that source (the values it gave stay), while a source set in
chat stays until ``source ID off``. Sources of archived key results and KPIs stop too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.org_schema import KeyResultIn, OrgFile
from handlers.source_schema import CHAT_MARK, KpiIn
from models import Person, Team
from models.feeds import Kpi
from models.org_queries import key_results_by_ref
from models.source_settings import kpis_by_key, set_measures, set_source, sources_of, stop_archived_sources

ORGANISATION = "(organisation)"


def kpi_key(team: str | None, item: KpiIn) -> str:
    return item.id or f"{team or ORGANISATION}/{item.name}"


def kpis_in(org: OrgFile) -> list[tuple[str | None, KpiIn]]:
    return [(None, k) for k in org.kpis] + [(team.name, k) for team in org.teams for k in team.kpis]


def source_config(source, *, chat: bool = False) -> str:
    """The source as stored: its settings without its name and interval, as JSON (no secret, only names of them).
    ``chat``: set by the ``source`` command, so read from public addresses only (handlers/public_address.py)."""
    settings = source.model_dump(mode="json", exclude={"name", "every"})
    return json.dumps(settings | ({CHAT_MARK: True} if chat else {}), sort_keys=True)


def set_in_chat(config: str) -> bool:
    try:
        return bool(json.loads(config).get(CHAT_MARK))
    except (ValueError, AttributeError):
        return False


async def write_feeds(session: AsyncSession, org: OrgFile, *, teams: Mapping[str, Team], people: Mapping[str, Person],
                      key_results: Sequence[tuple[str, str | None, KeyResultIn]], now: datetime) -> None:
    """``key_results``: (key result ref, owning team's name or None, the file's key result)."""
    kpis = await _kpis(session, org, teams, people, now)
    rows = await key_results_by_ref(session, refs={ref for ref, _, _ in key_results})
    listed = [(rows[ref], item) for ref, _, item in key_results]
    known = await sources_of(session, key_result_ids=[row.id for row, _ in listed],
                             kpi_ids=[k.id for k in kpis.values()])
    dropped = []
    for row, item in listed:
        source = known.get(("kr", row.id))
        if item.source is not None:
            _set(session, source, item.source, now, key_result_id=row.id)
        elif source is not None and not set_in_chat(source.config):
            dropped.append(source)
    for team, item in kpis_in(org):
        kpi = kpis[kpi_key(team, item)]
        source = known.get(("kpi", kpi.id))
        if item.source is not None:
            _set(session, source, item.source, now, kpi_id=kpi.id)
        elif source is not None:
            dropped.append(source)
    for source in dropped:
        await session.delete(source)
    await stop_archived_sources(session)
    wanted = {rows[ref].id: _kpi_named(kpis, org, team, item.kpi).id for ref, team, item in key_results if item.kpi}
    await set_measures(session, wanted=wanted, key_result_ids=[row.id for row in rows.values()])
    await session.flush()


def _set(session, known, source, now: datetime, **target) -> None:
    set_source(session, known, kind=source.type, name=source.public_name(), config=source_config(source),
               every_minutes=source.minutes, now=now, **target)


async def _kpis(session: AsyncSession, org: OrgFile, teams, people, now: datetime) -> dict[str, Kpi]:
    listed = kpis_in(org)
    if not listed:
        return {}
    existing = await kpis_by_key(session)
    keys = set()
    for team, item in listed:
        key = kpi_key(team, item)
        keys.add(key)
        kpi = existing.get(key) or Kpi(key=key, name=item.name)
        kpi.name, kpi.unit, kpi.low, kpi.high = item.name, item.unit, item.low, item.high
        kpi.team_id = teams[team].id if team else None
        kpi.owner_id = people[item.owner].id if item.owner else None
        kpi.archived_at = None
        existing[key] = kpi
        session.add(kpi)
    for key, kpi in existing.items():
        if key not in keys and kpi.archived_at is None:
            kpi.archived_at = now
    await session.flush()
    return {key: existing[key] for key in keys}


def kpi_reference(org: OrgFile, team: str | None, reference: str) -> str | None:
    """The key of the KPI a key result names (an id, or a name: its team's KPI first, then the organisation's)."""
    listed = kpis_in(org)
    for owner, item in listed:
        if item.id == reference:
            return kpi_key(owner, item)
    for wanted in (team, None):
        for owner, item in listed:
            if owner == wanted and item.name.lower() == reference.lower():
                return kpi_key(owner, item)
    return None


def _kpi_named(kpis: Mapping[str, Kpi], org: OrgFile, team: str | None, reference: str) -> Kpi:
    return kpis[kpi_reference(org, team, reference)]  # checked by kpi_problems before anything is written


def kpi_problems(org: OrgFile, people: set[str]):
    """(location, reason) of each KPI owner who is no person and each key result naming no KPI of the file."""
    for i, item in enumerate(org.kpis):
        if item.owner and item.owner not in people:
            yield ("kpis", i, "owner"), f"no person with id {item.owner!r}"
    for i, team in enumerate(org.teams):
        for j, item in enumerate(team.kpis):
            if item.owner and item.owner not in people:
                yield ("teams", i, "kpis", j, "owner"), f"no person with id {item.owner!r}"
    keys = [kpi_key(team, item) for team, item in kpis_in(org)]
    if len(set(keys)) < len(keys):
        yield ("kpis",), "two KPIs have the same id, or the same name in one team"
    for i, okr in enumerate(org.okrs):
        team = okr.owner if okr.level != "person" else None
        for j, kr in enumerate(okr.key_results):
            if kr.kpi and kpi_reference(org, team, kr.kpi) is None:
                yield ("okrs", i, "key_results", j, "kpi"), f"no KPI with id or name {kr.kpi!r} in the file"
