"""The migrations build exactly the schema the tables describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import models  # noqa: F401  (registers every table)


def _differences(connection) -> list:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, SQLModel.metadata)


async def test_a_migrated_store_matches_the_tables(engine):
    async with engine.connect() as connection:
        differences = await connection.run_sync(_differences)
    assert differences == []


async def test_an_older_store_keeps_each_absence_and_learns_which_came_from_a_status(engine):
    """0007 and 0008 turn ``vacation_until`` (and the status that wrote it) into absences from the day they run."""
    from datetime import UTC, datetime, timedelta

    from alembic import command
    from sqlalchemy import text

    from models.db import alembic_config, upgrade

    def downgrade(connection, revision: str) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

    today = datetime.now(UTC).date()  # the migrations date what they copy by the day they run
    typed, status, previous = today + timedelta(days=9), today + timedelta(days=4), today + timedelta(days=2)
    async with engine.begin() as connection:
        await connection.run_sync(downgrade, "0006")
        for pid, until in ((1, typed), (2, status), (3, status)):
            await connection.execute(text(
                "INSERT INTO person (id, platform, platform_user_id, name, tz, locale, vacation_until) "
                "VALUES (:id, 'slack', :uid, 'Someone', 'UTC', 'en', :until)"), {"id": pid, "uid": f"U{pid}",
                                                                               "until": until})
        await connection.execute(text(  # statuses wrote ``status``: over nothing typed (2), over ``previous`` (3)
            "INSERT INTO awaystatus (person_id, set_to, previous, updated_at) VALUES (2, :set_to, NULL, :now), "
            "(3, :set_to, :previous, :now)"), {"set_to": status, "previous": previous, "now": datetime(2026, 1, 1)})
    await upgrade(engine)
    async with engine.connect() as connection:
        rows = (await connection.execute(text(
            "SELECT person_id, first_day, last_day, source FROM absence ORDER BY person_id, last_day"))).all()
    assert [(p, str(first), str(last), source) for p, first, last, source in rows] == [
        (1, str(today), str(typed), "typed"), (2, str(today), str(status), "status"),
        (3, str(today), str(previous), "typed"), (3, str(today), str(status), "status")]
