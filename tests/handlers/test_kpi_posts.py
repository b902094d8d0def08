"""KPIs in the channel posts: the weekly summary mentions a team KPI once when it leaves its healthy corridor and
once when it comes back (no names of people); the recap lists each KPI with its last value and whether it stayed
in its corridor over the period, the team's in the team's recap and the organisation's in the organisation's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.messages import Text
from handlers.post_outbox import PostRef, channel_messages, preview_recap
from models.db import transaction
from models.feed_values import NewValue, record_kpi_values
from models.feeds import Kpi
from tests.digest_quarter import QUARTER_ORG, RECAP_AT, SUMMARY_AT, played_quarter

SUPPORT = "    members: [U_BRAM, U_ANNA, U_CARLA, U_DAAN]\n"
KPI_ORG = QUARTER_ORG.replace(SUPPORT, SUPPORT + """    kpis:
      - {name: Wachttijd, unit: min, high: 5, owner: U_ANNA}
      - {name: Tevredenheid, low: 8, owner: U_ANNA}
      - {name: Bereikbaarheid, unit: "%", low: 95, high: 100}
""").replace("    members: [U_MAYA, U_LEO]\n", """    members: [U_MAYA, U_LEO]
    kpis:
      - {name: Uptime, unit: "%", low: 99.5}
""").replace("okrs:\n", """kpis:
  - {name: Churn, unit: "%", high: 2}
okrs:
""", 1)

READINGS = {  # KPI -> (UTC day in November 2026, value)
    "Wachttijd": [(10, 4), (18, 7)],  # inside, then out in the week of 16 November
    "Tevredenheid": [(10, 7), (20, 8.5)],  # out in the week of 9 November, back in the week of 16 November
    "Bereikbaarheid": [(3, 97), (19, 96)],  # inside throughout
    "Uptime": [(18, 98)],  # another team's
    "Churn": [(12, 1.5)],
}


@pytest.fixture
async def kpi_quarter(sessions, load_org):
    period, teams = await played_quarter(sessions, load_org)
    await load_org(KPI_ORG)
    async with transaction(sessions) as session:
        ids = {k.name: k.id for k in (await session.execute(select(Kpi))).scalars()}
        for name, readings in READINGS.items():
            for day, value in readings:
                at = datetime(2026, 11, day, 6, tzinfo=UTC)
                await record_kpi_values(session, values=[NewValue(ids[name], value, "")], measured_at=at, now=at,
                                        source="manual")
    return period, teams


def texts(message) -> list[str]:
    return [b.text for b in message.blocks if isinstance(b, Text)]


async def summary(sessions, period, team, slot: str, now: datetime) -> list[str]:
    post = PostRef("summary", f"team:{team.id}", period.id, slot)
    async with sessions() as session:
        return texts((await channel_messages(session, posts=[post], now=now))[post])


async def test_the_summary_mentions_a_kpi_once_when_it_leaves_and_once_when_it_comes_back(sessions, kpi_quarter):
    period, teams = kpi_quarter
    week_before = await summary(sessions, period, teams["Support"], "2026-11-16", SUMMARY_AT - timedelta(days=7))
    last = await summary(sessions, period, teams["Support"], "2026-11-23", SUMMARY_AT)
    left = "KPI's die in de week voor deze check-in buiten hun gezonde bereik kwamen:"
    back = "KPI's die in de week voor deze check-in terug binnen hun gezonde bereik kwamen:"
    assert week_before[week_before.index(left):week_before.index(left) + 2] == [
        left, "Tevredenheid: 7 (gezond: minstens 8)"]
    assert back not in week_before and "Wachttijd" not in "\n".join(week_before)
    assert last[last.index(left):last.index(left) + 4] == [
        left, "Wachttijd: 7 min (gezond: hoogstens 5 min)", back, "Tevredenheid: 8,5 (gezond: minstens 8)"]
    everything = "\n".join(week_before + last)
    assert "Bereikbaarheid" not in everything and "Uptime" not in everything and "Churn" not in everything
    assert "Anna" not in everything.split(left)[1]  # the KPI lines name nobody (Anna owns two of them)


async def test_the_recap_lists_each_kpi_with_its_last_value_and_whether_it_stayed_in_its_corridor(
        sessions, kpi_quarter):
    period, _ = kpi_quarter
    async with sessions() as session:
        product, support, org = await preview_recap(session, period=period, now=RECAP_AT)
    lines = texts(support)
    start = lines.index("KPI's over de periode")
    assert lines[start + 1:start + 4] == [
        "Wachttijd: 7 min (gezond: hoogstens 5 min) · nu buiten het gezonde bereik",
        "Tevredenheid: 8,5 (gezond: minstens 8) · kwam buiten het gezonde bereik en is er weer binnen",
        "Bereikbaarheid: 96% (gezond: 95% tot 100%) · bleef binnen het gezonde bereik"]
    assert any(line.startswith("Uptime: 98% (healthy: at least 99.5%) · outside its healthy range now")
               for line in texts(product))
    org_lines = "\n".join(texts(org))
    assert "Churn: 1.5% (healthy: at most 2%) · stayed in its healthy range" in org_lines
    assert "Wachttijd" not in org_lines and "Churn" not in "\n".join(lines)


def test_an_excursion_running_before_the_week_is_not_mentioned_again_and_a_round_trip_in_it_counts_as_back():
    from handlers.kpi_health import KpiTrack, changes

    def at(day: int) -> datetime:
        return datetime(2026, 11, day, 12, tzinfo=UTC)

    still_out = KpiTrack(1, "Still out", "", None, 5, 1, ((at(1), 9), (at(17), 8)))
    round_trip = KpiTrack(2, "Round trip", "", None, 5, 1, ((at(1), 4), (at(17), 9), (at(19), 3)))
    quiet = KpiTrack(3, "Quiet", "", None, 5, 1, ((at(1), 9),))  # out, but no reading this week
    week = {"start": at(16).replace(hour=0), "end": at(23).replace(hour=0)}
    assert [(c.name, c.change, c.value) for c in changes([still_out, round_trip, quiet], **week)] == [
        ("Round trip", "back", 3)]
