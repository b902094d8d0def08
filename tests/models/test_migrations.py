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
