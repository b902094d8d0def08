"""A local HTTP server that receives okrbot's webhooks the way a receiver should: it checks each signature and the
timestamp, and answers with the status a test sets (or not at all, to make the sender time out)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json

from aiohttp import web


def verified(secret: str, headers, body: bytes) -> bool:
    """The check a receiver does (README, "Outgoing webhooks")."""
    timestamp = headers["X-Okrbot-Timestamp"]
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest("sha256=" + expected, headers["X-Okrbot-Signature"])


class Receiver:
    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.statuses: list[int] = []  # answered in turn; 200 once they run out
        self.hang = False
        self.received: list[dict] = []  # each request: headers, body, whether its signature holds
        self._runner: web.AppRunner | None = None
        self._released = asyncio.Event()
        self.url = ""

    def events(self, event: str | None = None) -> list[dict]:
        """The bodies received with a good signature, optionally of one type."""
        return [json.loads(r["body"]) for r in self.received
                if r["signed"] and (event is None or r["headers"]["X-Okrbot-Event"] == event)]

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.received.append({"headers": dict(request.headers), "body": body.decode(),
                              "signed": verified(self.secret, request.headers, body)})
        if self.hang:
            await self._released.wait()  # until the test ends: the sender must give up by its own timeout
        status = self.statuses.pop(0) if self.statuses else 200
        return web.Response(status=status, text="ok")

    async def __aenter__(self) -> Receiver:
        app = web.Application()
        app.router.add_post("/hooks", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/hooks"
        return self

    async def __aexit__(self, *_exc) -> None:
        self._released.set()
        await self._runner.cleanup()
