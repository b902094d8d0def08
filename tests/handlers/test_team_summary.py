"""The weekly team summary in the team's channel: where the objectives stand, what to learn from the week, how many
have not checked in yet (never who), and the week's blockers. A late answer changes the same summary's numbers."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot.messages import KeyResultLine, Text
from handlers.digest_data import load
from handlers.post_outbox import PostRef, channel_messages, preview_summary
from handlers.summary_message import summary_message
from handlers.team_summary import build_summary
from models import Team
from models.db import transaction
from tests.digest_quarter import (
    BLOCKER,
    LAST_SLOT,
    LATE_ANSWER_AT,
    PERSONAL_REFLECTION,
    SECRETS,
    SUMMARY_AT,
    played_quarter,
)

NAMES = ("Bram", "Anna", "Carla", "Daan", "Maya", "Leo")
STORY = "Een week van kleine stappen; het vertrouwen in de NPS zakte."


class StoryTeller:
    """An AI model that always tells the same story, and keeps what it was given."""

    def __init__(self) -> None:
        self.given: list = []

    async def ask_json(self, *, instructions, data, answer):
        self.given.append(data)
        return answer(narrative=STORY)


@pytest.fixture
async def quarter(sessions, load_org):
    return await played_quarter(sessions, load_org)


def texts(message) -> str:
    return "\n".join(b.text if isinstance(b, Text) else getattr(b, "title", "") for b in message.blocks)


def before_the_late_answer(snapshot):
    """The snapshot as the summary first saw it: Carla's answer for 23 November came two days later."""
    history = {kr: tuple(r for r in rows if r.answered_at < LATE_ANSWER_AT) for kr, rows in snapshot.history.items()}
    return replace(snapshot, history=history, _reports={})


async def test_the_summary_counts_who_has_not_checked_in_and_a_late_answer_lowers_the_count(sessions, quarter):
    period, teams = quarter
    support = teams["Support"]
    async with sessions() as session:
        snapshot = await load(session, period=period)
    first = build_summary(before_the_late_answer(snapshot), team_id=support.id, slot=LAST_SLOT)
    assert (first.answered, first.waiting) == (1, 2)  # Anna answered; Carla (late) and Daan not yet
    assert [(b.key_result, b.text) for b in first.blockers] == [("NPS van 25 naar 45", BLOCKER)]
    signals = {kr.title.split()[0]: [s.kind for s in kr.signals] for o in first.objectives for kr in o.key_results}
    assert signals["NPS"] == ["dropped"] and signals["Eerste"] == ["stalled"]
    assert [o.title for o in first.objectives] == [  # Anna's personal objective stays out of the channel
        "Onze klanten zijn fan van onze dienstverlening"]

    later = build_summary(snapshot, team_id=support.id, slot=LAST_SLOT)
    assert (later.answered, later.waiting) == (2, 1)
    knowledge_base = next(kr for o in later.objectives for kr in o.key_results if kr.kind == "milestone")
    assert knowledge_base.confidence == 6


async def test_a_team_that_chose_so_sees_who_has_not_checked_in_yet(sessions, quarter):
    period, teams = quarter
    async with transaction(sessions) as session:
        support = await session.get(Team, teams["Support"].id)
        support.summary_names = True  # summary_names: true in the organisation file
    async with sessions() as session:
        snapshot = await load(session, period=period)
    summary = build_summary(before_the_late_answer(snapshot), team_id=support.id, slot=LAST_SLOT)
    assert summary.waiting_names == ("Carla Jansen", "Daan Visser")
    assert "nog niet: Carla Jansen, Daan Visser" in texts(summary_message(summary, locale="nl"))


async def test_a_summary_of_an_earlier_week_shows_that_week_only(sessions, quarter):
    period, teams = quarter
    async with sessions() as session:
        snapshot = await load(session, period=period)
    summary = build_summary(snapshot, team_id=teams["Support"].id, slot="2026-10-19")
    nps = next(kr for o in summary.objectives for kr in o.key_results if kr.title.startswith("NPS"))
    assert (nps.value, nps.confidence, nps.trend, nps.signals) == (29, 7, (6, 6, 7), ())
    assert (summary.answered, summary.waiting, summary.blockers) == (3, 0, ())  # Daan answered that week too


async def test_the_team_reads_its_summary_in_dutch_with_bars_trends_and_no_names(sessions, quarter):
    period, teams = quarter
    post = PostRef("summary", f"team:{teams['Support'].id}", period.id, LAST_SLOT)
    async with sessions() as session:
        before = (await channel_messages(session, posts=[post], now=SUMMARY_AT))[post]
        after = (await channel_messages(session, posts=[post], now=LATE_ANSWER_AT))[post]

    assert teams["Support"].locale == "nl", "three of Support's four members speak Dutch"
    assert (before.kind, before.locale) == ("summary", "nl")
    assert dict(before.context) == {"kind": "summary", "slot": LAST_SLOT}
    text = texts(before)
    assert "Support — check-in van ma 23 nov" in text
    assert "Onze klanten zijn fan van onze dienstverlening · ▓▓▓░░░░░░░ 33%" in text
    assert "Ingecheckt: 1 van de 3; nog niet: 2." in text and "Ingecheckt: 2 van de 3; nog niet: 1." in texts(after)
    assert f"• NPS van 25 naar 45: {BLOCKER}" in text
    assert "het vertrouwen ging van 8 naar 5: wat is er veranderd, en wat leren we daarvan?" in text
    nps = next(b for b in before.blocks if isinstance(b, KeyResultLine) and b.title.startswith("NPS"))
    assert (nps.value, nps.target, nps.confidence, nps.trend) == (36, 45, 5, (8, 8, 8, 5))
    assert text.endswith("Kies samen één punt hierboven en praat het door.")
    shown = texts(before) + texts(after)
    assert not [word for word in (*NAMES, *SECRETS, PERSONAL_REFLECTION) if word in shown]
    assert not [word for word in ("rood", "oranje", "groen", "red", "amber", "green") if word in text.lower()]


async def test_an_ai_narrative_goes_on_top_and_the_model_gets_no_names_and_no_typed_texts(sessions, quarter):
    period, teams = quarter
    post = PostRef("summary", f"team:{teams['Support'].id}", period.id, LAST_SLOT)
    model = StoryTeller()
    async with sessions() as session:
        message = (await channel_messages(session, posts=[post], now=SUMMARY_AT, ai=model))[post]
    assert message.blocks[1] == Text(STORY)
    [facts] = model.given
    given = json.dumps(facts, ensure_ascii=False)
    assert facts["not_yet"] == 2 and facts["blocked_key_results"] == ["NPS van 25 naar 45"]
    assert not [text for text in (*NAMES, BLOCKER) if text in given]


async def test_a_preview_shows_the_teams_latest_slot_in_english(sessions, quarter):
    _, teams = quarter
    async with sessions() as session:
        message = await preview_summary(session, team=teams["Product"], now=SUMMARY_AT)
        assert await preview_summary(session, team=teams["Product"], now=SUMMARY_AT.replace(year=2025)) is None
    text = texts(message)
    assert (message.locale, message.context["slot"]) == ("en", "2026-11-24")
    assert "Product — check-in of Tue 24 Nov" in text and "Everyone who got this check-in checked in." in text
    assert "New customers get value in their first week · ▓▓▓▓▓▓░░░░ 62%" in text
    assert text.endswith("What do we learn from this week? Pick one thing above and talk it through together.")
