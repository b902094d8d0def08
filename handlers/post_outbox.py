"""The messages of channel posts: team summaries, team recaps and the organisation recap, built from one snapshot
per period whatever the number of posts, teams or people.

The tick decides which posts are due and claims them; this module only turns each claimed post into its message,
as the store stood at ``now`` (check-ins answered later are left out, so a back-dated tick or preview shows what
was known then). Building a summary again after a late answer gives the updated message for an edit in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message
from handlers import digest_data
from handlers.digest_data import Snapshot
from handlers.digest_narrative import narrative
from handlers.kpi_health import KpiTrack, load_tracks
from handlers.ports import AiClient
from handlers.recap import OrgRecap, TeamRecap, build_org_recap, build_recap, recap_facts, recap_locale
from handlers.recap_chart import ChartDrawer, chart_drawer
from handlers.recap_message import org_recap_message, recap_message
from handlers.summary_message import summary_message
from handlers.team_summary import build_summary, summary_facts
from models import Period, Team
from models import digest_queries as q
from models.people_queries import period_on
from models.slot_queries import period_by_id
from scheduler.cadence import Cadence, current_slot

RECAP_SLOT = "end"
KPI_LOOKBACK = timedelta(days=35)  # a summary's KPI changes reach back a check-in round before the period's start


@dataclass(frozen=True)
class PostRef:
    """Which post: ``kind`` summary | recap | org_recap, ``scope`` ``team:<id>`` or ``org``, the period, and the
    check-in slot of a summary (``end`` for a recap): the unique key of a ``models.digests.ChannelPost``."""

    kind: str
    scope: str
    period_id: int
    slot: str = RECAP_SLOT

    @property
    def team_id(self) -> int | None:
        return int(self.scope.removeprefix("team:")) if self.scope.startswith("team:") else None


async def channel_messages(session: AsyncSession, *, posts: Sequence[PostRef], now: datetime,
                           ai: AiClient | None = None) -> dict[PostRef, Message]:
    """The message of each post; a team that no longer exists or has nothing to show is left out."""
    messages: dict[PostRef, Message] = {}
    async with chart_drawer(sum(post.kind != "summary" for post in posts)) as charts:
        for period_id in sorted({post.period_id for post in posts}):
            refs = [post for post in posts if post.period_id == period_id]
            period = await period_by_id(session, period_id=period_id)
            if period is None:
                continue
            snapshot = await _snapshot(session, period, refs, now)
            messages.update(await _messages(snapshot, refs, ai, charts, now))
    return messages


async def preview_summary(session: AsyncSession, *, team: Team, now: datetime, ai: AiClient | None = None
                          ) -> Message | None:
    """The summary of the team's latest check-in slot before ``now`` (``okrbot summary --team``)."""
    period = await period_on(session, day=now.date())
    if period is None:
        return None
    scope = f"team:{team.id}"
    snapshot = await _snapshot(session, period, [PostRef("summary", scope, period.id)], now)
    if team.id not in snapshot.teams:
        return None
    cadence = Cadence(team.checkin_weekday, time.fromisoformat(team.checkin_time), team.every_weeks)
    slot = current_slot(cadence, snapshot.team_tz(team.id), team.country, period.start, period.end, now)
    if slot is None:
        return None
    return await _summary(snapshot, PostRef("summary", scope, period.id, slot.key), ai)


async def preview_recap(session: AsyncSession, *, period: Period, now: datetime, ai: AiClient | None = None
                        ) -> list[Message]:
    """Every team's recap of ``period`` (teams by name), then the organisation recap (``okrbot recap``)."""
    refs = [PostRef("org_recap", "org", period.id)]
    snapshot = await _snapshot(session, period, refs, now)
    teams = sorted(snapshot.teams.values(), key=lambda team: team.name)
    refs = [PostRef("recap", f"team:{team.id}", period.id) for team in teams] + refs
    async with chart_drawer(len(refs)) as charts:
        messages = await _messages(snapshot, refs, ai, charts, now)
    return [messages[ref] for ref in refs if ref in messages]


