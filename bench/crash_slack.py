"""A slow Slack Web API for bench/crash.py, in a process of its own that outlives the bot processes it serves.

    python bench/crash_slack.py --record posts.jsonl [--delay-ms 20] [--rate-429 0.03] [--seed 1]

Prints its port on the first line of standard output. Every chat.postMessage it accepts is written to the record
(one JSON line, flushed before the answer) before it waits ``--delay-ms`` and answers: a bot killed in that wait
posted a message it never heard back about. A share of posts (``--rate-429``) is refused with 429 and
Retry-After instead, and not recorded. conversations.open and conversations.history answer from what was posted,
with each message's metadata, so a take-over can look for what a dead process sent.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import sys

from aiohttp import web


class SlowSlack:
    def __init__(self, record, *, delay: float, rate_429: float, seed: int) -> None:
        self.record, self.delay, self.rate_429 = record, delay, rate_429
        self.random = random.Random(seed)
        self.history: dict[str, list[dict]] = {}
        self.counts: dict[str, int] = {}
        self._ts = itertools.count(1)

    async def api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = dict(request.query)
        if request.content_type == "application/json":
            args.update(await request.json())
        elif request.can_read_body:
            args.update(await request.post())
        self.counts[method] = self.counts.get(method, 0) + 1
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if method == "auth.test":
            return web.json_response({"ok": True, "team_id": "T0CRASH", "team": "Crash", "user_id": "UBOT",
                                      "bot_id": "BBOT"})
        if method == "chat.postMessage":
            return await self._post(args, token)
        if method == "conversations.open":
            return web.json_response({"ok": True, "channel": {"id": dm_of(str(args.get("users", "")))}})
        if method == "conversations.history":
            newest = self.history.get(str(args.get("channel")), [])[::-1][: int(args.get("limit") or 100)]
            return web.json_response({"ok": True, "has_more": False, "messages": newest})
        return web.json_response({"ok": True})

    async def _post(self, args: dict, token: str) -> web.Response:
        if self.random.random() < self.rate_429:
            self.counts["429"] = self.counts.get("429", 0) + 1
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                     headers={"Retry-After": "1"})
        channel = dm_of(str(args.get("channel", "")))
        ts = f"{1760000000 + next(self._ts)}.000100"
        meta = args.get("metadata") or {}
        ref = (meta.get("event_payload") or {}).get("ref") if isinstance(meta, dict) else None
        self.history.setdefault(channel, []).append({"type": "message", "ts": ts, "metadata": meta or None})
        self.record.write(json.dumps({"channel": channel, "ref": ref, "ts": ts, "token": token[-3:]}) + "\n")
        self.record.flush()  # the record outlives a bot killed while it waits for the answer
        self.counts["last_sender"] = token
        await asyncio.sleep(self.delay * self.random.uniform(0.5, 1.5))
        return web.json_response({"ok": True, "channel": channel, "ts": ts})

    async def stats(self, _request: web.Request) -> web.Response:
        return web.json_response(self.counts)


def dm_of(channel: str) -> str:
    return "D" + channel[1:] if channel.startswith("U") else channel


async def serve(arguments) -> None:
    with open(arguments.record, "a", encoding="utf-8") as record:
        fake = SlowSlack(record, delay=arguments.delay_ms / 1000, rate_429=arguments.rate_429, seed=arguments.seed)
        app = web.Application()
        app.router.add_route("*", "/api/{method}", fake.api)
        app.router.add_get("/stats", fake.stats)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        print(runner.addresses[0][1], flush=True)
        await asyncio.Event().wait()  # until the bench ends this process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--record", required=True)
    parser.add_argument("--delay-ms", type=float, default=20.0)
    parser.add_argument("--rate-429", type=float, default=0.03)
    parser.add_argument("--seed", type=int, default=1)
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
