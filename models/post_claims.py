"""Claiming channel posts (team summaries, recaps) so each is posted once, and finding those to edit in place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from sqlalchemy import String, and_, bindparam, cast, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.checkins import CheckIn
from models.db import insert_for
from models.digests import ChannelPost
from models.leases import take_over_expired
from models.okrs import Objective
from models.people import Membership, Period, Person, Team
from models.surveys import SurveyAnswer, SurveyRound

KEY = ("kind", "scope", "period_id", "slot")


@dataclass(frozen=True)
class PostScopes:
    """What deciding on channel posts needs: the periods around a day, the teams with a channel (by id) and how
    many of each team's members are in which zone."""

    periods: list[Period]
    teams: list[Team]
    zones: dict[int, dict[str, int]]


# Built once, with parameters: the tick runs it every minute, and building it costs as much as running it.
_SCOPES = (
    select(Period, Team, Person.tz, func.count(Person.id))
    .select_from(Period)
    .outerjoin(Team, and_(Team.channel.is_not(None), Team.channel != ""))
    .outerjoin(Membership, Membership.team_id == Team.id)
    .outerjoin(Person, Person.id == Membership.person_id)
    .where(Period.start <= bindparam("starts_by"), Period.end >= bindparam("ends_from"))
    .group_by(Period.id, Team.id, Person.tz)
    .order_by(Period.id, Team.id)
)


async def post_scopes(session: AsyncSession, *, day: date, days_after_end: int) -> PostScopes:
    """Periods running on ``day`` or ended at most ``days_after_end`` days before it (as
    ``models.roster.periods_around``), with the teams that have a channel and their members' zones, in one query."""
    bounds = {"starts_by": day + timedelta(days=1), "ends_from": day - timedelta(days=days_after_end)}
    periods: dict[int, Period] = {}
    teams: dict[int, Team] = {}
    zones: dict[int, dict[str, int]] = {}
    for period, team, tz, members in await session.execute(_SCOPES, bounds):
        periods[period.id] = period
        if team is not None:
            teams[team.id] = team
            if tz is not None:
                zones.setdefault(team.id, {})[tz] = members
    return PostScopes(list(periods.values()), sorted(teams.values(), key=lambda team: team.id), zones)


class PostWanted(Protocol):
    kind: str
    scope: str
    period_id: int
    slot: str
    channel: str


@dataclass(frozen=True)
class ClaimedPost:
    id: int
    kind: str
    scope: str
    period_id: int
    slot: str
    channel: str
    handle: str | None = None
    sending: bool = False  # taken over from a process that had started posting it: it may be up


_COLUMNS = (ChannelPost.id, ChannelPost.kind, ChannelPost.scope, ChannelPost.period_id, ChannelPost.slot,
            ChannelPost.channel, ChannelPost.handle)


async def claim_posts(session: AsyncSession, *, wanted: Sequence[PostWanted], now: datetime, lease: timedelta
                      ) -> list[ClaimedPost]:
    """Insert the posts nobody claimed yet and return exactly those."""
    if not wanted:
        return []
    table = ChannelPost.__table__
    statement = (
        insert_for(session)(table).on_conflict_do_nothing(index_elements=list(KEY))
        .returning(*(table.c[c.key] for c in _COLUMNS))
    )
    rows = [{"kind": w.kind, "scope": w.scope, "period_id": w.period_id, "slot": w.slot, "channel": w.channel,
             "status": "claimed", "attempts": 1, "claimed_at": now, "lease_until": now + lease} for w in wanted]
    return [ClaimedPost(*row) for row in await session.execute(statement, rows)]


async def reclaim_expired_posts(session: AsyncSession, *, now: datetime, lease: timedelta, max_attempts: int,
                                not_before: datetime) -> list[ClaimedPost]:
    """Take over posts whose poster died before marking them; give up on old or much-tried ones."""
    rows = await take_over_expired(session, ChannelPost, returning=(*_COLUMNS, ChannelPost.sending), now=now,
                                   lease=lease, max_attempts=max_attempts, not_before=not_before)
    return [ClaimedPost(*row) for row in rows]


async def mark_posted(session: AsyncSession, *, post_id: int, handle: str | None, now: datetime) -> None:
    await session.execute(update(ChannelPost).where(ChannelPost.id == post_id)
                          .values(status="sent", handle=handle, sent_at=now, updated_at=now))


async def mark_post_failed(session: AsyncSession, *, post_ids: Sequence[int]) -> None:
    if post_ids:
        await session.execute(update(ChannelPost).where(ChannelPost.id.in_(post_ids)).values(status="failed"))


async def mark_updated(session: AsyncSession, *, post_id: int, now: datetime) -> None:
    await session.execute(update(ChannelPost).where(ChannelPost.id == post_id).values(updated_at=now))


@dataclass(frozen=True)
class Revisit:
    """Posts a tick returns to: whether a claimed post's lease ran out (``reclaim_expired_posts`` takes those
    over), and the summaries and recaps to edit in place."""

    expired: bool
    stale: list[ClaimedPost]


_LATE_ANSWER = (
    select(CheckIn.id)
    .join(Membership, Membership.person_id == CheckIn.person_id)
    .where(literal("team:", String) + cast(Membership.team_id, String) == ChannelPost.scope,
           CheckIn.slot == ChannelPost.slot, CheckIn.answered_at > ChannelPost.updated_at)
    .exists()
)
_LATE_REFLECTION = (  # the reflection stays open after the period, so lessons may come after the recap
    select(SurveyAnswer.id)
    .join(SurveyRound, SurveyRound.id == SurveyAnswer.round_id)
    .join(Objective, Objective.id == SurveyRound.objective_id)
    .where(SurveyRound.survey == "reflection", SurveyRound.period_id == ChannelPost.period_id,
           literal("team:", String) + cast(Objective.owner_team_id, String) == ChannelPost.scope,
           SurveyAnswer.answered_at > ChannelPost.updated_at)
    .exists()
)
_EXPIRED = (ChannelPost.status == "claimed") & (ChannelPost.lease_until < bindparam("now"))
_EDITABLE = (ChannelPost.status == "sent") & ChannelPost.handle.is_not(None)
_STALE = _EDITABLE & (
    ((ChannelPost.kind == "summary") & (ChannelPost.sent_at >= bindparam("since")) & _LATE_ANSWER)
    | ((ChannelPost.kind == "recap") & (ChannelPost.sent_at >= bindparam("recap_since")) & _LATE_REFLECTION)
)
_REVISIT = select(*_COLUMNS, ChannelPost.status).where(_EXPIRED | _STALE).order_by(
    ChannelPost.id)  # built once: the tick asks every minute


async def posts_to_revisit(session: AsyncSession, *, now: datetime, since: datetime, recap_since: datetime
                           ) -> Revisit:
    """In one query: whether a claimed post's lease ran out by ``now``, and the posts the edge can edit (they have
    a handle) that changed since they were last built: team summaries posted since ``since`` whose slot a member
    answered later, and team recaps posted since ``recap_since`` with a later reflection answer."""
    expired, stale = False, []
    parameters = {"now": now, "since": since, "recap_since": recap_since}
    for *columns, status in await session.execute(_REVISIT, parameters):
        if status == "claimed":
            expired = True
        else:
            stale.append(ClaimedPost(*columns))
    return Revisit(expired, stale)
