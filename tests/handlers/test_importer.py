"""An admin imports the organisation file: everything lands, a re-import is harmless, a broken file lands nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import SQLModel

from bot.messages import KeyResultLine
from handlers.importer import ImportRejected, ImportSummary, parse
from handlers.okr_authoring import open_new_okr, submit_new_okr
from handlers.org_checks import cross_reference_problems
from models import KeyResult, Membership, Objective, OneOnOne, Person, Team
from models.checkin_store import record_checkins
from models.db import transaction
from models.people_queries import person_by_platform_id, primary_team
from models.report_queries import history_of, objectives_of_period
from models.roster import checkin_roster
from scheduler.tick import tick
from tests.orgs import SMALL_ORG

MONDAY = datetime(2026, 10, 5, tzinfo=UTC)

ROOT = Path(__file__).resolve().parents[2]

# The same kind of file in block style, so every field has a line of its own.
ORG = """\
periods:
  - name: 2026-Q4
    start: 2026-10-01
    end: 2026-12-31
people:
  - id: U_BRAM
    name: Bram Bakker
    tz: Europe/Amsterdam
  - id: U_ANNA
    name: Anna de Vries
    tz: Europe/Amsterdam
    locale: nl
    manager: U_BRAM
teams:
  - name: Support
    country: NL
    members: [U_ANNA, U_BRAM]
    checkin:
      day: monday
      time: "09:00"
okrs:
  - id: support-fans
    objective: Onze klanten zijn fan van onze dienstverlening
    level: team
    owner: Support
    period: 2026-Q4
    key_results:
      - id: nps
        title: NPS stijgt van 25 naar 45
        kind: increase
        baseline: 25
        target: 45
        owner: U_ANNA
"""

COMPANY_OBJECTIVE = """\
  - id: company-2026
    objective: We grow by keeping customers
    level: org
    owner: U_BRAM
    period: 2026-Q4
    key_results:
      - {title: Net revenue retention above 110%, kind: stay_above, target: 110, unit: "%"}
"""


async def everything(sessions) -> dict[str, list[tuple]]:
    """Every row of every table, ids included, in primary key order."""
    async with sessions() as session:
        return {
            table.name: [tuple(row) for row in await session.execute(select(table).order_by(*table.primary_key))]
            for table in SQLModel.metadata.sorted_tables
        }


async def teams_of(sessions, user_id: str) -> dict[str, bool]:
    """Team name -> whether it is the person's primary team."""
    async with sessions() as session:
        rows = await session.execute(
            select(Team.name, Membership.primary).join(Membership, Membership.team_id == Team.id)
            .join(Person, Person.id == Membership.person_id).where(Person.platform_user_id == user_id)
        )
        return dict(rows.all())


async def key_result(sessions, ref: str) -> KeyResult:
    async with sessions() as session:
        return (await session.execute(select(KeyResult).where(KeyResult.ref == ref))).scalar_one()


async def parent_of(sessions, ref: str) -> str | None:
    async with sessions() as session:
        child = (await session.execute(select(Objective).where(Objective.ref == ref))).scalar_one()
        if child.parent_id is None:
            return None
        return (await session.get(Objective, child.parent_id)).ref


async def test_the_example_org_imports_everyone_and_everything(sessions, load_org):
    summary = await load_org(SMALL_ORG)

    assert summary == ImportSummary(people=4, teams=2, periods=1, objectives=2, key_results=5)
    rows = await everything(sessions)
    counts = {name: len(rows[name]) for name in ("person", "team", "period", "objective", "keyresult", "membership")}
    assert counts == {"person": 4, "team": 2, "period": 1, "objective": 2, "keyresult": 5, "membership": 4}
    assert rows["checkin"] == rows["delivery"] == rows["slotstatus"] == []


async def test_the_imported_people_have_their_manager_zone_and_language(sessions, load_org):
    await load_org(SMALL_ORG)
    async with sessions() as session:
        anna = await person_by_platform_id(session, platform_user_id="U_ANNA")
        bram = await person_by_platform_id(session, platform_user_id="U_BRAM")
        ben = await person_by_platform_id(session, platform_user_id="U_BEN")
    assert (anna.name, anna.tz, anna.locale, anna.manager_id) == ("Anna de Vries", "Europe/Amsterdam", "nl", bram.id)
    assert (ben.tz, ben.locale, ben.manager_id) == ("America/New_York", "en", None)


