"""The quarterly recap: each team reads how its objectives ended against what their type promised, how confidence
moved, what it learned (with names: the team may read its reflections) and a chart; the organisation gets a line
per team without names. All of it from one read of the period, whatever the number of teams."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event, select

from bench.gallery import objective, path
from bot.messages import Chart, Text
from bot.teams.render import fits
from handlers.chart_figure import ChartFigure, legend_size
from handlers.digest_data import load
from handlers.post_outbox import PostRef, channel_messages, preview_recap
from handlers.prep_digest import build_prep
from handlers.recap import TeamRecap, build_org_recap, build_recap, recap_facts
from handlers.recap_chart import chart_png
from handlers.recap_message import recap_message
from models import Team
from models.checkin_store import record_checkins
from models.db import transaction
from models.org_queries import key_results_by_ref
from models.people_queries import period_by_name, person_by_platform_id
from tests.digest_quarter import (
    LAST_SLOT,
    PERSONAL_REFLECTION,
    RECAP_AT,
    SECRETS,
    TEAM_LEARNING,
    played_quarter,
)
from tests.orgs import SMALL_ORG

PNG = b"\x89PNG\r\n\x1a\n"
NAMES = ("Bram", "Anna", "Carla", "Daan", "Maya", "Leo")


@pytest.fixture
async def quarter(sessions, load_org):
    return await played_quarter(sessions, load_org)


def texts(message) -> str:
    return "\n".join(b.text for b in message.blocks if isinstance(b, Text))


async def test_each_grade_is_read_against_what_the_objective_promised(sessions, quarter):
    period, teams = quarter
    async with sessions() as session:
        snapshot = await load(session, period=period)
    support = build_recap(snapshot, team_id=teams["Support"].id)
    [fans] = support.objectives  # Anna's personal objective and its reflection stay out of the team's recap
    assert (fans.type, fans.grade.verdict) == ("aspirational", "low")
    assert [r.text for r in fans.learnings] == [TEAM_LEARNING]
    assert fans.confidence_path[0] == (date(2026, 10, 5), 5.8)  # NPS 6, reply 5, knowledge base 6, chatbot 6
    assert [day for day, _ in fans.confidence_path] == sorted(day for day, _ in fans.confidence_path)
    assert len(fans.confidence_path) == 8 and fans.confidence_path[-1] == (date(2026, 11, 23), 5.3)
    [onboarding] = build_recap(snapshot, team_id=teams["Product"].id).objectives
    assert (onboarding.type, onboarding.grade.verdict, onboarding.reached) == ("committed", "not_delivered", False)

    org = build_org_recap(snapshot)
    [loyal] = org.objectives  # the organisation's own, committed: 62% is not what it promised
    assert (loyal.title, loyal.grade.verdict, loyal.reached) == (
        "Customers stay with us because we make their work easier", "not_delivered", False)
    assert [(line.team, line.objectives, line.reached) for line in org.teams] == [("Product", 1, 0), ("Support", 1, 0)]
    assert TEAM_LEARNING not in str(recap_facts(support)) and "Anna" not in str(recap_facts(support))


async def test_the_recaps_say_it_in_words_in_each_teams_language_with_a_chart(sessions, quarter):
    period, _ = quarter
    async with sessions() as session:
        product, support, org = await preview_recap(session, period=period, now=RECAP_AT)

    assert [(m.kind, m.locale) for m in (product, support, org)] == [("recap", "en"), ("recap", "nl"),
                                                                     ("org_recap", "en")]
    assert "Committed, so 100% was the promise: we reached 62%." in texts(product)
    assert "Ambitieus, en dan is zo'n 70% een goed resultaat: we kwamen op 26%." in texts(support)
    # Daan answered the chatbot key result in weeks 1 and 3 only: his 6 and then his 5 stay in the average
    assert "vertrouwen door de periode heen: 5,8 → 5,8 → 6,3 → 6,5 → 6 → 5,3" in texts(support)
    assert f"• „{TEAM_LEARNING}” — Anna de Vries" in texts(support)
    assert texts(support).endswith("Neem mee wat je geleerd hebt.")
    assert ("Support — objectives: 1 · average progress: 26% · reached what was promised (committed 100%, aspirational "
            "about 70%): 0 of 1") in texts(org)
    for message in (product, support, org):
        chart = message.blocks[-1]
        assert isinstance(chart, Chart) and chart.png.startswith(PNG) and message.charts == (chart,)
        assert fits(chart), f"{len(chart.png)} bytes: too big for a Teams message"
        shown = texts(message) + chart.title
        assert not [secret for secret in (*SECRETS, PERSONAL_REFLECTION) if secret in shown]
    assert not [word for word in (*NAMES, TEAM_LEARNING) if word in texts(org)]


def test_the_chart_is_a_png_and_the_same_data_draws_the_same_bytes():
    paths = (path(1, "NPS from 25 to 45 among customers who called us twice", "increase", [25, 28, 33], [5, 6, 7],
                  baseline=25, target=45, unit="NPS"),
             path(2, "Knowledge base live", "milestone", [0], [6]))
    recap = TeamRecap(1, "Support", "2026-Q4", (objective("Fans", "aspirational", *paths),))
    png = chart_png(recap)
    assert png.startswith(PNG) and 1000 < len(png) < 200_000
    assert chart_png(recap) == png
    assert chart_png(recap, locale="nl") != png  # the labels speak the team's language


async def test_posts_for_one_team_or_two_cost_the_same_queries(engine, sessions, quarter):
    period, teams = quarter
    support, product = (f"team:{teams[name].id}" for name in ("Support", "Product"))
    statements: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    async def count(*posts: PostRef) -> tuple[int, int]:
        statements.clear()
        async with sessions() as session:
            messages = await channel_messages(session, posts=posts, now=RECAP_AT)
        return len(statements), len(messages)

    one = await count(PostRef("summary", support, period.id, LAST_SLOT))
    two = await count(PostRef("summary", support, period.id, LAST_SLOT),
                      PostRef("summary", product, period.id, "2026-11-24"),
                      PostRef("summary", "team:999", period.id, LAST_SLOT))  # a team since removed: left out
    assert (one[1], two[1]) == (1, 2) and one[0] == two[0] <= 16
    with_org = await count(PostRef("recap", support, period.id), PostRef("org_recap", "org", period.id))
    everything = await count(PostRef("recap", support, period.id), PostRef("recap", product, period.id),
                             PostRef("org_recap", "org", period.id), PostRef("summary", support, period.id, LAST_SLOT))
    assert (with_org[1], everything[1]) == (2, 4)
    assert with_org[0] == everything[0] <= one[0]  # the organisation recap reads everyone: no per-team query


def test_a_threshold_is_drawn_held_or_not_never_as_a_sawtooth():
    """Churn stays below 3%: held, not held, held. The chart keeps it on the target line where it held, breaks the
    line where it did not and marks that week with a cross near 0%, instead of a line that plunges to 0 and climbs
    back; its end label says where it ended and that it held."""
    churn = path(1, "Monthly churn stays below 3%", "stay_below", [2.5, 3.4, 2.1], [8, 6, 7], target=3, unit="%")
    renewals = path(2, "Renewals from 70% to 85%", "increase", [73, 74.5, 76], [6, 6, 6], baseline=70, target=85,
                    unit="%")
    recap = TeamRecap(1, "Sales", "2026-Q4", (objective("Customers choose us again", "committed", churn, renewals),))
    figure = ChartFigure(*legend_size(recap, "en"))
    figure.draw(recap, "en")
    held, missed, line = (heights(artist) for artist in figure.progress.lines if artist in figure.front)
    assert [round(h) if h is not None else None for h in held] == [99, None, 99] and line == [20.0, 30.0, 40.0]
    assert missed[0] is None and round(missed[1]) == -1 and missed[2] is None
    assert [a for a in figure.progress.lines if a in figure.front][1].get_linestyle() == "None"  # crosses, no line
    assert [text.get_text() for text in figure.progress.texts if text in figure.front] == [
        "1 · 2.1% ✓", "2 · 76%"]
    assert chart_png(recap).startswith(PNG)


def heights(artist) -> list[float | None]:
    return [None if math.isnan(y) else y for y in artist.get_ydata()]


async def test_skipped_week_carries_confidence_forward(sessions, load_org):
    """Anna skips two check-ins while Carla's knowledge base dips to 2: the team objective's confidence does not fall
    to Carla's 2 and climb back ("5 → 2 → 2 → 5,3"); Anna's last 6 and 4 still stand in those weeks."""
    await load_org(SMALL_ORG)
    async with sessions() as session:
        krs = await key_results_by_ref(session, refs=["nps", "reply", "kb"])
        people = {u: await person_by_platform_id(session, platform_user_id=u) for u in ("U_ANNA", "U_BRAM", "U_CARLA")}
        period = await period_by_name(session, name="2026-Q4")
        support = (await session.execute(select(Team).where(Team.name == "Support"))).scalar_one()
    weeks = {"2026-10-05": {"nps": 6, "reply": 4, "kb": 5}, "2026-10-12": {"kb": 2}, "2026-10-19": {"kb": 2},
             "2026-10-26": {"nps": 7, "reply": 6, "kb": 3}}
    async with transaction(sessions) as session:
        for slot, confidences in weeks.items():
            for ref, confidence in confidences.items():
                kr = krs[ref]
                await record_checkins(session, person_id=kr.owner_id, period_id=period.id, slot=slot,
                                      now=datetime.fromisoformat(f"{slot}T09:00+00:00"), answers=[{
                                          "key_result_id": kr.id, "value": None, "confidence": confidence,
                                          "one_level_up": "", "blockers": ""}])
    async with sessions() as session:
        snapshot = await load(session, period=period)
    [fans] = build_recap(snapshot, team_id=support.id).objectives
    assert [confidence for _, confidence in fans.confidence_path] == [5.0, 4.0, 4.0, 5.3]
    shown = texts(recap_message(build_recap(snapshot, team_id=support.id), locale="nl", chart=None))
    assert "vertrouwen door de periode heen: 5 → 4 → 4 → 5,3" in shown

    # Bram's 1:1 with Anna in the third week: her own key results' confidence stands where she left it
    digest = build_prep(snapshot, manager_id=people["U_BRAM"].id, report_id=people["U_ANNA"].id,
                        meeting_at=datetime(2026, 10, 22, 12, tzinfo=UTC), since=datetime(2026, 10, 8, tzinfo=UTC))
    [objective] = digest.objectives
    assert (objective.confidence, objective.confidence_then, objective.confidence_direction) == (5.0, 5.0, "same")


async def test_recap_of_running_period_says_so_far(sessions, quarter):
    """`okrbot recap --period 2026-Q4` on Friday 4 December: 27 days are left, so nothing is a verdict yet."""
    period, _ = quarter
    async with sessions() as session:
        product, support, org = await preview_recap(session, period=period, now=datetime(2026, 12, 4, 9, tzinfo=UTC))
    assert texts(product).startswith("Product — 2026-Q4 so far\n2026-Q4: 2 months in, 27 days to go")
    assert "Committed, so 100% is the promise: at 62% so far, with 27 days to go." in texts(product)
    assert texts(support).startswith("Support — 2026-Q4 tot nu toe\n2026-Q4: 2 maanden onderweg, nog 27 dagen")
    assert "Ambitieus, en dan is zo'n 70% een goed resultaat: we staan op 26%, met nog 27 dagen te gaan." \
        in texts(support)
    assert "vertrouwen tot nu toe: 5,8" in texts(support)
    assert "Support — objectives: 1 · average progress so far: 26%" in texts(org)
    assert "2026-Q4 runs until 31 December: what do we do with the 27 days left?" in texts(org)
    for message in (product, support, org):
        shown = texts(message)
        assert not [past for past in ("we reached", "we kwamen op", "was the promise", "was de belofte",
                                      "looking back", "terugblik", "plan the next period") if past in shown]


async def test_the_final_recap_looks_back_without_forecasts(sessions, quarter):
    period, _ = quarter
    async with sessions() as session:
        messages = await preview_recap(session, period=period, now=RECAP_AT)
    for message in messages:
        shown = texts(message)
        assert not [word for word in ("so far", "tot nu toe", "to go", "te gaan", "by the end of the period",
                                      "aan het eind van de periode", "next week", "volgende week") if word in shown]
