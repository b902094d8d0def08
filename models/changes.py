"""Counting what a unit of work adds and changes, by table, as the session flushes it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession


@dataclass
class RowChanges:
    """Rows added and rows changed, by table name; a row added and then changed in the same work counts as added."""

    added: Counter[str] = field(default_factory=Counter)
    changed: Counter[str] = field(default_factory=Counter)
    _seen: dict[int, object] = field(default_factory=dict, repr=False)  # id -> row, kept alive so ids stay unique

    def _note(self, session, *_args) -> None:
        for row in session.new:
            if id(row) not in self._seen:
                self._seen[id(row)] = row
                self.added[row.__table__.name] += 1
        for row in session.dirty:
            if id(row) not in self._seen and session.is_modified(row, include_collections=False):
                self._seen[id(row)] = row
                self.changed[row.__table__.name] += 1


@contextmanager
def counting_changes(session: AsyncSession) -> Iterator[RowChanges]:
    """Count the ORM rows flushed inside the block (statements run past the ORM are not seen)."""
    changes = RowChanges()
    event.listen(session.sync_session, "before_flush", changes._note)
    try:
        yield changes
    finally:
        event.remove(session.sync_session, "before_flush", changes._note)