async def test_importing_the_same_file_twice_changes_nothing(sessions, load_org):
    await load_org(SMALL_ORG)
    before = await everything(sessions)

    await load_org(SMALL_ORG)

    assert await everything(sessions) == before


async def test_a_changed_target_updates_the_key_result_and_keeps_where_it_stands(sessions, load_org):
    await load_org(SMALL_ORG)
    async with transaction(sessions) as session:  # as if Anna had checked in on NPS
        (await session.execute(select(KeyResult).where(KeyResult.ref == "nps"))).scalar_one().current = 33.0
    nps_before = await key_result(sessions, "nps")

    await load_org(SMALL_ORG.replace("baseline: 25, target: 45", "baseline: 25, target: 50"))

    nps = await key_result(sessions, "nps")
    assert (nps.id, nps.target, nps.current) == (nps_before.id, 50.0, 33.0)
    assert (await key_result(sessions, "renewals")).target == 85.0


async def test_someone_dropped_from_a_team_in_the_file_is_no_longer_in_it(sessions, load_org):
    await load_org(SMALL_ORG)
    assert await teams_of(sessions, "U_CARLA") == {"Support": True}

    await load_org(SMALL_ORG.replace("members: [U_ANNA, U_BRAM, U_CARLA]", "members: [U_ANNA, U_BRAM]"))

    assert await teams_of(sessions, "U_CARLA") == {}
    assert await teams_of(sessions, "U_ANNA") == {"Support": True}
    async with sessions() as session:
        carla = await person_by_platform_id(session, platform_user_id="U_CARLA")
        assert await primary_team(session, person_id=carla.id) is None


async def test_someone_moved_to_another_team_follows_the_file(sessions, load_org):
    await load_org(SMALL_ORG)

    moved = SMALL_ORG.replace("members: [U_ANNA, U_BRAM, U_CARLA]", "members: [U_ANNA, U_BRAM]")
    await load_org(moved.replace("members: [U_BEN]", "members: [U_BEN, U_CARLA]"))

    assert await teams_of(sessions, "U_CARLA") == {"Sales": True}


async def test_person_in_two_teams_needs_a_primary_team(sessions, load_org):
    in_two = SMALL_ORG.replace("members: [U_BEN]", "members: [U_BEN, U_ANNA]")
    in_two = in_two.replace("members: [U_BEN, U_ANNA]\n    checkin: {day: monday", "members: [U_BEN, U_ANNA]\n"
                            "    checkin: {day: wednesday")

    with pytest.raises(ImportRejected) as rejected:
        await load_org(in_two)
    [problem] = rejected.value.problems
    assert (problem.location, problem.line) == ("people[0]", line_of(in_two, "id: U_ANNA"))
    assert "'U_ANNA' is in the teams 'Support' and 'Sales': add primary_team: Support" in problem.reason

    await load_org(in_two.replace("manager: U_BRAM}", "manager: U_BRAM, primary_team: Sales}", 1))

    assert await teams_of(sessions, "U_ANNA") == {"Support": False, "Sales": True}
    async with sessions() as session:
        anna = await person_by_platform_id(session, platform_user_id="U_ANNA")
        assert (await primary_team(session, person_id=anna.id)).name == "Sales"
        [entry] = [e for e in await checkin_roster(session, day=date(2026, 10, 7), days_after_end=0)
                   if e.person_id == anna.id]
    assert entry.weekday == 2, "Sales checks in on Wednesday, and Anna with them"


def test_a_primary_team_must_be_a_team_that_lists_the_person():
    org = parse(SMALL_ORG.replace("manager: U_BRAM}", "manager: U_BRAM, primary_team: Sales}", 1))

    problems = cross_reference_problems(org, known_people=set(), known_periods=set(), known_teams=set(),
                                        known_objectives=set())

    assert problems == [(("people", 0, "primary_team"), "'Sales' is not a team of this file that lists 'U_ANNA' as a "
                                                         "member")]


