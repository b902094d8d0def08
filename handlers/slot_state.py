"""Where one person's check-in slot stands, so skip and snooze can say what they really do.

A slot is *open* (nothing answered), *partly answered* or *answered* (every key result the person owns in the
period has an answer in that slot); separately it may be skipped or snoozed. Skip and snooze act on what is still
open: answers already given stay recorded, and a snoozed check-in comes back asking only the open key results.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from models import Period, Person, Team
from models.okr_queries import OwnedKeyResult, owned_key_results
from models.roster import answered, slot_statuses
from scheduler.cadence import Cadence, current_slot, slot_for


@dataclass(frozen=True)
class SlotState:
    """The key results of one slot, split into answered and still open, and the person's skip or snooze of it."""

    answered: tuple[OwnedKeyResult, ...]
    open: tuple[OwnedKeyResult, ...]
    skipped: bool
    snoozed_until: datetime | None

    @property
    def fully_answered(self) -> bool:
        return not self.open


async def slot_state(session: AsyncSession, *, person_id: int, period_id: int, slot: str) -> SlotState:
    key_results = await owned_key_results(session, person_ids=[person_id], period_ids=[period_id])
    done = (await answered(session, person_ids=[person_id], slots=[slot])).get((person_id, slot), set())
    status = (await slot_statuses(session, person_ids=[person_id], slots=[slot])).get((person_id, slot))
    return SlotState(
        answered=tuple(kr for kr in key_results if kr.id in done),
        open=tuple(kr for kr in key_results if kr.id not in done),
        skipped=bool(status and status.skipped),
        snoozed_until=status.snoozed_until if status else None,
    )


@dataclass(frozen=True)
class SlotTimes:
    """When the slot is asked, the slot that is current now if a newer one was already asked, and when the next
    one comes (None after the period's last slot)."""

    prompt_at: datetime
    newer_slot: str | None
    next_prompt_at: datetime | None


def slot_times(cadence: Cadence, person: Person, team: Team, period: Period, slot: str, now: datetime) -> SlotTimes:
    nominal = date.fromisoformat(slot[:10])
    prompt_at = slot_for(nominal, cadence, person.tz, team.country).prompt_at
    current = current_slot(cadence, person.tz, team.country, period.start, period.end, now)
    newer = current.key if current is not None and current.key > slot else None
    next_nominal = nominal + timedelta(weeks=cadence.every_weeks)
    if next_nominal > period.end:
        return SlotTimes(prompt_at, newer, None)
    return SlotTimes(prompt_at, newer, slot_for(next_nominal, cadence, person.tz, team.country).prompt_at)
