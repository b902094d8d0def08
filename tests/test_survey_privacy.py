"""Nobody but Leo ever gets Leo's leadership answer: not his manager Maya (two respondents), not Bram, not a
team, not a trend, digest, export, chat or console answer, not while the round is open, not by comparing what is
shown before and after someone joins, answers, changes an answer or moves to another manager.

Leo's answer carries a marker (``LEO-SECRET``) and a score nobody else gives (1); every output of every public
function that returns survey data is searched for it, as every other person in the organisation.
"""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from bot.console_render import render
from bot.messages import FormSubmitted, Message
from handlers.commands import handle_command, handle_reply
from handlers.export import export_checkins
from handlers.post_outbox import preview_recap, preview_summary
from handlers.prep_outbox import preview_preps
from handlers.report import objective_reports
from handlers.survey_privacy import (
    development_answers,
    leadership_result,
    leadership_rounds,
    objective_survey_answers,
    team_development_results,
    threshold,
)
from handlers.survey_results import results_message
from handlers.survey_trends import leadership_trends, team_development_trends
from models import Delivery, Membership, Team
from models.db import transaction
from models.digest_queries import teams
from models.one_on_one_store import set_one_on_one
from models.people_queries import all_people, person_by_platform_id
from models.report_queries import objectives_of_period
from models.risk_store import risks
from models.slot_queries import period_by_id
from tests.survey_orgs import (
    LEAD_CLOSED,
    MOOD_DEV_AMSTERDAM,
    MOOD_LEAD_AMSTERDAM,
    MOOD_LEAD_NEW_YORK,
    REFLECTION_AMSTERDAM,
    SURVEY_ORG,
    command,
    person,
    reply,
    run_tick,
    survey_to,
    text_of,
)

OPEN = MOOD_LEAD_NEW_YORK + timedelta(hours=1)
SECRET = "LEO-SECRET"
ANSWERS = {
    "U_ANNA": {"satisfied": "6", "satisfied:why": "Bram luistert echt", "zooms_out": "5"},
    "U_CARLA": {"satisfied": "4", "satisfied:why": "Too many meetings", "zooms_out": "6"},
    "U_DAAN": {"satisfied": "7", "satisfied:why": "Altijd bereikbaar", "zooms_out": "4"},
    "U_LEO": {"satisfied": "1", "satisfied:why": SECRET, "zooms_out": "1", "zooms_out:why": SECRET + "-2"},
    "U_PRIYA": {"satisfied": "5", "satisfied:why": "Priya's reason", "zooms_out": "5"},
}


@pytest.fixture
async def org(load_org):
    await load_org(SURVEY_ORG)


async def leadership_round(sessions, messenger, who=tuple(ANSWERS)) -> dict[str, Message]:
    await run_tick(sessions, messenger, MOOD_LEAD_AMSTERDAM)
    await run_tick(sessions, messenger, MOOD_LEAD_NEW_YORK)
    forms = {user: survey_to(messenger, user, "survey_mood_lead") for user in ANSWERS}
    for user in who:
        answer = await reply(sessions, user, forms[user].context, ANSWERS[user], OPEN)
        assert not answer.errors
    return forms


async def bram_sees(sessions, now, min_respondents=3):
    async with sessions() as session:
        bram = await person_by_platform_id(session, platform_user_id="U_BRAM")
        rounds = await leadership_rounds(session, viewer=bram, now=now, min_respondents=min_respondents)
    return rounds


def flat(value) -> str:
    """Any returned value as text, to search for what must not be in it."""
    if isinstance(value, Message):
        return render(value) + json.dumps([dict(value.values), dict(value.errors)])
    if is_dataclass(value):
        return json.dumps(asdict(value), default=str)
    if isinstance(value, list | tuple):
        return "\n".join(flat(v) for v in value)
    return str(value)


