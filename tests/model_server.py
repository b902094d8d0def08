"""An OpenAI-compatible chat-completions server on a free loopback port, for tests of the AI coach.

The real ``openai`` client talks to it over HTTP; nothing in openai is patched. Each test says how the "model"
answers (``answer``, ``fail``, ``hang``) and reads what it received (``requests``).
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field

from aiohttp import web

from bot.settings import Settings

MODEL = "okr-coach-test"
API_KEY = "sk-test-not-a-real-key-7731"


@dataclass
class Reply:
    content: str | None = None
    status: int = 200
    delay: float = 0.0
    raw: bytes | None = None  # a whole response body sent as it is, for servers that answer garbage
    content_type: str = "application/json"


@dataclass
class ModelServer:
    url: str = ""
    replies: list[Reply] = field(default_factory=lambda: [Reply("{}")])
    requests: list[dict] = field(default_factory=list)
    headers: list[dict] = field(default_factory=list)
    released: asyncio.Event = field(default_factory=asyncio.Event)

    def answer(self, content: str | dict) -> None:
        """Every request gets this message content (a dict is sent as its JSON)."""
        self.replies = [Reply(content if isinstance(content, str) else json.dumps(content))]

    def answer_raw(self, body: bytes | str, content_type: str = "application/json") -> None:
        """Every request gets this body as it is: a broken gateway, an empty 200, a wrong shape."""
        self.replies = [Reply(raw=body.encode() if isinstance(body, str) else body, content_type=content_type)]

    def fail(self, status: int) -> None:
        self.replies = [Reply(status=status)]

    def hang(self, seconds: float) -> None:
        """Answer only after ``seconds`` (or when the test ends)."""
        self.replies = [Reply("{}", delay=seconds)]

    def settings(self, timeout: float = 1.0) -> Settings:
        return Settings.from_env({"OPENAI_API_KEY": API_KEY, "OPENAI_BASE_URL": f"{self.url}/v1",
                                  "OKRBOT_MODEL": MODEL, "OKRBOT_AI_TIMEOUT": str(timeout)})

    def user_data(self, n: int = -1) -> dict:
        """The ``data`` the n-th request carried in its user message."""
        messages = self.requests[n]["messages"]
        return json.loads(next(m["content"] for m in messages if m["role"] == "user"))["data"]

    def system_prompt(self, n: int = -1) -> str:
        return next(m["content"] for m in self.requests[n]["messages"] if m["role"] == "system")

    async def chat_completions(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(body)
        self.headers.append(dict(request.headers))
        reply = self.replies[min(len(self.requests), len(self.replies)) - 1]
        if reply.delay:
            with suppress(TimeoutError):
                await asyncio.wait_for(self.released.wait(), reply.delay)
        if reply.raw is not None:
            return web.Response(body=reply.raw, status=reply.status, headers={"Content-Type": reply.content_type})
        if reply.status != 200:
            return web.json_response({"error": {"message": "the model is down", "type": "server_error"}},
                                     status=reply.status)
        return web.json_response({
            "id": f"chatcmpl-{len(self.requests)}", "object": "chat.completion", "created": 1_790_000_000,
            "model": body.get("model"),
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": reply.content}}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
        })


@asynccontextmanager
async def serving_model() -> AsyncIterator[ModelServer]:
    """Serve ``POST /v1/chat/completions`` on 127.0.0.1 at a port the system picks."""
    server = ModelServer()
    app = web.Application()
    app.router.add_post("/v1/chat/completions", server.chat_completions)
    runner = web.AppRunner(app)
    await runner.setup()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    await web.SockSite(runner, sock).start()
    server.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        yield server
    finally:
        server.released.set()
        await runner.cleanup()
