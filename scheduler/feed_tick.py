"""The data-source half of a tick: read every due source once across all processes, keep the values, and tell
owners once when a source starts failing, once when it works again, and once when a KPI leaves its corridor.

Each source is read on its own with a timeout (scheduler/feed_readers.py), so a slow or broken one delays or stops
no other; nothing here raises into the tick. Logs name a source by its id and a fixed problem code, never its URL,
query or headers, which may hold secrets.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from pydantic import TypeAdapter

from handlers.feed_notices import failing_message, kpi_outside_message, recovered_message
from handlers.ports import DeliveryFailed, Messenger, Recipient
from handlers.source_schema import CHAT_MARK, SourceIn
from models.db import SessionFactory, transaction
from models.feed_store import DueSource, SourceResult, claim_due, finish, set_told, subjects_of
from models.feed_values import NewValue, record_fed, record_kpi_values
from models.kpi_store import kpis_to_tell, mark_told
from models.roster import recipients

if TYPE_CHECKING:
    import aiohttp

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
CONCURRENCY = 64
SOURCE = TypeAdapter(SourceIn)


@dataclass
class FeedReport:
    read: int = 0
    failed: Counter = field(default_factory=Counter)  # problem code -> sources
    told: Counter = field(default_factory=Counter)  # message kind -> owners told


async def read_due_sources(*, sessions: SessionFactory, messenger: Messenger, now: datetime,
                           env: Mapping[str, str] | None = None, lease: timedelta = LEASE,
                           concurrency: int = CONCURRENCY) -> FeedReport:
    """Read, record and announce what is due at ``now``. ``env`` holds the secrets sources name (os.environ)."""
    report = FeedReport()
    async with transaction(sessions) as session:
        due = await claim_due(session, now=now, lease=lease)
    if due:
        results = await _read_all(due, os.environ if env is None else env, concurrency)
        async with transaction(sessions) as session:
            await _record(session, results, now)
        report.read = sum(1 for r in results if not r.problem)
        report.failed.update(r.problem.partition(":")[0] for r in results if r.problem)
        await _tell_sources(sessions, messenger, results, now, report)
    await _tell_kpis(sessions, messenger, now, report)
    return report


async def _read_all(due: Sequence[DueSource], env: Mapping[str, str], concurrency: int) -> list[SourceResult]:
    import aiohttp  # here, not at the top: a tick with no source due never loads the HTTP client (about 10 MB)

    from scheduler.feed_readers import TIMEOUT

    limit = asyncio.Semaphore(concurrency)
    timeout = aiohttp.ClientTimeout(total=TIMEOUT)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as http:
        async def one(source: DueSource) -> SourceResult:
            async with limit:
                return await _read_one(source, http, env)

        return list(await asyncio.gather(*(one(s) for s in due)))


async def _read_one(source: DueSource, http: aiohttp.ClientSession, env: Mapping[str, str]) -> SourceResult:
    from scheduler.feed_readers import FeedFailed, read_source

    try:
        settings = json.loads(source.config)
        public_only = bool(isinstance(settings, dict) and settings.pop(CHAT_MARK, False))
        config = SOURCE.validate_python(settings)
        return SourceResult(source, value=await read_source(config, http=http, env=env, public_only=public_only))
    except FeedFailed as failure:
        problem = f"{failure.code}:{failure.detail}" if failure.detail else failure.code
    except ValueError:  # not JSON, or settings the schema refuses (a ValidationError is a ValueError)
        problem = "config"
    except Exception as error:  # a reader's own fault must not stop the other sources; its text may hold a secret
        log.error("source %s: unexpected %s while reading", source.id, type(error).__name__)
        problem = "other"
    log.info("source %s: %s", source.id, problem)
    return SourceResult(source, problem=problem)


async def _record(session, results: Sequence[SourceResult], now: datetime) -> None:
    good = [r for r in results if not r.problem]
    await record_fed(session, values=[NewValue(r.source.key_result_id, r.value, r.source.name)
                                      for r in good if r.source.key_result_id], measured_at=now, now=now)
    await record_kpi_values(session, values=[NewValue(r.source.kpi_id, r.value, r.source.name)
                                             for r in good if r.source.kpi_id], measured_at=now, now=now)
    await finish(session, results=results, now=now)


async def _tell_sources(sessions: SessionFactory, messenger: Messenger, results: Sequence[SourceResult],
                        now: datetime, report: FeedReport) -> None:
    """A source that starts failing is announced once; one that works again after that, once."""
    changed = [r for r in results if bool(r.problem) != (r.source.told == "failing")]
    if not changed:
        return
    async with sessions() as session:
        subjects = await subjects_of(session, sources=[r.source for r in changed])
        people = await recipients(session, person_ids=sorted({s.owner_id for s in subjects.values()}))
    told: dict[str, list[int]] = {"failing": [], "": []}
    for result in changed:
        subject = subjects.get(result.source.id)
        person = people.get(subject.owner_id) if subject else None
        if person is None:
            continue
        if result.problem:
            message = failing_message(locale=person.locale, title=subject.title, source=result.source.name,
                                      problem=result.problem, since=result.source.failing_since or now,
                                      tz=person.tz, every_minutes=result.source.every_minutes)
        else:
            message = recovered_message(locale=person.locale, title=subject.title, source=result.source.name,
                                        value=result.value, unit=subject.unit)
        if await _send(messenger, person, message, report):  # not sent: told again at the next reading
            told["failing" if result.problem else ""].append(result.source.id)
    async with transaction(sessions) as session:
        for state, ids in told.items():
            await set_told(session, source_ids=ids, told=state)


async def _tell_kpis(sessions: SessionFactory, messenger: Messenger, now: datetime, report: FeedReport) -> None:
    async with sessions() as session:
        kpis = await kpis_to_tell(session)
        people = await recipients(session, person_ids=sorted({k.owner_id for k in kpis})) if kpis else {}
    told = []
    for kpi in kpis:
        person = people.get(kpi.owner_id)
        message = kpi_outside_message(locale=person.locale, name=kpi.name, value=kpi.current, unit=kpi.unit,
                                      low=kpi.low, high=kpi.high) if person else None
        if message and await _send(messenger, person, message, report):
            told.append(kpi.id)
    if told:
        async with transaction(sessions) as session:
            await mark_told(session, kpi_ids=told, now=now)


async def _send(messenger: Messenger, person, message, report: FeedReport) -> bool:
    recipient = Recipient(person.id, person.platform, person.platform_user_id, person.name, person.locale)
    try:
        await messenger.send(recipient, message)
    except DeliveryFailed as error:
        log.warning("could not tell person %s about a data source: %s", person.id, error)
        return False
    except Exception:  # an edge's own fault: the next notice still goes out
        log.exception("telling person %s about a data source failed", person.id)
        return False
    report.told[message.kind] += 1
    return True
