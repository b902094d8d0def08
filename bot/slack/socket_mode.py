"""Socket Mode: Slack's requests over a WebSocket the bot opens, for development behind a firewall."""

from __future__ import annotations

from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp


class SocketMode:
    def __init__(self, app: AsyncApp, app_token: str):
        self._handler = AsyncSocketModeHandler(app, app_token=app_token, web_client=app.client)

    async def start(self) -> None:
        await self._handler.connect_async()

    async def stop(self) -> None:
        await self._handler.close_async()