async def test_a_manager_with_three_respondents_sees_averages_spreads_and_unnamed_reasons_once_closed(
        sessions, messenger, org):
    await leadership_round(sessions, messenger)
    [closed] = await bram_sees(sessions, LEAD_CLOSED)
    assert closed.state == "shown"
    satisfied, zooms_out = closed.result.statements
    assert (satisfied.key, satisfied.answered, round(satisfied.average, 2)) == ("satisfied", 3, 5.67)
    assert satisfied.spread is None, "at the threshold itself a spread would show every score"
    assert sorted(satisfied.reasons) == ["Altijd bereikbaar", "Bram luistert echt", "Too many meetings"]
    assert satisfied.tag == "#JobSatisfaction" and zooms_out.reasons == ()
    assert await bram_sees(sessions, LEAD_CLOSED) == [closed], "the same every time: shuffled by round, not by call"
    shown = await command(sessions, "U_BRAM", "results", LEAD_CLOSED)
    assert "Ik ben echt tevreden over mijn leidinggevende.  gemiddeld 5,7 van 7" in text_of(shown)
    assert "▁" not in text_of(shown) and "█" not in text_of(shown)
    leadership_part = text_of(shown).split("De eigen ontwikkelingsantwoorden")[0]
    assert "Waarom, zonder namen, in willekeurige volgorde:" in leadership_part
    for name in ("Anna", "Carla", "Daan"):
        assert name not in leadership_part


async def test_a_manager_with_two_respondents_gets_no_aggregate_ever(sessions, messenger, org):
    await leadership_round(sessions, messenger)
    for now in (OPEN, LEAD_CLOSED, LEAD_CLOSED + timedelta(days=400)):
        async with sessions() as session:
            maya = await person_by_platform_id(session, platform_user_id="U_MAYA")
            rounds = await leadership_rounds(session, viewer=maya, now=now, min_respondents=3)
            trends = await leadership_trends(session, manager=maya, now=now, min_respondents=3)
        assert [(r.state, r.result) for r in rounds] == ([] if now == OPEN else [("too_few", None)])
        assert trends == []
    shown = await command(sessions, "U_MAYA", "results", LEAD_CLOSED)
    assert "fewer than 3 people who report to you answered, so nothing of it is shown, now or later" in text_of(shown)
    assert SECRET not in flat(shown) and "Priya's reason" not in flat(shown)


async def test_nothing_is_shown_while_a_round_is_open_so_one_more_answer_or_a_change_reveals_nothing(
        sessions, messenger, org):
    forms = await leadership_round(sessions, messenger, who=("U_ANNA", "U_CARLA"))
    seen = [await bram_sees(sessions, OPEN)]
    await reply(sessions, "U_DAAN", forms["U_DAAN"].context, ANSWERS["U_DAAN"], OPEN)
    seen.append(await bram_sees(sessions, OPEN))
    await reply(sessions, "U_DAAN", forms["U_DAAN"].context, {"satisfied": "2"}, OPEN + timedelta(days=3))
    seen.append(await bram_sees(sessions, OPEN + timedelta(days=3)))
    assert seen == [[], [], []]
    [closed] = await bram_sees(sessions, LEAD_CLOSED)
    assert closed.result.statements[0].average == 4.0, "Daan's changed answer counts: (6 + 4 + 2) / 3"
    too_late = await reply(sessions, "U_DAAN", forms["U_DAAN"].context, {"satisfied": "7"}, LEAD_CLOSED)
    assert "gesloten" in text_of(too_late)
    assert await bram_sees(sessions, LEAD_CLOSED + timedelta(days=30)) == [closed], "a closed round never changes"


async def test_at_the_threshold_all_alike_scores_show_only_the_average(sessions, messenger, org):
    alike = {user: {**answers, "satisfied": "2"} for user, answers in ANSWERS.items()}
    await run_tick(sessions, messenger, MOOD_LEAD_AMSTERDAM)
    await run_tick(sessions, messenger, MOOD_LEAD_NEW_YORK)
    for user in ("U_ANNA", "U_CARLA", "U_DAAN"):
        form = survey_to(messenger, user, "survey_mood_lead")
        assert not (await reply(sessions, user, form.context, alike[user], OPEN)).errors
    shown = text_of(await command(sessions, "U_BRAM", "results", LEAD_CLOSED))
    assert "gemiddeld 2 van 7" in shown or "gemiddeld 2,0 van 7" in shown
    assert "█" not in shown, "a bar over score 2 would tell Bram that all three gave 2"


