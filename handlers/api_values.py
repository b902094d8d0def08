"""A key-result value pushed through the REST API: who may push it, and recording it as a value from outside chat
(models/value_store.py decides whether it becomes the current value)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.api_access import TokenAccess, may_read, may_write
from handlers.progress import kr_progress
from models import KeyResult, Objective
from models.api_queries import key_result_with_objective
from models.value_store import record_value

# Clocks drift; a value "measured" further ahead than this is a mistake, and it would outrank every check-in.
CLOCK_SKEW = timedelta(minutes=5)


class NotVisible(LookupError):
    """No key result with that id, or none this token may read (the two are told apart by nobody)."""


class NotAllowed(PermissionError):
    pass


class NotAccepted(ValueError):
    pass


@dataclass(frozen=True)
class ValueRecorded:
    id: int
    key_result_id: int
    value: float
    measured_at: datetime
    recorded_at: datetime
    note: str
    current: float | None
    progress: float


async def readable_key_result(session: AsyncSession, *, access: TokenAccess, key_result_id: int
                              ) -> tuple[KeyResult, Objective]:
    found = await key_result_with_objective(session, key_result_id=key_result_id)
    if found is None or not may_read(access, found[1]):
        raise NotVisible(key_result_id)
    return found


async def push_value(session: AsyncSession, *, access: TokenAccess, key_result_id: int, value: float, note: str,
                     measured_at: datetime | None, origin: str, now: datetime) -> ValueRecorded:
    kr, objective = await readable_key_result(session, access=access, key_result_id=key_result_id)
    if not may_write(access, objective):
        raise NotAllowed("this token may not push values to this key result" + (
            "" if access.allows("values") else ": its scope is read"))
    if kr.archived_at is not None or objective.archived_at is not None:
        raise NotAccepted("this key result has left the organisation file: its history stays, it takes no values")
    measured_at = measured_at or now
    if measured_at > now + CLOCK_SKEW:
        raise NotAccepted("time lies in the future: a value can only be measured by now")
    row = await record_value(session, key_result_id=kr.id, value=value, measured_at=measured_at, source="api",
                             origin=origin, note=note, now=now)
    await session.refresh(kr)
    return ValueRecorded(row.id, kr.id, row.value, row.measured_at, row.recorded_at, row.note, kr.current,
                         kr_progress(kr.kind, kr.baseline, kr.target, kr.current))
