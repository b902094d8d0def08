"""Many people's answers written at the same moment all land: on SQLite the writers take turns in the bot's own
queue instead of colliding in the database ("database is locked"), and a reader never waits for a writer."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from models.db import transaction
from models.inbound import InboundEvent, first_sighting

NOW = datetime(2026, 10, 12, 9, 0, tzinfo=UTC)
PATIENCE = 10  # seconds; a deadlock fails the test instead of hanging it


@pytest.fixture
def impatient(engine):
    """SQLite gives up at once when another connection writes (instead of polling for 30 s): any collision between
    the bot's own writers shows as "database is locked"."""
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _no_busy_wait)
    return engine


def _no_busy_wait(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=0")
    cursor.close()


async def _record(sessions, event_id: str, written: asyncio.Event | None = None,
                  hold: asyncio.Event | None = None, together: asyncio.Barrier | None = None) -> None:
    async with transaction(sessions) as session:
        if together is not None:  # every writer has its connection: they write at the same moment
            await session.execute(select(1))
            await together.wait()
        await first_sighting(session, platform="test", event_id=event_id, now=NOW)
        await asyncio.sleep(0)  # another task's turn while this one's write is not committed yet
        if written is not None:
            written.set()
            await hold.wait()


async def _recorded(sessions) -> int:
    async with sessions() as session:
        return (await session.execute(select(func.count()).select_from(InboundEvent))).scalar()


async def test_ten_answers_written_at_once_all_land(impatient, sessions):
    together = asyncio.Barrier(10)
    await asyncio.wait_for(asyncio.gather(*(_record(sessions, f"answer {n}", together=together)
                                            for n in range(10))), PATIENCE)
    assert await _recorded(sessions) == 10


async def test_a_writer_waits_its_turn_while_another_holds_the_write_and_readers_go_on(impatient, sessions):
    if impatient.dialect.name != "sqlite":
        pytest.skip("PostgreSQL writes different rows side by side")
    written, first_done = asyncio.Event(), asyncio.Event()
    first = asyncio.create_task(_record(sessions, "first", written, first_done))
    await asyncio.wait_for(written.wait(), PATIENCE)
    second = asyncio.create_task(_record(sessions, "second"))
    done, _ = await asyncio.wait({second}, timeout=0.5)
    assert not done  # waiting for its turn, not failed with "database is locked"
    assert await asyncio.wait_for(_recorded(sessions), PATIENCE) == 0  # a reader is not held up by either
    first_done.set()
    await asyncio.wait_for(asyncio.gather(first, second), PATIENCE)
    assert await _recorded(sessions) == 2


async def test_a_transaction_inside_another_in_one_task_does_not_deadlock(impatient, sessions):
    async def nested() -> None:
        async with transaction(sessions) as outer:
            await first_sighting(outer, platform="test", event_id="outer", now=NOW)
            async with outer.begin_nested():  # a savepoint on the connection that already writes
                await first_sighting(outer, platform="test", event_id="savepoint", now=NOW)
            async with sessions() as reader:  # a second connection of the same task, reading
                await reader.execute(select(InboundEvent))
        async with sessions() as outer:  # reads, then a transaction inside writes, then the outer one writes
            await outer.execute(select(InboundEvent))
            async with transaction(sessions) as inner:
                await first_sighting(inner, platform="test", event_id="inner", now=NOW)
            await first_sighting(outer, platform="test", event_id="after", now=NOW)
            await outer.commit()

    await asyncio.wait_for(nested(), PATIENCE)
    assert await _recorded(sessions) == 4


async def test_two_writing_connections_in_one_task_fail_rather_than_hang(impatient, sessions):
    """SQLite cannot have two writers: the second write of one task is refused, never waits for itself."""
    if impatient.dialect.name != "sqlite":
        pytest.skip("PostgreSQL takes row locks: two writers of one task can both write")

    async def both() -> None:
        async with transaction(sessions) as outer:
            await first_sighting(outer, platform="test", event_id="outer", now=NOW)
            async with transaction(sessions) as inner:
                await first_sighting(inner, platform="test", event_id="inner", now=NOW)

    with pytest.raises(OperationalError, match="locked"):
        await asyncio.wait_for(both(), PATIENCE)
    assert await _recorded(sessions) == 0