async def test_objectives_align_to_a_parent_named_by_id_or_by_its_text(sessions, load_org):
    aligned = SMALL_ORG.replace("    type: aspirational\n", "    type: aspirational\n    parent: company-2026\n")
    aligned = aligned.replace("    owner: Sales\n", "    owner: Sales\n    parent: We grow by keeping customers\n")

    await load_org(aligned + COMPANY_OBJECTIVE)  # the parent comes after its children in the file

    assert await parent_of(sessions, "support-fans") == "company-2026"
    assert await parent_of(sessions, "sales-growth") == "company-2026"
    assert await parent_of(sessions, "company-2026") is None


async def test_an_objective_can_align_to_one_imported_earlier(sessions, load_org):
    await load_org(SMALL_ORG + COMPANY_OBJECTIVE)

    await load_org("""
okrs:
  - id: support-speed
    objective: Klanten hoeven nooit lang te wachten
    level: person
    owner: U_ANNA
    period: 2026-Q4
    parent: We grow by keeping customers
    key_results:
      - {title: Wachttijd telefoon onder 1 minuut, kind: stay_below, target: 1, unit: min}
""")

    assert await parent_of(sessions, "support-speed") == "company-2026"
    assert await parent_of(sessions, "support-fans") is None


LAST_LINE = "        owner: U_ANNA\n"
ANOTHER_OBJECTIVE = """\
  - {{id: {id}, objective: Snel antwoord, level: person, owner: U_ANNA, period: 2026-Q4,
     key_results: [{{id: {kr}, title: Binnen een uur, kind: milestone}}]}}
"""

ONE_ON_ONE = """\
one_on_ones:
  - manager: U_BRAM
    report: U_ANNA
    day: thursday
    time: "14:00"
"""

BROKEN = [
    pytest.param("manager: U_BRAM", "manager: U_BRAMM",
                 "people[1].manager", "manager: U_BRAMM", "no person with id 'U_BRAMM'", id="unknown manager"),
    pytest.param("members: [U_ANNA, U_BRAM]", "members: [U_ANNA, U_BRAMM]",
                 "teams[0].members[1]", "members:", "no person with id 'U_BRAMM'", id="unknown team member"),
    pytest.param("    period: 2026-Q4", "    period: 2027-Q1",
                 "okrs[0].period", "period: 2027-Q1", "no period named '2027-Q1'", id="unknown period"),
    pytest.param("    owner: Support", "    owner: Suport",
                 "okrs[0].owner", "owner: Suport", "'Suport' is neither a person id nor a team name",
                 id="owner neither person nor team"),
    pytest.param("        owner: U_ANNA\n", "",
                 "okrs[0].key_results[0]", "- id: nps", "needs an owner", id="team key result without owner"),
    pytest.param("target: 45", "target: 25",
                 "okrs[0].key_results[0]", "- id: nps", "an increase needs a target above its baseline",
                 id="increase not above baseline"),
    pytest.param("tz: Europe/Amsterdam", "tz: Europe/Amsterdm",
                 "people[0].tz", "Europe/Amsterdm", "unknown time zone 'Europe/Amsterdm'", id="unknown tz"),
    pytest.param("country: NL", "country: XX",
                 "teams[0].country", "country: XX", "unknown country code 'XX'", id="unknown country"),
    pytest.param('time: "09:00"', 'time: "25:00"',
                 "teams[0].checkin.time", '"25:00"', "time '25:00' is not HH:MM", id="bad time"),
    pytest.param("baseline: 25", "baseine: 25",
                 "okrs[0].key_results[0].baseine", "baseine: 25", "unknown field 'baseine': did you mean 'baseline'?",
                 id="unknown field"),
    pytest.param("country: NL", "channel: 19:" + "a" * 250 + "@thread.tacv2\n    country: NL",
                 "teams[0].channel", "channel: 19:", "is longer than 255 characters",
                 id="channel longer than the store keeps"),
    pytest.param(LAST_LINE, LAST_LINE + ANOTHER_OBJECTIVE.format(id="support-fans", kr="speed"),
                 "okrs[1].id", "Snel antwoord", "objective id 'support-fans' appears more than once",
                 id="objective id used twice"),
    pytest.param(LAST_LINE, LAST_LINE + ANOTHER_OBJECTIVE.format(id="support-speed", kr="nps"),
                 "okrs[1].key_results[0].id", "{id: nps", "key result id 'nps' appears more than once",
                 id="key result id used twice"),
    pytest.param("  - id: support-fans\n    objective: Onze klanten zijn fan van onze dienstverlening\n",
                 "  - objective: " + "Onze klanten zijn fan van onze dienstverlening en " * 4 + "meer\n",
                 "okrs[0].objective", "  - objective: Onze", "too long to identify the objective by",
                 id="objective text too long to identify it without an id"),
    pytest.param("country: NL", "country: NL\n    tz: Europe/Amsterdm",
                 "teams[0].tz", "tz: Europe/Amsterdm", "unknown time zone 'Europe/Amsterdm'", id="unknown team tz"),
    pytest.param(LAST_LINE, LAST_LINE + ONE_ON_ONE.replace("report: U_ANNA", "report: U_NOBODY"),
                 "one_on_ones[0].report", "report: U_NOBODY", "no person with id 'U_NOBODY'", id="1:1 with a stranger"),
    pytest.param(LAST_LINE, LAST_LINE + ONE_ON_ONE.replace("manager: U_BRAM\n    report: U_ANNA",
                                                           "manager: U_ANNA\n    report: U_BRAM"),
                 "one_on_ones[0].manager", "manager: U_ANNA", "'U_BRAM' has no manager, not 'U_ANNA'",
                 id="1:1 set by someone who is not the manager"),
    pytest.param(LAST_LINE, LAST_LINE + ONE_ON_ONE + "    prep_hours: 49\n",
                 "one_on_ones[0].prep_hours", "prep_hours: 49", "must be at most 48", id="prep too early"),
    pytest.param(LAST_LINE, LAST_LINE + ONE_ON_ONE + "  - {manager: U_BRAM, report: U_ANNA, day: friday, time: 9:00}\n",
                 "one_on_ones[1]", "day: friday", "a 1:1 of 'U_BRAM' with 'U_ANNA' appears more than once",
                 id="the same 1:1 twice"),
    pytest.param("    name: Anna de Vries", "    name: Anna: de Vries",
                 "(file)", "Anna: de Vries", "not valid YAML: mapping values are not allowed here",
                 id="YAML syntax error"),
    pytest.param("    locale: nl\n", "   locale: nl\n",
                 "(file)", "   locale: nl", "not valid YAML", id="bad indentation"),
]


