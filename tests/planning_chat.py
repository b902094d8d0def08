"""Planning in chat, for the tests that tick periods through it: fixed instants, what a person reads, a typed
command, the objectives and key results a period holds."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from sqlalchemy import select

from handlers.commands import handle_command
from models import KeyResult, Objective, Period
from models.db import transaction
from models.people_queries import person_by_platform_id


def org_objective(period: str) -> str:
    """The organisation objective the planning tests start from, owned by U_CEO, as lines of an org file's okrs."""
    return f"""  - objective: Customers love our product
    level: org
    owner: U_CEO
    period: {period}
    key_results:
      - {{title: NPS, kind: increase, baseline: 20, target: 40}}
      - {{title: Churn, kind: decrease, baseline: 8, target: 4, unit: "%"}}
"""


def platform_objective(period: str, engineer: str) -> str:
    """The Platform team's objective, its key results held by ``engineer``, as lines of an org file's okrs."""
    return f"""  - objective: A platform that never sleeps
    level: team
    owner: Platform
    period: {period}
    key_results:
      - {{title: Uptime, kind: stay_above, target: 99.9, unit: "%", owner: {engineer}}}
      - {{title: Deploy time, kind: decrease, baseline: 30, target: 10, unit: min, owner: {engineer}}}
"""


def at(day: str, hour: int, minute: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=UTC)


def words(message) -> str:
    """Every text a person reads in a message."""
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            found.append(value)
        elif dataclasses.is_dataclass(value):
            for item in dataclasses.fields(value):
                walk(getattr(value, item.name))
        elif isinstance(value, tuple | list):
            for item in value:
                walk(item)

    walk(message.blocks)
    return "\n".join(found)


async def say(sessions, user_id: str, text: str, now: datetime):
    async with transaction(sessions) as session:
        person = await person_by_platform_id(session, platform_user_id=user_id)
        return await handle_command(session, person=person, text=text, now=now)


async def objectives(sessions, period: str) -> list[Objective]:
    async with sessions() as session:
        rows = await session.execute(select(Objective).join(Period).where(Period.name == period).order_by(Objective.id))
        return list(rows.scalars())


async def key_results(sessions, objective_id: int) -> list[KeyResult]:
    async with sessions() as session:
        rows = await session.execute(select(KeyResult).where(KeyResult.objective_id == objective_id)
                                     .order_by(KeyResult.id))
        return list(rows.scalars())