async def test_the_spread_shows_from_two_respondents_over_the_threshold():
    from handlers.survey_privacy import _result
    from handlers.survey_results import _statement_blocks

    for answered, shows in ((3, False), (4, False), (5, True)):
        result = _result("satisfied", {}, [4] * answered, [], 1, False, 3)
        assert (result.spread is not None) == shows
        assert ("█" in _statement_blocks(result, "en")[0].text) == shows


async def test_a_manager_whose_reports_did_not_answer_reads_the_same_line_as_when_too_few_did(
        sessions, messenger, org):
    forms = await leadership_round(sessions, messenger, who=())
    assert forms
    nobody = text_of(await command(sessions, "U_MAYA", "results", LEAD_CLOSED))
    assert "fewer than 3 people who report to you answered, so nothing of it is shown, now or later" in nobody


async def test_moving_a_report_to_another_manager_after_closing_changes_no_aggregate(sessions, messenger, org):
    await leadership_round(sessions, messenger)
    [before] = await bram_sees(sessions, LEAD_CLOSED)
    async with transaction(sessions) as session:
        daan = await person_by_platform_id(session, platform_user_id="U_DAAN")
        daan.manager_id = (await person_by_platform_id(session, platform_user_id="U_MAYA")).id
    assert await bram_sees(sessions, LEAD_CLOSED) == [before]
    async with sessions() as session:
        maya = await person_by_platform_id(session, platform_user_id="U_MAYA")
        [maya_round] = await leadership_rounds(session, viewer=maya, now=LEAD_CLOSED, min_respondents=3)
    assert maya_round.state == "too_few", "Daan's answer was about Bram and stays in Bram's group"


async def test_a_report_who_joins_a_manager_during_the_round_counts_only_once_it_closes(sessions, messenger, org):
    forms = await leadership_round(sessions, messenger, who=("U_LEO", "U_PRIYA", "U_ANNA", "U_CARLA"))
    async with transaction(sessions) as session:
        daan = await person_by_platform_id(session, platform_user_id="U_DAAN")
        daan.manager_id = (await person_by_platform_id(session, platform_user_id="U_MAYA")).id
    async with sessions() as session:
        maya = await person_by_platform_id(session, platform_user_id="U_MAYA")
        before = await leadership_rounds(session, viewer=maya, now=OPEN, min_respondents=3)
    await reply(sessions, "U_DAAN", forms["U_DAAN"].context, ANSWERS["U_DAAN"], OPEN)
    async with sessions() as session:
        after_open = await leadership_rounds(session, viewer=maya, now=OPEN, min_respondents=3)
        [after_close] = await leadership_rounds(session, viewer=maya, now=LEAD_CLOSED, min_respondents=3)
    assert before == after_open == []
    assert after_close.state == "shown" and after_close.result.statements[0].answered == 3
    [bram_round] = await bram_sees(sessions, LEAD_CLOSED)
    assert bram_round.state == "too_few", "Bram keeps two answers: nothing"


async def test_the_threshold_follows_okrbot_min_respondents_and_never_drops_below_three(sessions, messenger, org):
    await leadership_round(sessions, messenger)
    assert [r.state for r in await bram_sees(sessions, LEAD_CLOSED, min_respondents=4)] == ["too_few"]
    assert threshold(1) == threshold(2) == 3 and threshold(5) == 5
    async with sessions() as session:
        maya = await person_by_platform_id(session, platform_user_id="U_MAYA")
        assert (await leadership_rounds(session, viewer=maya, now=LEAD_CLOSED, min_respondents=1))[0].result is None
    assert "minder dan 4" in text_of(await command(sessions, "U_BRAM", "results", LEAD_CLOSED, min_respondents=4))