def line_of(text: str, snippet: str) -> int:
    [line] = [number for number, line in enumerate(text.splitlines(), 1) if snippet in line]
    return line


@pytest.mark.parametrize(("old", "new", "location", "at", "reason"), BROKEN)
async def test_a_broken_file_is_rejected_with_where_and_why_and_nothing_lands(
    sessions, load_org, old, new, location, at, reason
):
    broken = ORG.replace(old, new, 1)
    assert broken != ORG

    with pytest.raises(ImportRejected) as rejected:
        await load_org(broken)

    found = {p.location: p for p in rejected.value.problems}
    assert location in found, rejected.value.problems
    assert found[location].line == line_of(broken, at)
    assert reason in found[location].reason
    assert f"line {line_of(broken, at)}, {location}: " in str(rejected.value)
    assert all(rows == [] for rows in (await everything(sessions)).values())


async def test_a_long_objective_imports_once_it_has_a_short_id(sessions, load_org):
    long_text = "Onze klanten zijn fan van onze dienstverlening en " * 8 + "meer"

    await load_org(ORG.replace("objective: Onze klanten zijn fan van onze dienstverlening", f"objective: {long_text}"))

    async with sessions() as session:
        assert (await session.execute(select(Objective.title))).scalars().all() == [long_text]


async def test_the_file_the_broken_ones_start_from_imports(load_org):
    """Each broken file above breaks one thing of this one, which is valid as written."""
    assert await load_org(ORG) == ImportSummary(people=2, teams=1, periods=1, objectives=1, key_results=1)


