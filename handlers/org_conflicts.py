"""Which of an OKR field's two values wins when the organisation file and chat disagree, and the history of what an
import changed.

The file bootstraps and bulk-edits, chat creates and changes. A field the file sets takes the file's value unless
it was last changed in chat (models/okr_history.py: a change with a person) and that chat change is newer than the
file: made after the file was last saved (its modification time; a file without one, such as a text handed to the
import directly, is taken as older than every chat change). Then the chat's value stays and the import reports the
conflict; ``prefer_file`` takes the file's value anyway, and says so too. A file saved after the chat change wins,
and the import says which chat change it replaced, as saving a file for another edit makes all of it newer.
Every value an import changes on an existing objective or key result is recorded as a change with no person: the
organisation file.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from models import Person
from models.okr_history import changes_of, record_change
from models.okrs import KeyResult, OkrChange

# The objective's status as the history names its changes (handlers/adjust.py, handlers/planning_drafts.py).
STATUS_CHANGES = {"draft": "draft", "paused": "paused", "active": "active", "dropped": "dropped",
                  "closed": "closed", "agreed": "active"}


@dataclass(frozen=True)
class Conflict:
    """A field the file sets to ``in_file`` while chat changed it to ``in_chat`` later (``by`` on ``at``, with
    ``reason``); ``kept``: the chat's value stayed, else the file's was taken (``prefer_file``, or ``saved_later``:
    the file was saved after the chat change)."""

    kind: str  # "objective" | "key result"
    title: str
    field: str
    in_file: str
    in_chat: str
    by: str
    at: datetime
    reason: str
    kept: bool
    saved_later: bool = False


@dataclass
class FileVersusChat:
    """The chat's last change of each field of the OKRs an import touches, and what the import decided."""

    last_change: dict[tuple[int, int | None, str], OkrChange]
    names: dict[int, str]
    saved_at: datetime | None
    prefer_file: bool
    now: datetime
    existing: frozenset[int] = frozenset()  # the objectives that were there before the import
    conflicts: list[Conflict] = field(default_factory=list)

    async def added(self, session: AsyncSession, key_result: KeyResult) -> None:
        """A key result the file adds to an objective that was there already: told in its history."""
        if key_result.objective_id in self.existing:
            await record_change(session, objective_id=key_result.objective_id, key_result_id=key_result.id,
                                what="added", after=key_result.title, at=self.now)

    async def settle(self, session: AsyncSession, *, objective_id: int, key_result_id: int | None, title: str,
                     what: str, in_store: str, in_file: str, take_file: Callable[[], None],
                     recorded: tuple[str, str, str] | None = None) -> bool:
        """Take the file's value (``take_file``) and record it (``recorded``: what, before, after; default ``what``
        from ``in_store`` to ``in_file``), unless chat changed the field later; True when the file's value was
        taken. The caller knows the values differ; ``in_store``/``in_file`` are them as people read them."""
        chat = self.last_change.get((objective_id, key_result_id, what))
        if chat is not None and chat.by_person_id is not None:
            saved_later = self.saved_at is not None and self.saved_at > chat.at
            kept = not (saved_later or self.prefer_file)
            self.conflicts.append(Conflict(
                "key result" if key_result_id else "objective", title, what, in_file, in_store,
                self.names.get(chat.by_person_id, "?"), chat.at, chat.reason, kept=kept,
                saved_later=saved_later and not self.prefer_file))
            if kept:
                return False
        take_file()
        what, before, after = recorded or (what, in_store, in_file)
        await record_change(session, objective_id=objective_id, key_result_id=key_result_id, what=what,
                            before=before, after=after, at=self.now)
        return True


async def file_versus_chat(session: AsyncSession, *, objective_ids: Collection[int], saved_at: datetime | None,
                           prefer_file: bool, now: datetime) -> FileVersusChat:
    """What the import needs to settle the fields of these objectives and their key results."""
    last: dict[tuple[int, int | None, str], OkrChange] = {}
    for rows in (await changes_of(session, objective_ids=objective_ids)).values():
        for row in rows:  # in time order: the last one of each field stays
            what = "status" if row.key_result_id is None and row.what in STATUS_CHANGES else row.what
            if what in ("added", "restored"):
                what = "removed"  # a key result back in play: its removal is no longer the last word
            last[(row.objective_id, row.key_result_id, what)] = row
    people = {row.by_person_id for row in last.values() if row.by_person_id is not None}
    names = {p: (await session.get(Person, p)).name for p in people}
    return FileVersusChat(last, names, saved_at, prefer_file, now, frozenset(objective_ids))
