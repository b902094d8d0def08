"""Every check-in as JSON or CSV, for people who want their data elsewhere.

The rows are written as the store streams them, a partition at a time, so the export's memory does not grow with
the organisation and its time stays near that of the join itself.
"""

from __future__ import annotations

import csv
import io
import json
import operator
import re
from collections.abc import AsyncIterator, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from models.report_queries import EXPORT_COLUMNS, checkin_rows

FORMATS = ("json", "csv")


async def export_checkins(session: AsyncSession, *, format: str) -> str:
    """The whole export as one text."""
    return "".join([chunk async for chunk in export_chunks(session, format=format)])


async def export_chunks(session: AsyncSession, *, format: str) -> AsyncIterator[str]:
    """The export a piece at a time, to write as it comes."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; use json or csv")
    write, memo = (_csv, _Memo(csv_cell)) if format == "csv" else (_json, _Memo(_ENCODE))
    first = True
    async for rows in checkin_rows(session):
        yield write(rows, first, memo)
        first = False
    if format == "json":
        yield "[]\n" if first else "\n]\n"
    elif first:
        yield _csv([], first, memo)  # the header alone


class _Memo(dict):
    """Each text turned once: periods, people, titles, units and slots repeat on many rows (a person's answers
    of a quarter), the typed texts rarely, so those are turned on every row and these looked up."""

    def __init__(self, turn) -> None:
        super().__init__()
        self._turn = turn

    def __missing__(self, text: str) -> str:
        self[text] = turned = self._turn(text)
        return turned


def _csv(rows: Sequence[tuple], first: bool, memo: _Memo) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if first:
        writer.writerow(EXPORT_COLUMNS)
    writer.writerows(
        (memo[period], memo[person_id], memo[person], memo[objective], memo[key_result], memo[unit], memo[slot],
         value, confidence, csv_cell(up), csv_cell(blockers), answered_at.isoformat())
        for period, person_id, person, objective, key_result, unit, slot, value, confidence, up, blockers, answered_at
        in rows
    )
    return out.getvalue()


# The layout json.dumps(rows, ensure_ascii=False, indent=2) gives, written row by row with the C encoder.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
_KEYS = [f"    {_ENCODE(name)}: " for name in EXPORT_COLUMNS]


def _json(rows: Sequence[tuple], first: bool, memo: _Memo) -> str:
    objects = (
        "  {\n" + ",\n".join(map(operator.add, _KEYS, (
            memo[period], memo[person_id], memo[person], memo[objective], memo[key_result], memo[unit], memo[slot],
            _ENCODE(value), _ENCODE(confidence), _ENCODE(up), _ENCODE(blockers), f'"{answered_at.isoformat()}"',
        ))) + "\n  }"
        for period, person_id, person, objective, key_result, unit, slot, value, confidence, up, blockers, answered_at
        in rows
    )
    return ("[\n" if first else ",\n") + ",\n".join(objects)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CAREFUL = re.compile(r"\A[=+\-@\t\r]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def csv_cell(value):
    """A person's text as a spreadsheet shows it, never runs it: no control characters (a terminal would obey an
    escape sequence), and a leading quote before what a spreadsheet would read as a formula (=HYPERLINK(...))."""
    if not isinstance(value, str):
        return value
    if CAREFUL.search(value) is None:
        return value  # most texts: nothing to do, one scan
    value = CONTROL.sub("", value)
    return "'" + value if value.startswith(FORMULA_START) else value
