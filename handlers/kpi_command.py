"""``kpi NAME VALUE``: a KPI's owner types its value, for a KPI without a source or to add one between readings.

A value outside the corridor is said in the reply, which counts as telling the owner about this excursion: the
tick does not tell them again (scheduler/feed_tick.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message, Text
from handlers.checkin_form import parse_number
from handlers.feed_notices import corridor_text
from models import Person
from models.feed_values import NewValue, record_kpi_values
from models.kpi_store import mark_told, owned_kpi_named
from prompts import t
from prompts.formatting import amount

COMMANDS = ("kpi",)


async def run(session: AsyncSession, *, person: Person, argument: str, now: datetime) -> Message:
    locale = person.locale
    name, _, typed = argument.rpartition(" ")
    value = parse_number(typed) if typed else None
    if not name.strip() or value is None:
        return _say(locale, "feeds.kpi_usage")
    kpi = await owned_kpi_named(session, owner_id=person.id, name=name.strip())
    if kpi is None:
        return _say(locale, "feeds.kpi_unknown", "error", name=name.strip()[:100])
    await record_kpi_values(session, values=[NewValue(kpi.id, value, "")], measured_at=now, now=now, source="manual")
    await session.refresh(kpi)
    corridor = corridor_text(locale, kpi.low, kpi.high, kpi.unit)
    lines = [Text(t(locale, "feeds.kpi_recorded", name=kpi.name, value=amount(locale, value, kpi.unit),
                    corridor=corridor))]
    if kpi.outside_since is not None and kpi.told_at is None:
        lines.append(Text(t(locale, "feeds.kpi_outside_typed"), "note"))
        await mark_told(session, kpi_ids=[kpi.id], now=now)
    return Message("kpi", locale, tuple(lines))


def _say(locale: str, key: str, style: str = "plain", **params: object) -> Message:
    return Message("kpi", locale, (Text(t(locale, key, **params), style),))