async def test_a_file_that_is_a_list_is_rejected(sessions, load_org):
    with pytest.raises(ImportRejected) as rejected:
        await load_org("- {id: U_ANNA, name: Anna de Vries}\n- {id: U_BRAM, name: Bram Bakker}\n")

    [problem] = rejected.value.problems
    assert (problem.location, problem.line) == ("(file)", 1)
    assert "expected a mapping with periods, people, teams and okrs" in problem.reason
    assert all(rows == [] for rows in (await everything(sessions)).values())


async def test_every_problem_of_a_file_is_reported_at_once(load_org):
    broken = ORG.replace("country: NL", "country: XX").replace("tz: Europe/Amsterdam", "tz: Mars/Olympus", 1)

    with pytest.raises(ImportRejected) as rejected:
        await load_org(broken)

    assert {p.location for p in rejected.value.problems} == {"people[0].tz", "teams[0].country"}


async def test_a_rejected_re_import_leaves_the_org_as_it_was(sessions, load_org):
    await load_org(SMALL_ORG)
    before = await everything(sessions)
    changed = SMALL_ORG.replace("target: 45", "target: 50").replace("name: Ben Miller", "name: Ben Müller")
    broken = changed + "  - {id: x, objective: Typo, level: team, owner: Sales, period: 2026-Q5, " \
                       "key_results: [{title: t, kind: milestone, owner: U_BEN}]}\n"

    with pytest.raises(ImportRejected) as rejected:
        await load_org(broken)

    assert [p.location for p in rejected.value.problems] == ["okrs[2].period"]
    assert await everything(sessions) == before


async def one_on_ones(sessions) -> list[tuple]:
    """(manager, report, weekday, time, every_weeks, anchor, prep_minutes), by user id."""
    async with sessions() as session:
        manager, report = aliased(Person), aliased(Person)
        rows = await session.execute(
            select(manager.platform_user_id, report.platform_user_id, OneOnOne.weekday, OneOnOne.local_time,
                   OneOnOne.every_weeks, OneOnOne.anchor, OneOnOne.prep_minutes)
            .join(manager, manager.id == OneOnOne.manager_id).join(report, report.id == OneOnOne.report_id)
            .order_by(manager.platform_user_id, report.platform_user_id)
        )
        return [tuple(row) for row in rows]


async def test_the_example_org_sets_its_1on1s_and_importing_it_again_changes_nothing(sessions, load_org):
    example = (ROOT / "examples" / "org.yaml").read_text(encoding="utf-8")
    await load_org(example)
    before = await everything(sessions)

    await load_org(example)

    assert await everything(sessions) == before
    assert await one_on_ones(sessions) == [
        ("U01BRAM", "U01ANNA", 3, "14:00", 1, date(2026, 10, 1), 120),  # from the first period's start
        ("U01MAYA", "U01LEO", 1, "09:30", 2, date(2026, 10, 1), 180),
    ]


async def test_a_later_file_sets_1on1s_for_people_already_imported_but_only_by_their_manager(sessions, load_org):
    await load_org(SMALL_ORG.replace("country: NL", "country: NL\n    tz: Europe/London"))
    async with sessions() as session:
        assert (await session.execute(select(Team.tz).order_by(Team.name))).scalars().all() == [None, "Europe/London"]

    await load_org("one_on_ones:\n  - {manager: U_BRAM, report: U_CARLA, day: maandag, time: '10:00', "
                   "from: 2026-10-05, prep_hours: 0.5}\n")
    with pytest.raises(ImportRejected) as rejected:
        await load_org("one_on_ones:\n  - {manager: U_BEN, report: U_ANNA, day: monday, time: '10:00', "
                       "from: 2026-10-05}\n")

    assert await one_on_ones(sessions) == [("U_BRAM", "U_CARLA", 0, "10:00", 1, date(2026, 10, 5), 30)]
    [problem] = rejected.value.problems
    assert (problem.location, problem.line) == ("one_on_ones[0].manager", 2)
    assert "'U_ANNA' reports to 'U_BRAM', not 'U_BEN'" in problem.reason


def test_a_1on1_in_a_file_without_periods_needs_its_start_date():
    org = parse("people:\n  - {id: U_BRAM, name: Bram}\n  - {id: U_ANNA, name: Anna, manager: U_BRAM}\n"
                "one_on_ones:\n  - {manager: U_BRAM, report: U_ANNA, day: thursday, time: '14:00'}\n")

    problems = cross_reference_problems(org, known_people=set(), known_periods={"2026-Q4"}, known_teams=set(),
                                        known_objectives=set())

    assert problems == [(("one_on_ones", 0), "needs a start date (from: YYYY-MM-DD): the file has no period to start "
                                             "from")]


