"""Ids for many new rows at once on SQLite, so that SQLAlchemy writes them with one executemany.

SQLAlchemy inserts new ORM rows in batches only where it can tell which generated id belongs to which row; on
SQLite it cannot, and writes them one statement each (an import of 10 000 people wrote 36 000 single-row INSERTs).
Rows that arrive with their ids are batched. PostgreSQL batches rows either way: there the database numbers them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, false, func, select
from sqlalchemy.ext.asyncio import AsyncSession


async def number_new(session: AsyncSession, rows: Iterable) -> None:
    """Give the rows without an id (all of one table) the next free ids, on SQLite."""
    new = [row for row in rows if row.id is None]
    if len(new) < 2 or session.bind.dialect.name != "sqlite":
        return
    table = type(new[0]).__table__
    with session.no_autoflush:  # the new rows must not be written before they have their ids
        highest = await _highest_id(session, table)
    for number, row in enumerate(new, start=highest + 1):
        row.id = number


async def _highest_id(session: AsyncSession, table) -> int:
    # An empty DELETE takes SQLite's write lock (and this process's writer turn) before the highest id is read:
    # no other connection can take these ids until this transaction ends.
    await session.execute(delete(table).where(false()))
    return (await session.execute(select(func.max(table.c.id)))).scalar() or 0
