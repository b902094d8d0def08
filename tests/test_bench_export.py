"""The export benchmark's organisation exports every check-in, row for row what the plain join finds.
Timings are printed by bench/export.py, not tested."""

from __future__ import annotations

import asyncio
import csv
import io

from bench.export import exported, make_store, plain_csv
from bot.settings import Settings


async def test_the_export_benchmark_exports_what_the_plain_join_finds(tmp_path):
    path = tmp_path / "export.db"
    answers = await make_store(path, people=30, weeks=2)

    settings = Settings(database_url=f"sqlite+aiosqlite:///{path}")
    text = await asyncio.to_thread(exported, settings, "csv")  # it runs an event loop of its own, as the command

    rows = list(csv.reader(io.StringIO(text)))[1:]
    plain = list(csv.reader(io.StringIO(plain_csv(path))))
    assert answers == 30 * 3 * 2 == len(rows) == len(plain)
    assert [row[:11] for row in rows] == [row[:11] for row in plain], "all but the time, which SQLite keeps bare"
