"""Writing an organisation file's ``webhooks:`` into the store: exactly the endpoints the file names."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.org_schema import OrgFile
from models.webhook_store import set_webhooks


async def write_webhooks(session: AsyncSession, org: OrgFile) -> None:
    """A file without ``webhooks:`` leaves the endpoints as they are; ``webhooks: []`` removes them all."""
    if org.webhooks is None:
        return
    await set_webhooks(session, wanted={w.url: (w.secret_env, ",".join(sorted(set(w.events))))
                                        for w in org.webhooks})
