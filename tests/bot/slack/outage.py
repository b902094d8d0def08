"""A store that stops working under a running app: the database goes away as in a real outage, no library patched.

SQLite: the file is overwritten with bytes that are no database (and put back afterwards). PostgreSQL: the
database stops accepting connections and the open ones are ended (as a restart or failover does); it is opened
again afterwards.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.ext.asyncio import AsyncEngine


@asynccontextmanager
async def outage(engine: AsyncEngine):
    """Within the block, every use of ``engine``'s database fails."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        await engine.dispose()
        path = Path(url.database)
        for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            extra.unlink(missing_ok=True)
        kept = path.read_bytes()
        path.write_bytes(b"this is no database " * 512)
        try:
            yield
        finally:
            await engine.dispose()
            path.write_bytes(kept)
        return
    admin = await asyncpg.connect(url.set(drivername="postgresql", database="postgres")
                                  .render_as_string(hide_password=False))
    name = url.database
    try:
        await admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        await admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name)
        yield
    finally:
        await admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
        await admin.close()
        await engine.dispose()
