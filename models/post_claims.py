"""Claiming channel posts (team summaries, recaps) so each is posted once, and finding those to edit in place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.checkins import CheckIn
from models.db import insert_for
from models.digests import ChannelPost
from models.people import Membership

KEY = ("kind", "scope", "period_id", "slot")


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
    expired = (ChannelPost.status == "claimed") & (ChannelPost.lease_until < now)
    if (await session.execute(select(ChannelPost.id).where(expired).limit(1))).first() is None:
        return []
    give_up = expired & ((ChannelPost.attempts >= max_attempts) | (ChannelPost.claimed_at < not_before))
    await session.execute(update(ChannelPost).where(give_up).values(status="failed"))
    statement = (
        update(ChannelPost).where(expired)
        .values(attempts=ChannelPost.attempts + 1, lease_until=now + lease).returning(*_COLUMNS)
    )
    return [ClaimedPost(*row) for row in await session.execute(statement)]


async def mark_posted(session: AsyncSession, *, post_id: int, handle: str | None, now: datetime) -> None:
    await session.execute(update(ChannelPost).where(ChannelPost.id == post_id)
                          .values(status="sent", handle=handle, sent_at=now, updated_at=now))


async def mark_post_failed(session: AsyncSession, *, post_ids: Sequence[int]) -> None:
    if post_ids:
        await session.execute(update(ChannelPost).where(ChannelPost.id.in_(post_ids)).values(status="failed"))


async def mark_updated(session: AsyncSession, *, post_id: int, now: datetime) -> None:
    await session.execute(update(ChannelPost).where(ChannelPost.id == post_id).values(updated_at=now))


@dataclass(frozen=True)
class EditablePost:
    post: ClaimedPost
    team_id: int
    updated_at: datetime


async def editable_summaries(session: AsyncSession, *, since: datetime) -> list[EditablePost]:
    """Team summaries posted since ``since`` that the edge can edit (they have a handle)."""
    statement = select(*_COLUMNS, ChannelPost.updated_at).where(
        ChannelPost.kind == "summary", ChannelPost.status == "sent", ChannelPost.handle.is_not(None),
        ChannelPost.sent_at >= since,
    ).order_by(ChannelPost.id)
    found = []
    for *columns, updated_at in await session.execute(statement):
        post = ClaimedPost(*columns)
        found.append(EditablePost(post, int(post.scope.removeprefix("team:")), updated_at))
    return found


async def last_answers(session: AsyncSession, *, team_ids: Sequence[int], slots: Sequence[str]
                       ) -> dict[tuple[int, str], datetime]:
    """(team, slot) -> when a member of the team last answered a check-in of that slot."""
    statement = (
        select(Membership.team_id, CheckIn.slot, func.max(CheckIn.answered_at))
        .join(Membership, Membership.person_id == CheckIn.person_id)
        .where(Membership.team_id.in_(team_ids), CheckIn.slot.in_(slots))
        .group_by(Membership.team_id, CheckIn.slot)
    )
    found = {}
    for team_id, slot, at in await session.execute(statement):
        found[team_id, slot] = _aware(at)
    return found


def _aware(at) -> datetime:
    """On SQLite an aggregate may come back as text or a naive datetime; either way it is UTC."""
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    return at if at.tzinfo else at.replace(tzinfo=UTC)