async def test_a_team_can_choose_its_zone_and_to_see_who_has_not_checked_in(sessions, load_org):
    await load_org(SMALL_ORG.replace("    country: NL\n", "    country: NL\n    tz: Europe/Brussels\n"
                                     "    summary_names: true\n", 1))
    async with sessions() as session:
        teams = {t.name: t for t in (await session.execute(select(Team))).scalars()}
    assert (teams["Support"].tz, teams["Support"].summary_names) == ("Europe/Brussels", True)
    assert (teams["Sales"].tz, teams["Sales"].summary_names) == (None, None)  # the default: a count, no names


EXAMPLE = (ROOT / "examples" / "org.yaml").read_text(encoding="utf-8")
SARA = "  - {id: U01SARA, name: Sara Okafor, tz: America/New_York, locale: en, email: sara@example.com}\n"


async def test_manager_cycle_is_rejected_naming_the_chain(sessions, load_org):
    cycle = EXAMPLE.replace(SARA, SARA.replace("email:", "manager: U01MAYA, email:"))

    with pytest.raises(ImportRejected) as rejected:
        await load_org(cycle)

    [problem] = rejected.value.problems
    assert str(problem) == f"line {line_of(cycle, 'id: U01SARA')}, people[0].manager: managers go round in a " \
        "circle: U01SARA → U01MAYA → U01SARA (someone at the top has no manager)"
    assert all(rows == [] for rows in (await everything(sessions)).values())


async def test_a_manager_cycle_through_people_already_imported_is_rejected_too(load_org):
    await load_org(EXAMPLE)

    with pytest.raises(ImportRejected) as rejected:
        await load_org("people:\n" + SARA.replace("email:", "manager: U01LEO, email:"))

    [problem] = rejected.value.problems
    assert (problem.location, problem.line) == ("people[0].manager", 2)
    assert "U01SARA → U01LEO → U01MAYA → U01SARA" in problem.reason


async def test_overlapping_periods_rejected(load_org):
    half_year = "  - {name: 2026-H2, start: 2026-07-01, end: 2026-12-31}\n"
    overlapping = EXAMPLE.replace("\npeople:", half_year.rstrip("\n") + "\n\npeople:", 1)

    with pytest.raises(ImportRejected) as rejected:
        await load_org(overlapping)
    [problem] = rejected.value.problems
    assert str(problem) == f"line {line_of(overlapping, '2026-H2')}, periods[2]: '2026-H2' (2026-07-01 to " \
        "2026-12-31) overlaps '2026-Q4' (2026-10-01 to 2026-12-31): periods may not share a day"

    await load_org(EXAMPLE)
    with pytest.raises(ImportRejected) as rejected:  # against a period already in the store
        await load_org("periods:\n  - {name: 2027-spring, start: 2027-03-01, end: 2027-05-31}\n")
    assert "overlaps '2027-Q1' (2027-01-01 to 2027-03-31)" in rejected.value.problems[0].reason


async def test_duplicate_member_rejected(load_org):
    twice = EXAMPLE.replace("members: [U01BRAM, U01ANNA, U01DAAN, U01FLEUR]",
                            "members: [U01BRAM, U01ANNA, U01DAAN, U01FLEUR, U01ANNA]")

    with pytest.raises(ImportRejected) as rejected:
        await load_org(twice)

    [problem] = rejected.value.problems
    assert str(problem) == f"line {line_of(twice, 'U01FLEUR, U01ANNA')}, teams[0].members[4]: 'U01ANNA' is listed " \
        "twice in the members of 'Klantenservice'"


def test_non_utf8_file_one_line_error():
    latin1 = ORG.replace("Anna de Vries", "Anna de Vriës").encode("latin-1")

    with pytest.raises(ImportRejected) as rejected:
        parse(latin1)

    [problem] = rejected.value.problems
    byte = latin1.index("ë".encode("latin-1")) + 1
    assert str(problem) == f"line {line_of(ORG, 'Anna de Vries')}, (file): not UTF-8 text (byte {byte} can't be " \
        "read): save the file as UTF-8 and import it again"
    assert parse(ORG.replace("Anna de Vries", "Anna de Vriës").encode("utf-8-sig")).people[1].name == "Anna de Vriës"


