"""``okrbot export --okrs``: the organisation as the store holds it, written as an organisation file that imports
back unchanged (handlers/importer.py). What chat changed is in it; check-ins, values and history are not (they are
``okrbot export``'s). Sources set in chat stay chat's and are left out; a re-import keeps them."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

import yaml
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.feed_settings import ORGANISATION
from handlers.org_schema import WEEKDAYS
from handlers.source_schema import CHAT_MARK
from models.org_export_queries import OrgRows, org_rows

HEADER = "# The organisation as okrbot holds it (okrbot export --okrs); okrbot import reads it back.\n"


async def export_org(session: AsyncSession, *, period_id: int | None, today: date) -> str:
    """The organisation file's text; OKRs of ``period_id`` only when given, else of every period."""
    rows = await org_rows(session, period_id=period_id, today=today)
    data, left_out = OrgDocument(rows).build()
    note = "".join(f"# left out, as it has no key result: {json.dumps(t, ensure_ascii=False)}\n" for t in left_out)
    return HEADER + note + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000,
                                     default_flow_style=False)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Safe YAML, with text of several lines as a block a person reads (the dumper quotes it when a block can't
    hold it exactly). libyaml's, when there, writes 2 000 people in a fraction of the pure-Python dumper's 6 s."""


def _text(dumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)


def number(value: float | None) -> float | int | None:
    """45.0 as 45: what a person would have typed."""
    return int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 1e15 else value


def every_text(minutes: int) -> str:
    for unit, size in (("d", 1440), ("h", 60)):
        if minutes % size == 0:
            return f"{minutes // size}{unit}"
    return f"{minutes}m"


def _given(**values) -> dict:
    """Only the settings that say something: None, empty text and empty lists are the file's defaults."""
    return {k: v for k, v in values.items() if v is not None and v != "" and v != [] and v != {}}


