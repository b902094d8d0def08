"""A full quarter of a large organisation, written with bulk core inserts, for bench/digests.py.

Teams of ``TEAM_SIZE`` round robin over bench/tick.py's places; each team's first member is its manager, and the
manager of every ``TEAMS_PER_DIRECTOR``-th team manages the other managers of its group (so some 1:1s cross
teams). Three organisation objectives, one objective per team and one per person, with 2-3 key results each, and
a check-in on every key result in each of the quarter's 13 Monday slots (a few missed or answered late, some with
blockers and "one level up" texts). A 1:1 per manager and report; development mood checks, pre-mortem risks
and reflections for every digest path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert

from bench.tick import BATCH, FIRST_NAMES, KR_SHAPES, LAST_NAMES, PLACES
from models import (
    Absence,
    CheckIn,
    Delivery,
    KeyResult,
    Membership,
    Objective,
    OneOnOne,
    Period,
    Person,
    PremortemRisk,
    Team,
)
from models.surveys import SurveyAnswer, SurveyRound

PERIOD = ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31))
SLOTS = [date(2026, 10, 5) + timedelta(weeks=w) for w in range(13)]  # Mondays 5 Oct .. 28 Dec
TEAM_SIZE = 8
TEAMS_PER_DIRECTOR = 8
ORG_OBJECTIVES = 3
MOOD_WEEKS = (date(2026, 10, 12), date(2026, 11, 9), date(2026, 12, 7))
TABLES = (Period, Team, Person, Membership, Absence, Objective, KeyResult, CheckIn, Delivery, OneOnOne, SurveyRound,
          SurveyAnswer, PremortemRisk)


@dataclass
class Quarter:
    people: int
    team_ids: list[int]
    one_on_ones: list[OneOnOne]  # detached rows: when each pair meets
    tz: dict[int, str]  # person id -> zone
    key_results: int
    checkins: int


def manager_of(person: int) -> int | None:
    """The team manager for a member; a director for the manager of another team in its group; else None."""
    team = (person - 1) // TEAM_SIZE
    head = team * TEAM_SIZE + 1
    if person != head:
        return head
    director = (team // TEAMS_PER_DIRECTOR) * TEAMS_PER_DIRECTOR * TEAM_SIZE + 1
    return None if director == person else director


async def generate_quarter(engine, *, people: int) -> Quarter:
    """Write the organisation and its quarter; ``people`` is rounded down to whole teams."""
    teams = max(1, people // TEAM_SIZE)
    people = teams * TEAM_SIZE
    rows = _rows(people, teams)
    async with engine.begin() as connection:
        for table in TABLES:
            found = rows[table]
            for first in range(0, len(found), BATCH):
                await connection.execute(insert(table), found[first:first + BATCH])
        if engine.dialect.name == "postgresql":
            for table in TABLES:
                name = table.__tablename__
                await connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
    if engine.dialect.name == "postgresql":
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.exec_driver_sql("VACUUM ANALYZE")
    return Quarter(people, list(range(1, teams + 1)), [OneOnOne(**row) for row in rows[OneOnOne]],
                   {row["id"]: row["tz"] for row in rows[Person]}, len(rows[KeyResult]), len(rows[CheckIn]))


def _rows(people: int, teams: int) -> dict:
    name, start, end = PERIOD
    place = {p: PLACES[((p - 1) // TEAM_SIZE) % len(PLACES)] for p in range(1, people + 1)}
    rows: dict = {table: [] for table in TABLES}
    rows[Period].append({"id": 1, "name": name, "start": start, "end": end})
    rows[Team] = [{"id": t, "name": f"Team {t:04d}", "channel": f"C{t:05d}", "country": place[head][0], "tz": None,
                   "locale": place[head][2], "checkin_weekday": 0, "checkin_time": "09:00", "every_weeks": 1}
                  for t, head in ((t, (t - 1) * TEAM_SIZE + 1) for t in range(1, teams + 1))]
    rows[Person] = [{"id": p, "platform": "slack", "platform_user_id": f"U{p:07d}",
                     "name": f"{FIRST_NAMES[p % 12]} {LAST_NAMES[p % 10]} {p}", "email": f"person{p}@example.com",
                     "tz": place[p][1], "locale": place[p][2], "manager_id": manager_of(p)}
                    for p in range(1, people + 1)]
    rows[Absence] = [{"id": p // 97, "person_id": p, "first_day": date(2026, 11, 30), "last_day": end,
                      "source": "typed", "created_at": datetime(2026, 11, 20, 9, tzinfo=UTC)}
                     for p in range(97, people + 1, 97)]
    rows[Membership] = [{"id": p, "team_id": (p - 1) // TEAM_SIZE + 1, "person_id": p, "primary": True}
                        for p in range(1, people + 1)]
    _objectives(rows, people, teams)
    _checkins(rows)
    _deliveries(rows)
    rows[OneOnOne] = [{"id": i, "manager_id": r["manager_id"], "report_id": r["id"], "weekday": 1 + r["id"] % 3,
                       "local_time": "14:00" if r["id"] % 2 else "10:30", "every_weeks": 2 if r["id"] % 5 == 0 else 1,
                       "anchor": start, "prep_minutes": 120}
                      for i, r in enumerate((r for r in rows[Person] if r["manager_id"]), start=1)]
    _surveys(rows, people)
    return rows


def _objectives(rows: dict, people: int, teams: int) -> None:
    directors = sorted({p for p in range(1, people + 1) if manager_of(p) is None})

    def objective(level: str, title: str, person: int | None, team: int | None, parent: int | None) -> int:
        oid = len(rows[Objective]) + 1
        rows[Objective].append({"id": oid, "ref": f"o-{oid}", "title": title, "level": level,
                                "type": "aspirational" if oid % 3 == 0 else "committed", "period_id": 1,
                                "owner_person_id": person, "owner_team_id": team, "parent_id": parent})
        return oid

    def key_results(oid: int, owners: list[int]) -> None:
        for owner in owners:
            kr = len(rows[KeyResult]) + 1
            kind, baseline, target, unit, title = KR_SHAPES[kr % len(KR_SHAPES)]
            rows[KeyResult].append({"id": kr, "ref": f"kr-{kr}", "objective_id": oid, "owner_id": owner,
                                    "title": f"{title} ({kr})", "kind": kind, "baseline": baseline,
                                    "target": target, "current": None, "unit": unit, "weight": 1.0})

    org = [objective("org", f"Organisation objective {i + 1}", 1, None, None) for i in range(ORG_OBJECTIVES)]
    for oid in org:
        key_results(oid, [directors[(oid + k) % len(directors)] for k in range(3)])
    for team in range(1, teams + 1):
        oid = objective("team", f"Objective of team {team}", None, team, org[team % len(org)])
        first = (team - 1) * TEAM_SIZE + 1
        key_results(oid, [first + 1 + k * 2 for k in range(3)])
    for person in range(1, people + 1):
        oid = objective("person", f"Objective of person {person}", person, None, None)
        key_results(oid, [person] * (2 if person % 4 == 0 else 3))


def _checkins(rows: dict) -> None:
    """A value moving towards the target at its own pace (some stall), a confidence that drifts (some drop)."""
    for kr in rows[KeyResult]:
        k, p = kr["id"], kr["owner_id"]
        pace = 0.5 + (k % 7) / 10
        for week, slot in enumerate(SLOTS):
            if (p * 7 + week) % 23 == 0:
                continue  # a missed check-in
            done = min(1.0, pace * (week + 1) / len(SLOTS))
            if k % 11 == 0 and week >= 8:
                done = min(1.0, pace * 9 / len(SLOTS))  # stalled for the last weeks
            value = _value(kr, done)
            confidence = max(1, min(10, 5 + k % 4 + (week % 3) - 1 - (3 if k % 9 == 0 and week >= 11 else 0)))
            late = timedelta(days=2) if (p + week) % 50 == 0 else timedelta(0)
            rows[CheckIn].append({
                "id": len(rows[CheckIn]) + 1, "person_id": p, "key_result_id": k, "period_id": 1,
                "slot": slot.isoformat(), "value": value, "confidence": confidence,
                "one_level_up": "Vraag het platformteam om hulp" if (k + week) % 20 == 0 else "",
                "blockers": "Stuck waiting for the data export, frustrating" if (k + week) % 15 == 0 else "",
                "answered_at": datetime.combine(slot, time(8 + p % 5), UTC) + late,
            })
            if value is not None:
                kr["current"] = value


def _deliveries(rows: dict) -> None:
    """Every check-in slot reached every key-result holder (what the digests count from, handlers/facts.py)."""
    for p in sorted({kr["owner_id"] for kr in rows[KeyResult]}):
        for slot in SLOTS:
            sent = datetime.combine(slot, time(7), UTC)
            rows[Delivery].append({"id": len(rows[Delivery]) + 1, "kind": "checkin", "person_id": p, "period_id": 1,
                                   "slot": slot.isoformat(), "status": "sent", "attempts": 1, "claimed_at": sent,
                                   "lease_until": sent, "sent_at": sent})


def _value(kr: dict, done: float) -> float | None:
    kind, baseline, target = kr["kind"], kr["baseline"], kr["target"]
    if kind == "milestone":
        return 1.0 if done >= 1.0 else None
    if kind == "stay_below":
        return round(target * (0.6 + 0.6 * (kr["id"] % 3) / 3), 2)
    return round(baseline + (target - baseline) * done, 2)


def _surveys(rows: dict, people: int) -> None:
    persons = {row["id"]: row for row in rows[Person]}

    def round_(survey: str, key: str, closes: date, objective_id: int | None = None) -> int:
        rid = len(rows[SurveyRound]) + 1
        rows[SurveyRound].append({"id": rid, "survey": survey, "period_id": 1, "key": key,
                                  "objective_id": objective_id, "closes_at": datetime.combine(closes, time(0), UTC)})
        return rid

    def answer(rid: int, person: int, question: str, score: int | None, text: str, day: date) -> None:
        rows[SurveyAnswer].append({
            "id": len(rows[SurveyAnswer]) + 1, "round_id": rid, "person_id": person, "question": question,
            "score": score, "text": text, "manager_id": persons[person]["manager_id"],
            "team_id": (person - 1) // TEAM_SIZE + 1, "answered_at": datetime.combine(day, time(11), UTC)})

    for week in MOOD_WEEKS:
        rid = round_("mood_development", week.isoformat(), week + timedelta(days=13))
        for person in range(2, people + 1, 2):
            if persons[person]["manager_id"]:
                why = "I see no next step yet" if person % 3 == 0 else ""
                answer(rid, person, "career", 1 + (person + week.month) % 7, why, week)
                answer(rid, person, "feedback", 1 + person % 7, "", week)
    for objective in (o for o in rows[Objective] if o["level"] == "team"):
        oid, first = objective["id"], (objective["owner_team_id"] - 1) * TEAM_SIZE + 1
        premortem = round_("premortem", f"o{oid}", date(2026, 10, 20), oid)
        reflection = round_("reflection", f"o{oid}", date(2027, 1, 15), oid)
        answer(premortem, first + 1, "failure", None, "The export tool comes late", date(2026, 10, 6))
        for position, person in enumerate(range(first + 1, first + TEAM_SIZE, 3)):
            rows[PremortemRisk].append({
                "id": len(rows[PremortemRisk]) + 1, "round_id": premortem, "person_id": person, "objective_id": oid,
                "period_id": 1, "position": position, "text": f"Risk {position + 1} of team {oid}",
                "status": "gone" if person % 6 == 0 else "open", "last_answer": None, "last_slot": None,
                "updated_at": datetime(2026, 10, 6, 11, tzinfo=UTC)})
        for person in (first, first + 2):
            answer(reflection, person, "learned", None, f"Calling customers back moved objective {oid} most",
                   date(2027, 1, 4))
            answer(reflection, person, "closeness", 6 + person % 4, "", date(2027, 1, 4))