@pytest.mark.parametrize("text", ["", "\n  \n", "# only a comment\n"])
def test_an_empty_file_gets_one_line_saying_so(text):
    with pytest.raises(ImportRejected) as rejected:
        parse(text)

    [problem] = rejected.value.problems
    assert problem.location == "(file)"
    assert "\n" not in str(problem)


async def test_unchanged_file_says_nothing_changed(load_org):
    first = await load_org(EXAMPLE)
    again = await load_org(EXAMPLE)
    changed = await load_org(EXAMPLE.replace("baseline: 25, target: 45", "baseline: 25, target: 50")
                             .replace("Leo Martinez, tz: America/Chicago", "Leo Martinez, tz: America/Denver"))

    added = first.changes.added
    assert (added["people"], added["teams"], added["key results"], added["1:1s"]) == (8, 2, 12, 2)
    assert not first.changes.changed
    assert again.changes.nothing
    assert (dict(changed.changes.added), dict(changed.changes.changed)) == ({}, {"people": 1, "key results": 1})


async def test_removed_key_result_is_archived_and_no_longer_asked(sessions, messenger, load_org):
    kb = "      - {id: kb, title: Kennisbank live, kind: milestone, owner: U_CARLA}\n"
    reply = "      - {id: reply, title: Eerste reactie binnen 2 uur, kind: decrease, baseline: 8, target: 2, " \
        "unit: uur,\n         owner: U_ANNA}\n"
    await load_org(SMALL_ORG)
    async with transaction(sessions) as session:  # Anna answered on the reply time the week before
        anna = await person_by_platform_id(session, platform_user_id="U_ANNA")
        await record_checkins(session, person_id=anna.id, period_id=1, slot="2026-09-28", now=MONDAY, answers=[
            {"key_result_id": (await key_result(sessions, "reply")).id, "value": 5.0, "confidence": 6,
             "one_level_up": "", "blockers": ""}])

    summary = await load_org(SMALL_ORG.replace(kb, "").replace(reply, ""))
    await tick(sessions=sessions, messenger=messenger, now=MONDAY.replace(hour=7))

    assert summary.changes.archived_key_results == ["Eerste reactie binnen 2 uur", "Kennisbank live"]
    assert messenger.to("U_CARLA") == [], "Carla's only key result left the file"
    [checkin] = messenger.to("U_ANNA")
    assert [block.title for block in checkin.blocks if isinstance(block, KeyResultLine)] == [
        "NPS stijgt van 25 naar 45"]
    async with sessions() as session:
        history = await history_of(session, key_result_ids=[(await key_result(sessions, "reply")).id])
    assert [(row.slot, row.value) for row in history] == [("2026-09-28", 5.0)], "what was answered stays"

    restored = await load_org(SMALL_ORG)

    assert restored.changes.changed["key results"] == 2
    assert restored.changes.restored == ["Eerste reactie binnen 2 uur", "Kennisbank live"]
    assert (await key_result(sessions, "kb")).archived_at is None


async def test_an_objective_that_left_the_file_is_archived_with_its_key_results(sessions, load_org):
    await load_org(SMALL_ORG)
    sales = SMALL_ORG.index("  - id: sales-growth")

    summary = await load_org(SMALL_ORG[:sales])

    assert summary.changes.archived_objectives == ["Customers choose us again"]
    assert summary.changes.archived_key_results == []  # they go with their objective
    assert (await key_result(sessions, "churn")).archived_at == datetime(2026, 10, 1, tzinfo=UTC)
    async with sessions() as session:
        assert [o.title for o in await objectives_of_period(session, period_id=1)] == [
            "Onze klanten zijn fan van onze dienstverlening"]

    back = await load_org(SMALL_ORG)

    assert back.changes.restored == ["Customers choose us again"]
    assert (await key_result(sessions, "churn")).archived_at is None


