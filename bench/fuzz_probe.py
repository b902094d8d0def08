"""What the fuzz bench sends and counts, for either edge: a probe (one HTTP request), the log records that count as
failures, and a snapshot of every row in the store to tell which rows a run of probes changed."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import inspect, text

SLOW_SECONDS = 3.0


@dataclass(frozen=True)
class Probe:
    """One request: ``headers`` is called with the wall-clock second it is sent at (signatures need it)."""

    kind: str
    body: bytes
    headers: Callable[[int], dict[str, str]]
    forged: bool = False


@dataclass
class Tally:
    """What one run of probes got back."""

    statuses: Counter = field(default_factory=Counter)
    kinds_5xx: Counter = field(default_factory=Counter)
    slow: int = 0
    slowest: float = 0.0
    sent: int = 0
    examples: list[Probe] = field(default_factory=list)  # the first few probes that got a 5xx, to replay

    def add(self, probe: Probe, status: int, seconds: float) -> None:
        self.sent += 1
        self.statuses[status] += 1
        if status >= 500:
            self.kinds_5xx[probe.kind] += 1
            if len(self.examples) < 20:
                self.examples.append(probe)
        self.slow += seconds > SLOW_SECONDS
        self.slowest = max(self.slowest, seconds)

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)


class Failures(logging.Handler):
    """Keeps every record logged with a traceback or at ERROR and above, from any logger of the process."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info or record.levelno >= logging.ERROR:
            self.records.append(record)

    def summary(self, limit: int = 5) -> list[str]:
        """The most frequent failures, one line each: logger, message and the exception's type."""
        lines = Counter(f"{r.name}: {r.getMessage()[:120]}"
                        + (f" [{r.exc_info[0].__name__}: {str(r.exc_info[1])[:80]}]" if r.exc_info else "")
                        for r in self.records)
        return [f"{n} x {line}" for line, n in lines.most_common(limit)]


def timed(started: float) -> float:
    return time.perf_counter() - started


async def snapshot(engine) -> dict[str, dict[tuple, tuple]]:
    """Every row of every table, keyed by its primary key (or by the whole row when a table has none)."""
    rows: dict[str, dict[tuple, tuple]] = {}
    async with engine.connect() as connection:
        tables = await connection.run_sync(
            lambda sync: {name: inspect(sync).get_pk_constraint(name)["constrained_columns"]
                          for name in inspect(sync).get_table_names()})
        for name, keys in tables.items():
            result = await connection.execute(text(f'SELECT * FROM "{name}"'))
            columns = list(result.keys())
            picked = [columns.index(k) for k in keys] or list(range(len(columns)))
            rows[name] = {tuple(row[i] for i in picked): tuple(map(repr, row)) for row in result.all()}
    return rows


def changed_rows(before: dict, after: dict) -> Counter:
    """Rows added, removed or changed between two snapshots, per table."""
    changes: Counter = Counter()
    for table in before.keys() | after.keys():
        old, new = before.get(table, {}), after.get(table, {})
        changes[table] = len(old.keys() ^ new.keys()) + sum(old[k] != new[k] for k in old.keys() & new.keys())
    return +changes
