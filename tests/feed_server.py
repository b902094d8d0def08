"""A local HTTP server that serves JSON and CSV documents a test changes as it goes, and counts what it was asked."""

from __future__ import annotations

from aiohttp import web


class FeedServer:
    def __init__(self) -> None:
        self.documents: dict[str, tuple[int, str, str]] = {}  # path -> (status, content type, body)
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._runner: web.AppRunner | None = None
        self.url = ""

    def serve(self, path: str, body: str, *, status: int = 200, content_type: str = "application/json") -> None:
        self.documents[path] = (status, content_type, body)

    async def _handle(self, request: web.Request) -> web.Response:
        self.requests.append((request.path, dict(request.headers)))
        status, content_type, body = self.documents.get(request.path, (404, "text/plain", "not found"))
        return web.Response(status=status, text=body, content_type=content_type)

    async def __aenter__(self) -> FeedServer:
        app = web.Application()
        app.router.add_get("/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *_exc) -> None:
        await self._runner.cleanup()
