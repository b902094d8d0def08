"""Taking over claims whose sender died: shared by check-in deliveries and channel posts, which are both rows with a
``status``, a ``lease_until``, a count of ``attempts`` and when they were ``claimed_at``."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, select, update
from sqlalchemy.ext.asyncio import AsyncSession


async def take_over_expired(session: AsyncSession, model, *, returning: tuple, now: datetime, lease: timedelta,
                            max_attempts: int, not_before: datetime, only=None) -> list[tuple]:
    """Claims of ``model`` whose lease ran out, leased again and returned as ``returning`` rows; those tried too
    often or claimed before ``not_before`` are given up (failed) instead. ``only`` (a condition) limits the take-over
    to the claims still worth sending now; the others wait, claimed, for a later tick or to be given up.

    Only a claim whose send was started (``sending``) counts a try: one whose process died before reaching it was
    never tried, however often that happened."""
    expired = (model.status == "claimed") & (model.lease_until < now)
    if (await session.execute(select(model.id).where(expired).limit(1))).first() is None:
        return []  # the usual case: a cheap read instead of two writes
    give_up = expired & ((model.attempts >= max_attempts) | (model.claimed_at < not_before))
    await session.execute(update(model).where(give_up).values(status="failed"))
    if only is not None:
        expired = expired & only
    statement = update(model).where(expired).values(
        attempts=model.attempts + case((model.sending, 1), else_=0), lease_until=now + lease)
    return [tuple(row) for row in await session.execute(statement.returning(*returning))]


CHUNK = 500
# by id, in transactions of their own that load no claims: nothing in the session to keep in step
NO_SYNC = {"synchronize_session": False}


async def extend_leases(session: AsyncSession, model, *, ids: list[int], until: datetime) -> None:
    """Keep the claims of ``model`` still being worked on ours until ``until``, so nobody takes them over."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        await session.execute(update(model).where(model.id.in_(chunk), model.status == "claimed")
                              .values(lease_until=until), execution_options=NO_SYNC)


async def mark_sending(session: AsyncSession, model, *, ids: list[int]) -> None:
    """A send of these claims starts now: from here on they may have arrived, whatever happens to this process."""
    for start in range(0, len(ids), CHUNK):
        await session.execute(update(model).where(model.id.in_(ids[start : start + CHUNK])).values(sending=True),
                              execution_options=NO_SYNC)
