"""Every check-in as JSON or CSV, for people who want their data elsewhere."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, fields

from sqlalchemy.ext.asyncio import AsyncSession

from models.report_queries import ExportRow, all_checkins

FORMATS = ("json", "csv")


async def export_checkins(session: AsyncSession, *, format: str) -> str:
    rows = await all_checkins(session)
    if format == "json":
        return json.dumps([_plain(r) for r in rows], ensure_ascii=False, indent=2) + "\n"
    if format == "csv":
        return _csv(rows)
    raise ValueError(f"unknown format {format!r}; use json or csv")


def _plain(row: ExportRow) -> dict:
    data = asdict(row)
    data["answered_at"] = row.answered_at.isoformat()
    return data


def _csv(rows: list[ExportRow]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[f.name for f in fields(ExportRow)], lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: csv_cell(v) for k, v in _plain(r).items()} for r in rows)
    return out.getvalue()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def csv_cell(value):
    """A person's text as a spreadsheet shows it, never runs it: no control characters (a terminal would obey an
    escape sequence), and a leading quote before what a spreadsheet would read as a formula (=HYPERLINK(...))."""
    if not isinstance(value, str):
        return value
    value = CONTROL.sub("", value)
    return "'" + value if value.startswith(FORMULA_START) else value