async def _snapshot(session: AsyncSession, period: Period, refs: Sequence[PostRef], now: datetime) -> Snapshot:
    """Everyone for an organisation recap, else only the members of the teams posted to."""
    person_ids = None
    if all(ref.team_id is not None for ref in refs):
        team_ids = sorted({ref.team_id for ref in refs})
        person_ids = [m.person_id for m in await q.memberships(session, team_ids=team_ids)]
    snapshot = await digest_data.load(session, period=period, person_ids=person_ids, personal=False)
    since = datetime.combine(period.start, time(), UTC) - KPI_LOOKBACK
    return _as_at(snapshot, now, await load_tracks(session, since=since, until=now))


def _as_at(snapshot: Snapshot, now: datetime, kpis: tuple[KpiTrack, ...]) -> Snapshot:
    history = {kr: tuple(r for r in rows if r.answered_at <= now) for kr, rows in snapshot.history.items()}
    sent = {p: {slot: at for slot, at in slots.items() if at <= now} for p, slots in snapshot.sent_checkins.items()}
    return replace(snapshot, history=history, sent_checkins=sent, as_of=now, kpis=kpis, _reports={})


async def _messages(snapshot: Snapshot, refs: Sequence[PostRef], ai: AiClient | None, charts: ChartDrawer,
                    now: datetime) -> dict[PostRef, Message]:
    """Each post's message, left out when there is nothing to show. Every recap's chart, the slow part, is handed
    to ``charts`` as soon as the recap is built; the organisation's, the slowest, first."""
    recaps, drawn = {}, {}
    for ref in sorted(refs, key=lambda ref: ref.kind != "org_recap"):
        if ref.kind != "summary" and ref not in recaps and (found := _recap(snapshot, ref, now)) is not None:
            recaps[ref], drawn[ref] = found, charts.draw(*found)
    messages: dict[PostRef, Message] = {}
    for ref in dict.fromkeys(refs):
        if ref.kind == "summary":
            message = await _summary(snapshot, ref, ai)
        else:
            message = await _recap_message(*recaps[ref], await drawn[ref], ai) if ref in recaps else None
        if message is not None:
            messages[ref] = message
    return messages


async def _summary(snapshot: Snapshot, ref: PostRef, ai: AiClient | None) -> Message | None:
    team = snapshot.teams.get(ref.team_id) if ref.team_id is not None else None
    if team is None:
        return None
    summary = build_summary(snapshot, team_id=team.id, slot=ref.slot)
    if not summary.objectives or not summary.answered + summary.waiting:
        return None  # nothing to show, or a round that reached nobody in the team: no "0 of N" for it
    text = await narrative(ai, kind="summary", facts=summary_facts(summary), locale=team.locale)
    return summary_message(summary, locale=team.locale, narrative=text)


def _recap(snapshot: Snapshot, ref: PostRef, now: datetime) -> tuple[TeamRecap | OrgRecap, str] | None:
    """The recap of a post and its language, "so far" while the period runs; None when it has nothing to show."""
    if ref.kind == "org_recap":
        org = build_org_recap(snapshot, now=now)
        return (org, recap_locale(snapshot)) if org.objectives or org.teams else None
    team = snapshot.teams.get(ref.team_id) if ref.team_id is not None else None
    if team is None:
        return None
    recap = build_recap(snapshot, team_id=team.id, now=now)
    return (recap, team.locale) if recap.objectives else None


async def _recap_message(recap: TeamRecap | OrgRecap, locale: str, chart: bytes, ai: AiClient | None) -> Message:
    text = await narrative(ai, kind="recap", facts=recap_facts(recap), locale=locale)
    if isinstance(recap, OrgRecap):
        return org_recap_message(recap, locale=locale, chart=chart, narrative=text)
    return recap_message(recap, locale=locale, chart=chart, narrative=text)