async def every_checkin_delivered(sessions) -> None:
    """Every check-in of the quarter reached everyone (besides those the ticks sent), so each team summary has a
    round to show."""
    async with transaction(sessions) as session:
        rows = await session.execute(select(Membership.person_id, Team.checkin_weekday)
                                     .join(Team, Team.id == Membership.team_id))
        days = {(person_id, date(2026, 10, 1) + timedelta(days=n)) for person_id, weekday in rows
                for n in range(92) if (date(2026, 10, 1) + timedelta(days=n)).weekday() == weekday}
        ticked = set(await session.execute(select(Delivery.person_id, Delivery.slot).where(Delivery.kind == "checkin")))
        for person_id, day in sorted(days):
            if (person_id, day.isoformat()) in ticked:
                continue
            sent = datetime.combine(day, time(7), UTC)
            session.add(Delivery(kind="checkin", person_id=person_id, period_id=1, slot=day.isoformat(),
                                 status="sent", claimed_at=sent, lease_until=sent, sent_at=sent))


async def test_no_function_returns_leos_leadership_answer_to_anyone_else(sessions, messenger, org):
    forms = await leadership_round(sessions, messenger)
    await every_checkin_delivered(sessions)
    await run_tick(sessions, messenger, REFLECTION_AMSTERDAM)
    async with transaction(sessions) as session:  # every manager meets every report, so each has a 1:1 digest
        for report in await all_people(session):
            if report.manager_id is not None:
                await set_one_on_one(session, manager_id=report.manager_id, report_id=report.id, weekday=3,
                                     local_time="14:00", every_weeks=1, anchor=date(2026, 10, 1), prep_minutes=120)
    for now in (OPEN, LEAD_CLOSED, REFLECTION_AMSTERDAM):
        async with transaction(sessions) as session:
            everyone = await all_people(session)
            leo = next(p for p in everyone if p.platform_user_id == "U_LEO")
            outputs = [await export_checkins(session, format="json"), await export_checkins(session, format="csv"),
                       await risks(session, period_id=1, only_open=False)]
            outputs.append(await preview_recap(session, period=await period_by_id(session, period_id=1), now=now))
            for team in await teams(session):  # every channel post: the team summaries and recaps, the org recap
                outputs.append(await preview_summary(session, team=team, now=now))
            for team_id in (1, 2):
                outputs.append(await team_development_results(session, team_id=team_id, now=now, min_respondents=3))
                outputs.append(await team_development_trends(session, team_id=team_id, now=now, min_respondents=3))
            for viewer in (p for p in everyone if p.id != leo.id):
                outputs += [
                    await leadership_rounds(session, viewer=viewer, now=now, min_respondents=3),
                    await leadership_trends(session, manager=viewer, now=now, min_respondents=3),
                    await development_answers(session, viewer=viewer, person_id=leo.id),
                    await results_message(session, person=viewer, now=now, min_respondents=1),
                    await preview_preps(session, manager=viewer, now=now),
                ]
                for round_id in range(1, 5):
                    outputs.append(await leadership_result(session, viewer=viewer, round_id=round_id, now=now,
                                                           min_respondents=1))
                for objective_id in (1, 2):
                    for survey in ("mood_leadership", "premortem", "reflection"):
                        outputs.append(await objective_survey_answers(session, viewer=viewer,
                                                                      objective_id=objective_id, survey=survey))
                for text in ("survey", "survey 1", "survey 2", "results", "resultaten", "premortem", "checkin"):
                    outputs.append(await handle_command(session, person=viewer, text=text, now=now))
                forged = FormSubmitted(viewer.platform_user_id, forms["U_LEO"].context, {"satisfied": ""})
                outputs.append(await handle_reply(session, reply=forged, platform=None, now=now))
        everything = flat(outputs)
        assert SECRET not in everything
        posted = {m.kind for item in outputs for m in (item if isinstance(item, list) else [item])
                  if isinstance(m, Message)}
        assert {"summary", "recap", "org_recap", "prep"} <= posted, "the sweep must see every digest"
    sent_to_others = [m for r, m in messenger.sent if r.platform_user_id != "U_LEO"]
    assert SECRET not in flat(sent_to_others)
    own = await command(sessions, "U_LEO", "survey", OPEN)
    assert own.values["satisfied:why"] == SECRET, "Leo himself sees his answer, so the search above can find it"


