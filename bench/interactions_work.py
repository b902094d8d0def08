"""What bench/interactions.py asks for and how it checks nothing acknowledged was lost: a store with people whose
check-in DMs went out, their confidence buttons and check-in modals, ``/okr help``; after a load, every
acknowledged answer must be stored (or answered, for a command) or its person told it was not done."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode

from aiohttp import web
from sqlalchemy import select

from bench.slack_ack import NOW, SECRET, SLOT, fresh_store, org_yaml, recorded, submission, views
from bot.server import serve
from bot.settings import Settings
from bot.slack import build
from handlers.importer import import_org
from models import CheckIn, KeyResult
from models.db import make_engine, make_session_factory, transaction, upgrade
from prompts import t
from scheduler.tick import tick
from tests.bot.slack.conftest import TEAM, FakeSlack, dm_of


async def start_fake() -> tuple[FakeSlack, web.AppRunner]:
    fake = FakeSlack()
    app = web.Application()
    app.router.add_route("*", "/api/{method}", fake.api)
    app.router.add_post("/respond/{id}", fake.respond)
    runner = await serve(app, "127.0.0.1", 0)
    fake.base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    fake.url = f"{fake.base}/api/"
    return fake, runner


@dataclass
class Prepared:
    url: str
    engine: object
    fake: FakeSlack
    users: list[str]
    buttons: list[tuple[str, int, dict[str, str]]]  # (user, key result id, confidence label -> button)
    modals: dict[str, dict]

    @property
    def sessions(self):
        return make_session_factory(self.engine)

    def requests(self, kind: str, n: int):
        return {"click": self._click, "command": self._command, "modal": self._modal}[kind](n)

    def _click(self, n: int):
        label = str(n % 10 + 1)

        def request(i: int):
            user, kr, by_label = self.buttons[i % len(self.buttons)]
            button = by_label[label]
            payload = {"type": "block_actions", "team": {"id": TEAM, "domain": "bench"},
                       "user": {"id": user, "team_id": TEAM}, "api_app_id": "A0OKR", "trigger_id": "t",
                       "container": {"type": "message", "message_ts": "1760000001.000100",
                                     "channel_id": dm_of(user), "is_ephemeral": False},
                       "channel": {"id": dm_of(user)}, "message": {"ts": "1760000001.000100", "type": "message"},
                       "response_url": f"{self.fake.base}/respond/{user}",  # as Slack sends with a message's click
                       "actions": [{"type": "button", "action_id": button["action_id"], "block_id": "b",
                                    "value": button["value"], "action_ts": "1760000002.000200"}]}
            return urlencode({"payload": json.dumps(payload)}), (user, kr)
        return request

    def _command(self, _n: int):
        def request(i: int):
            user = self.users[i % len(self.users)]
            return urlencode({"token": "unused", "team_id": TEAM, "team_domain": "bench", "channel_id": "C_CREW",
                              "channel_name": "crew", "user_id": user, "user_name": user.lower(), "command": "/okr",
                              "text": "help", "api_app_id": "A0OKR", "trigger_id": "t",
                              "response_url": f"{self.fake.base}/respond/{user}"}), user
        return request

    def _modal(self, n: int):
        def request(i: int):
            user = self.users[i % len(self.users)]
            return submission(user, self.modals[user], n), user
        return request

    def marks(self) -> tuple[int, int]:
        return len(self.fake.calls), len(self.fake.responses)

    async def lost(self, kind: str, n: int, acked: list, before: tuple[int, int]) -> int:
        if kind == "command":
            return max(0, len(acked) - (len(self.fake.responses) - before[1]))
        told = self._told(before[0])
        if kind == "modal":
            asked = set(acked)
            return max(0, len(asked) - await recorded(self.sessions, sorted(asked), n) - told)
        async with self.sessions() as session:
            stored = dict((await session.execute(select(CheckIn.key_result_id, CheckIn.confidence)
                                                 .where(CheckIn.slot == SLOT))).all())
        missing = {(user, kr) for user, kr in acked if stored.get(kr) != n % 10 + 1}
        return max(0, len(missing) - told - self.busy_after_ack(before))

    def _told(self, since: int, key: str = "trouble.not_done") -> int:
        sorry = t("en", key)
        return sum(1 for c in self.fake.calls[since:] if c.method == "chat.postMessage"
                   and sorry in json.dumps(c.args, ensure_ascii=False))

    def busy_after_ack(self, before: tuple[int, int]) -> int:
        """Clicks acknowledged and then answered "busy, try again" privately (the ack of a click has no text)."""
        busy = t("en", "trouble.busy")
        return sum(1 for r in self.fake.responses[before[1]:] if busy in json.dumps(r, ensure_ascii=False))

    async def close(self) -> None:
        await self.engine.dispose()


async def prepare(backend: str, folder: str, fake: FakeSlack, people: int) -> Prepared:
    """A fresh store with ``people`` people, each sent their check-in DM by a tick."""
    url = await fresh_store(backend, folder)
    engine = make_engine(url)
    await upgrade(engine)
    sessions = make_session_factory(engine)
    async with transaction(sessions) as session:
        await import_org(session, org_yaml(people), now=NOW)
    settings = Settings(slack_bot_token="xoxb-bench", slack_signing_secret=SECRET, slack_api_url=fake.url,
                        slack_posts_per_minute=1_000_000)
    edge = build(settings, sessions, lambda: NOW)
    await edge.start()
    since = len(fake.calls)
    await tick(sessions=sessions, messenger=edge.slack.messenger, now=NOW)
    await edge.stop()
    users = [f"U{n:04d}" for n in range(1, people + 1)]
    async with sessions() as session:
        ids = {ref: id_ for id_, ref in await session.execute(select(KeyResult.id, KeyResult.ref))}
    buttons = [button for call in fake.calls[since:] if call.method == "chat.postMessage"
               for button in _confidence_buttons(call.args)]
    assert ids and buttons, "the tick sent no check-in DMs with confidence buttons"
    return Prepared(url, engine, fake, users, buttons, await views(sessions, users))


def _confidence_buttons(args: dict) -> list[tuple[str, int, dict[str, dict]]]:
    blocks = args.get("blocks")
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks or []
    found = []
    for block in blocks:
        elements = [e for e in block.get("elements", []) if e.get("action_id", "").startswith("confidence:")]
        if elements:
            kr = int(block["block_id"].split(":")[1])
            found.append((args["channel"], kr, {e["text"]["text"]: e for e in elements}))
    return found
