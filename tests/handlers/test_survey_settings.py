"""Admins set survey schedules and add statements in the organisation file, and change schedules on the CLI."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from bot.cli import app
from handlers.importer import ImportRejected
from handlers.survey_settings import show_schedules
from tests.fakes import RecordingMessenger
from tests.survey_orgs import MOOD_DEV_AMSTERDAM, SURVEY_ORG, run_tick, survey_to, text_of

TODAY = MOOD_DEV_AMSTERDAM.date()
FOCUS = ("      - {id: focus, en: I get enough time to focus., nl: Ik krijg genoeg tijd om me te concentreren., "
         'tag: "#Focus"}\n')
EXTRA = """
surveys:
  schedule: {time: "14:00", reflection: false}
  statements:
    mood_development:
""" + FOCUS + """    mood_leadership:
      - {id: recognition, en: My lead notices good work., nl: Mijn leidinggevende ziet goed werk.}
"""
PRODUCT = 'checkin: {day: tuesday, time: "10:00"}'
WITH_SURVEYS = (SURVEY_ORG + EXTRA).replace(
    PRODUCT, PRODUCT + "\n    surveys: {day: thursday, mood: {every_weeks: 2, first: leadership}}")


async def schedules(sessions):
    async with sessions() as session:
        return {v.team: v for v in await show_schedules(session, team=None, today=TODAY)}


async def test_team_blocks_win_over_the_top_level_schedule_which_wins_over_the_defaults(sessions, load_org):
    await load_org(WITH_SURVEYS)
    views = await schedules(sessions)
    support, product = views["Support"], views["Product"]
    assert (support.day, support.time, support.mood_every_weeks, support.reflection) == ("monday", "14:00", 4, False)
    assert (product.day, product.time, product.mood_every_weeks, product.mood_first) == \
        ("thursday", "14:00", 2, "leadership")
    assert ("premortem", "2026-10-01") in [(s, d.isoformat()) for s, d in product.upcoming]


async def test_without_any_surveys_block_every_team_has_the_defaults(sessions, load_org):
    await load_org(SURVEY_ORG)
    support = (await schedules(sessions))["Support"]
    assert (support.defaults, support.day, support.time, support.mood_every_weeks, support.premortem) == \
        (True, "monday", "11:00", 4, True)


async def test_added_statements_are_asked_in_each_persons_language(sessions, load_org):
    await load_org(WITH_SURVEYS)
    messenger = RecordingMessenger()
    await run_tick(sessions, messenger, MOOD_DEV_AMSTERDAM.replace(hour=12))  # 14:00 in Amsterdam
    assert "I get enough time to focus." in text_of(survey_to(messenger, "U_CARLA", "survey_mood_dev"))
    anna = survey_to(messenger, "U_ANNA", "survey_mood_dev")
    assert [q.id for q in anna.questions][-2:] == ["focus", "focus:why"]
    assert "Ik krijg genoeg tijd om me te concentreren." in text_of(anna)


async def test_importing_the_same_file_again_changes_nothing_and_a_dropped_statement_is_no_longer_asked(
        sessions, load_org):
    await load_org(WITH_SURVEYS)
    first = await schedules(sessions)
    await load_org(WITH_SURVEYS)
    assert await schedules(sessions) == first
    await load_org(WITH_SURVEYS.replace(FOCUS, "").replace("mood_development:\n", "mood_development: []\n"))
    messenger = RecordingMessenger()
    await run_tick(sessions, messenger, MOOD_DEV_AMSTERDAM.replace(hour=12))
    assert "focus" not in [q.id for q in survey_to(messenger, "U_ANNA", "survey_mood_dev").questions]


@pytest.mark.parametrize(("block", "where", "reason"), [
    ('surveys: {time: "18:00"}', "teams[0].surveys.time", "surveys are sent in working hours"),
    ("surveys: {day: funday}", "teams[0].surveys.day", "unknown day 'funday'"),
    ("surveys: {mood: {every_weeks: 20}}", "teams[0].surveys.mood.every_weeks", "must be at most 13"),
    ("surveys: {mood: {first: random}}", "teams[0].surveys.mood.first", "'development' or 'leadership'"),
    ("surveys: {pre_mortem: true}", "teams[0].surveys.pre_mortem", "unknown field 'pre_mortem'"),
])
async def test_a_wrong_surveys_block_is_rejected_with_where_and_why(sessions, load_org, block, where, reason):
    text = SURVEY_ORG.replace('checkin: {day: monday, time: "09:00"}',
                              'checkin: {day: monday, time: "09:00"}\n    ' + block)
    with pytest.raises(ImportRejected) as rejected:
        await load_org(text)
    [problem] = rejected.value.problems
    assert problem.location == where and reason in problem.reason and problem.line == 17


async def test_an_added_statement_may_not_take_a_built_in_id(load_org):
    text = SURVEY_ORG + "surveys:\n  statements:\n    mood_development:\n      - {id: career, en: a, nl: b}\n"
    with pytest.raises(ImportRejected) as rejected:
        await load_org(text)
    assert "statement id 'career' is already in use" in str(rejected.value)


def test_an_admin_shows_and_changes_a_team_schedule_on_the_command_line(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    org = tmp_path / "org.yaml"
    org.write_text(SURVEY_ORG)
    runner = CliRunner()
    assert runner.invoke(app, ["import", str(org)]).exit_code == 0
    shown = runner.invoke(app, ["surveys", "show", "Support"])
    assert "Support (defaults)\n  asked on monday at 11:00" in shown.output
    changed = runner.invoke(app, ["surveys", "set", "Support", "--mood-every", "2", "--no-premortem",
                                  "--day", "woensdag"])
    assert changed.exit_code == 0, changed.output
    assert "asked on wednesday at 11:00" in changed.output
    assert "mood checks: every 2 weeks from week 1, development first" in changed.output
    assert "pre-mortem: off (on demand only)" in changed.output
    refused = runner.invoke(app, ["surveys", "set", "Support", "--time", "20:00"])
    assert refused.exit_code == 2 and "not changed: time: surveys are sent in working hours" in refused.output
    unknown = runner.invoke(app, ["surveys", "set", "Nobody", "--mood-every", "2"])
    assert unknown.exit_code == 2 and "no team named 'Nobody'" in unknown.output
    assert runner.invoke(app, ["import", str(org)]).exit_code == 0
    assert "asked on wednesday" in runner.invoke(app, ["surveys", "show"]).output, "a file without surveys keeps it"
