"""Every check-in as JSON or CSV, for people who want their data elsewhere."""

from __future__ import annotations

import csv
import io
import json
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
    writer.writerows(_plain(r) for r in rows)
    return out.getvalue()