class OrgDocument:
    """The rows, cross-referenced once, turned into the file's sections."""

    def __init__(self, rows: OrgRows):
        self.rows = rows
        self.people = {p.id: p for p in rows.people}
        self.teams = {t.id: t for t in rows.teams}
        self.periods = {p.id: p for p in rows.periods}
        self.kpis = {k.id: k for k in rows.kpis}
        self.sources = {("kr", s.key_result_id) if s.key_result_id else ("kpi", s.kpi_id): s for s in rows.sources}
        self.measures = {m.key_result_id: m.kpi_id for m in rows.measures}
        self.key_results = defaultdict(list)
        for kr in rows.key_results:
            self.key_results[kr.objective_id].append(kr)
        self.objectives = {o.id: o for o in rows.objectives}
        self.kpis_by_id = self._kpis_named_by_id()
        self.parents = {o.parent_id for o in rows.objectives if o.parent_id}
        self.planning = {p.team_id: p for p in rows.planning}
        self.memberships = defaultdict(list)  # person id -> their memberships
        for membership in rows.memberships:
            self.memberships[membership.person_id].append(membership)
        self.away = {}  # person id -> the last day of the file's vacation that still runs
        for absence in rows.vacations:
            self.away[absence.person_id] = max(absence.last_day, self.away.get(absence.person_id, absence.last_day))
        self.schedules = {s.team_id: s for s in rows.schedules}
        self.members = defaultdict(list)  # team id -> its members' ids, in the order they joined
        for membership in sorted(rows.memberships, key=lambda m: m.id):
            self.members[membership.team_id].append(self.people[membership.person_id].platform_user_id)

    def build(self) -> tuple[dict, list[str]]:
        org = self.planning.get(None)
        periods = [{"name": p.name, "start": p.start, "end": p.end} for p in self.rows.periods]
        data: dict = {"periods": {"every": org.every, "named": periods} if org and org.every != "quarter"
                      else periods}
        if org and (org.weeks_before is not None or org.days_after is not None):
            data["planning"] = _given(weeks_before=org.weeks_before, days_after=org.days_after)
        data["people"] = [self._person(p) for p in self.rows.people]
        data["teams"] = [self._team(t) for t in self.rows.teams]
        kept = [o for o in self.rows.objectives if self.key_results[o.id]]
        data["okrs"] = [self._objective(o) for o in kept]
        data.update(_given(surveys=self._statements(), one_on_ones=[self._one_on_one(o) for o in self.rows.one_on_ones],
                           kpis=[self._kpi(k) for k in self.rows.kpis if k.team_id is None],
                           webhooks=[{"url": w.url, "secret_env": w.secret_env, "events": w.events.split(",")}
                                     for w in self.rows.webhooks]))
        return data, [o.title for o in self.rows.objectives if not self.key_results[o.id]]

    def _person(self, person) -> dict:
        teams = self.memberships[person.id]
        primary = next((self.teams[m.team_id].name for m in teams if m.primary), None) if len(teams) > 1 else None
        away = self.away.get(person.id)
        manager = self.people.get(person.manager_id)
        return {"id": person.platform_user_id, "name": person.name, **_given(email=person.email, aad_id=person.aad_id),
                "tz": person.tz, "locale": person.locale,
                **_given(manager=manager.platform_user_id if manager else None, primary_team=primary),
                "platform": person.platform, **_given(vacation_until=away)}

    def _team(self, team) -> dict:
        plan = self.planning.get(team.id)
        lead = self.people.get(plan.lead_id) if plan and plan.lead_id else None
        return {"name": team.name, **_given(channel=team.channel, country=team.country, tz=team.tz),
                "locale": team.locale, "members": self.members[team.id],
                "checkin": {"day": WEEKDAYS[team.checkin_weekday], "time": team.checkin_time,
                            "every_weeks": team.every_weeks},
                **_given(summary_names=True if team.summary_names else None, surveys=self._schedule(team.id),
                         kpis=[self._kpi(k) for k in self.rows.kpis if k.team_id == team.id],
                         lead=lead.platform_user_id if lead else None,
                         planning=_given(weeks_before=plan.weeks_before, days_after=plan.days_after) if plan else None)}

    def _schedule(self, team_id: int) -> dict | None:
        row = self.schedules.get(team_id)
        if row is None:
            return None
        return {**_given(day=WEEKDAYS[row.weekday] if row.weekday is not None else None, time=row.local_time),
                "mood": {"every_weeks": row.mood_every_weeks, "first": row.mood_first.removeprefix("mood_"),
                         "start_week": row.mood_start_week},
                "premortem": row.premortem, "reflection": row.reflection}

    def _statements(self) -> dict | None:
        by_catalog: dict[str, list] = defaultdict(list)
        for s in self.rows.statements:
            by_catalog[s.catalog].append({"id": s.key, "en": s.text_en, "nl": s.text_nl, **_given(tag=s.tag)})
        return {"statements": dict(by_catalog)} if by_catalog else None

    def _one_on_one(self, row) -> dict:
        return {"manager": self.people[row.manager_id].platform_user_id,
                "report": self.people[row.report_id].platform_user_id, "day": WEEKDAYS[row.weekday],
                "time": row.local_time, "every_weeks": row.every_weeks, "prep_hours": number(row.prep_minutes / 60),
                "from": row.anchor}

    def _kpi(self, kpi) -> dict:
        owner = self.people.get(kpi.owner_id)
        named = not self._keyed(kpi) and kpi.id not in self.kpis_by_id
        return {**_given(id=None if named else kpi.key), "name": kpi.name,
                **_given(unit=kpi.unit, low=number(kpi.low), high=number(kpi.high),
                         owner=owner.platform_user_id if owner else None, source=self._source(("kpi", kpi.id)))}

    def _source(self, key: tuple[str, int]) -> dict | None:
        source = self.sources.get(key)
        if source is None:
            return None
        config = json.loads(source.config)
        if config.pop(CHAT_MARK, False):
            return None
        return {"type": source.kind, "name": source.name, **_given(**config), "every": every_text(source.every_minutes)}

    def _objective(self, objective) -> dict:
        owner = self._owner(objective)
        period = self.periods[objective.period_id].name
        default_ref = f"{period}/{owner}/{objective.title}"
        explicit = objective.ref != default_ref or objective.id in self.parents
        parent = self.objectives.get(objective.parent_id)
        return {**_given(id=objective.ref if explicit else None), "objective": objective.title,
                "level": objective.level, "owner": owner, "period": period,
                **_given(type=None if objective.type == "committed" else objective.type,
                         parent=self._parent_key(parent, objective.parent_id),
                         status=None if objective.status == "active" else objective.status),
                "key_results": [self._key_result(kr, objective) for kr in self.key_results[objective.id]]}

    def _owner(self, objective) -> str:
        if objective.owner_person_id is not None:
            return self.people[objective.owner_person_id].platform_user_id
        return self.teams[objective.owner_team_id].name

    def _parent_key(self, parent, parent_id: int | None) -> str | None:
        """The parent's id in the file (written for every parent); a parent of another period (``--period``) by
        its id in the store, which the import finds there."""
        if parent is not None:
            return parent.ref
        return None if parent_id is None else self._stored_ref(parent_id)

    def _stored_ref(self, objective_id: int) -> str | None:
        return self.rows.parent_refs.get(objective_id)

    def _key_result(self, kr, objective) -> dict:
        owner = self.people[kr.owner_id].platform_user_id
        milestone = kr.kind == "milestone"
        measured_by = self.kpis.get(self.measures.get(kr.id))
        return {**_given(id=kr.ref if kr.ref != f"{objective.ref}/{kr.title}" else None), "title": kr.title,
                **_given(kind=None if kr.kind == "increase" else kr.kind,
                         baseline=number(kr.baseline) if not milestone or kr.baseline else None,
                         target=None if milestone else number(kr.target), unit=kr.unit,
                         owner=None if owner == self._owner(objective) else owner,
                         weight=None if kr.weight == 1 else number(kr.weight),
                         source=self._source(("kr", kr.id)), kpi=self._kpi_name(measured_by, objective))}

    def _kpi_name(self, kpi, objective) -> str | None:
        """How the key result names its KPI: by name when the import finds that KPI by it (the team's first, then
        the organisation's), else by id (and the KPI then gets one in the file: see ``kpis_by_id``)."""
        if kpi is None:
            return None
        if self._keyed(kpi):
            return kpi.key
        team = self._owner(objective) if objective.level != "person" else None
        for wanted in (team, None):
            found = next((k for k in self.rows.kpis if self._team_name(k) == wanted
                          and k.name.lower() == kpi.name.lower()), None)
            if found is not None:
                return kpi.name if found.id == kpi.id else kpi.key
        return kpi.key

    def _kpis_named_by_id(self) -> set[int]:
        """The KPIs some key result can only name by id: the file must give them one."""
        named = set()
        for kr in self.rows.key_results:
            kpi = self.kpis.get(self.measures.get(kr.id))
            if kpi is not None and self._kpi_name(kpi, self.objectives[kr.objective_id]) == kpi.key:
                named.add(kpi.id)
        return named

    def _keyed(self, kpi) -> bool:
        """The KPI has an id of its own (its key is not the one its team and name make)."""
        return kpi.key != f"{self._team_name(kpi) or ORGANISATION}/{kpi.name}"

    def _team_name(self, kpi) -> str | None:
        return self.teams[kpi.team_id].name if kpi.team_id else None