async def test_objectives_made_in_chat_are_never_archived_by_a_file(sessions, load_org):
    await load_org(SMALL_ORG)
    async with transaction(sessions) as session:
        anna = await person_by_platform_id(session, platform_user_id="U_ANNA")
        form = await open_new_okr(session, person=anna, now=MONDAY)
        await submit_new_okr(session, person=anna, context=form.context, fields={
            "objective": "Klanten wachten nooit lang", "level": "person", "type": "committed",
            "kr1:title": "Wachttijd telefoon onder 1 minuut", "kr1:kind": "stay_below", "kr1:target": "1"})

    summary = await load_org(SMALL_ORG)

    assert summary.changes.nothing


async def test_one_key_result_warns_in_file_and_in_chat(sessions, load_org):
    one = ORG  # its only objective has one key result

    summary = await load_org(one)
    async with transaction(sessions) as session:
        anna = await person_by_platform_id(session, platform_user_id="U_ANNA")
        form = await open_new_okr(session, person=anna, now=MONDAY)
        answer = await submit_new_okr(session, person=anna, context=form.context, fields={
            "objective": "Klanten wachten nooit lang", "level": "person", "type": "committed",
            "kr1:title": "Wachttijd telefoon onder 1 minuut", "kr1:kind": "stay_below", "kr1:target": "1"})

    assert summary.warnings == ("objective “Onze klanten zijn fan van onze dienstverlening” has 1 key result (2-5 "
                                "make a good objective): add one that looks from another angle, for example quality "
                                "next to speed, or keeping customers next to winning new ones.",)
    assert answer.kind == "okr_created"
    texts = [block.text for block in answer.blocks]
    assert texts[0] == "„Klanten wachten nooit lang” is opgeslagen met 1 key result voor 2026-Q4."
    assert "Objective „Klanten wachten nooit lang” heeft 1 key result (2 tot 5 maken een goed objective): " \
        "voeg er een toe" in " ".join(texts)


SECOND_TEAM = """\
  - {id: U_DIRK, name: Dirk Jansen, tz: Europe/Amsterdam}
  - {id: U_EVA, name: Eva Smit, tz: Europe/Amsterdam, manager: U_DIRK}
  - {id: U_FEMKE, name: Femke Mulder, tz: Europe/Amsterdam, manager: U_DIRK}
teams:
  - {name: Sales, country: NL, members: [U_DIRK, U_EVA, U_FEMKE], checkin: {day: tuesday, time: "10:00"}}
"""
SALES_OBJECTIVE = """\
  - id: sales-growth
    objective: New customers choose us
    level: team
    owner: Sales
    period: 2026-Q4
    key_results:
      - {id: sales-deals, title: Deals per month from 4 to 8, kind: increase, baseline: 4, target: 8, owner: U_EVA}
      - {id: sales-cycle, title: Days to close below 30, kind: stay_below, target: 30, unit: days, owner: U_FEMKE}
"""


async def test_a_later_file_links_its_new_people_teams_and_key_results_beside_what_is_there(sessions, load_org):
    await load_org(ORG)
    async with transaction(sessions) as session:  # a row made in chat takes the next id before the second file
        session.add(Person(platform_user_id="U_CHAT", name="Gijs Chat"))
    before = await everything(sessions)

    await load_org(ORG.replace("teams:\n", SECOND_TEAM, 1) + SALES_OBJECTIVE)

    after = await everything(sessions)
    for table in ("person", "team", "objective", "keyresult", "membership"):
        assert set(before[table]) <= set(after[table])  # nothing there before renumbered or changed
    async with sessions() as session:
        people = {p.platform_user_id: p for p in (await session.execute(select(Person))).scalars()}
        owners = {kr.ref: (await session.get(Objective, kr.objective_id)).ref
                  for kr in (await session.execute(select(KeyResult))).scalars()}
    assert {people[u].manager_id for u in ("U_EVA", "U_FEMKE")} == {people["U_DIRK"].id}
    assert await teams_of(sessions, "U_EVA") == {"Sales": True}
    assert await teams_of(sessions, "U_ANNA") == {"Support": True}
    assert owners["sales-deals"] == owners["sales-cycle"] == "sales-growth"
    assert owners["nps"] == "support-fans"
