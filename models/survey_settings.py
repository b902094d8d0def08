"""Team survey schedules and admin-added statements: read and written by the import and ``okrbot surveys``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.people import Team
from models.surveys import SurveySchedule, SurveyStatement


async def teams_with_schedules(session: AsyncSession, *, name: str | None = None
                               ) -> list[tuple[Team, SurveySchedule | None]]:
    """Teams (all, or the one named) with their schedule row, None where the team has the defaults."""
    statement = select(Team, SurveySchedule).outerjoin(SurveySchedule, SurveySchedule.team_id == Team.id)
    if name is not None:
        statement = statement.where(Team.name == name)
    return [tuple(row) for row in await session.execute(statement.order_by(Team.name))]


async def save_schedule(session: AsyncSession, *, team_id: int, values: Mapping[str, object]) -> None:
    """Set a team's schedule columns; only what differs is written, so saving the same values changes nothing."""
    row = (await session.execute(select(SurveySchedule).where(SurveySchedule.team_id == team_id))).scalar_one_or_none()
    row = row or SurveySchedule(team_id=team_id)
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
    session.add(row)
    await session.flush()


async def sync_statements(session: AsyncSession, *, statements: Sequence[Mapping[str, object]]) -> None:
    """Make the active added statements exactly these (``catalog, key, text_en, text_nl, tag, position``); one no
    longer listed is kept inactive, because answers refer to it."""
    existing = {(s.catalog, s.key): s for s in (await session.execute(select(SurveyStatement))).scalars()}
    wanted = {(s["catalog"], s["key"]): s for s in statements}
    for key, row in existing.items():
        if key not in wanted and row.active:
            row.active = False
    for key, values in wanted.items():
        row = existing.get(key) or SurveyStatement(catalog=key[0], key=key[1], text_en="", text_nl="")
        for name, value in {**values, "active": True}.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
        session.add(row)
    await session.flush()