async def test_development_answers_go_to_the_person_and_their_manager_of_record_only(sessions, messenger, org):
    await run_tick(sessions, messenger, MOOD_DEV_AMSTERDAM)
    form = survey_to(messenger, "U_ANNA", "survey_mood_dev")
    await reply(sessions, "U_ANNA", form.context, {"career": "3", "career:why": "Geen doorgroei"}, MOOD_DEV_AMSTERDAM)
    async with transaction(sessions) as session:
        anna = await person_by_platform_id(session, platform_user_id="U_ANNA")
        seen = {p.platform_user_id: await development_answers(session, viewer=p, person_id=anna.id)
                for p in await all_people(session)}
        assert {who for who, answers in seen.items() if answers is not None} == {"U_ANNA", "U_BRAM"}
        [round_] = seen["U_BRAM"]
        assert [(s.key, score, why) for s, score, why in round_.answers] == [("career", 3, "Geen doorgroei")]
        anna.manager_id = (await person_by_platform_id(session, platform_user_id="U_MAYA")).id
    maya, bram = await person(sessions, "U_MAYA"), await person(sessions, "U_BRAM")
    async with sessions() as session:
        assert await development_answers(session, viewer=maya, person_id=anna.id) == []
        assert await development_answers(session, viewer=bram, person_id=anna.id) is None
    assert "Geen doorgroei" in text_of(await command(sessions, "U_ANNA", "results", MOOD_DEV_AMSTERDAM))


async def test_a_team_sees_development_averages_only_when_no_manager_could_single_anyone_out(
        sessions, messenger, load_org):
    # Priya (Maya's report) works in Support: the team's average minus Bram's three reports would be hers alone.
    await load_org(SURVEY_ORG.replace("members: [U_BRAM, U_ANNA, U_CARLA, U_DAAN]",
                                      "members: [U_BRAM, U_ANNA, U_CARLA, U_DAAN, U_PRIYA]")
                   .replace("members: [U_MAYA, U_LEO, U_PRIYA]", "members: [U_MAYA, U_LEO]"))
    await run_tick(sessions, messenger, MOOD_DEV_AMSTERDAM)
    await run_tick(sessions, messenger, MOOD_DEV_AMSTERDAM + timedelta(hours=6))
    closed = MOOD_DEV_AMSTERDAM + timedelta(days=15)
    for user, score in (("U_ANNA", "6"), ("U_CARLA", "5"), ("U_DAAN", "4")):
        form = survey_to(messenger, user, "survey_mood_dev")
        await reply(sessions, user, form.context, {"career": score, "career:why": f"{user} why"}, MOOD_DEV_AMSTERDAM)
    async with sessions() as session:
        [shown] = await team_development_results(session, team_id=1, now=closed, min_respondents=3)
        assert [(s.key, s.answered, s.average, s.reasons) for s in shown.statements] == [("career", 3, 5.0, ())]
        assert await team_development_results(session, team_id=1, now=MOOD_DEV_AMSTERDAM, min_respondents=3) == []
    form = survey_to(messenger, "U_PRIYA", "survey_mood_dev")
    await reply(sessions, "U_PRIYA", form.context, {"career": "1"}, MOOD_DEV_AMSTERDAM + timedelta(hours=6))
    async with sessions() as session:
        assert await team_development_results(session, team_id=1, now=closed, min_respondents=3) == []


async def test_no_survey_answer_moves_a_grade(sessions, messenger, org):
    async def grades():
        async with sessions() as session:
            period = await period_by_id(session, period_id=1)
            reports = await objective_reports(session, objectives=await objectives_of_period(session, period_id=1),
                                              period=period)
        return [(r.title, r.progress, r.grade) for r in reports]

    before = await grades()
    await run_tick(sessions, messenger, REFLECTION_AMSTERDAM)
    form = survey_to(messenger, "U_ANNA", "survey_reflection")
    await reply(sessions, "U_ANNA", form.context, {"closeness": "1", "achieved": "Niets"}, REFLECTION_AMSTERDAM)
    assert await grades() == before
