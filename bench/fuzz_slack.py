"""The Slack side of bench/fuzz_edges.py: the project's server with the Slack edge (bolt over HTTP at /slack/events)
against the tests' local Slack Web API, the real payloads of a small organisation, and their mutations.

The real payloads come from what the bot itself sent: Anna's check-in DM (its buttons), the modals it opened
(check-in, new OKR, time off) filled in as a person would, the App Home it published, and the slash commands and
events Slack sends for the same people.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from random import Random
from urllib.parse import urlencode

from bench.fuzz_probe import Probe
from handlers import away, sharing, survey_commands
from handlers.one_on_one_commands import COMMANDS as ONE_ON_ONE
from scheduler.tick import tick
from tests.bot.slack.conftest import (
    NOW,
    SECRET,
    TEAM,
    FakeSlack,
    VirtualTime,
    _start,
    slack_settings,
    start_slack_server,
    stop_slack_server,
)
from tests.fuzz import ANSWER, TIMESTAMPS, WEIRD, broken, nested_text, serialized
from tests.orgs import SMALL_ORG

ORG = SMALL_ORG
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
COMMANDS = ["help", "checkin", "new", "mine", "team", "coach NPS stijgt", "lang en", "lang nl", "skip",
            "snooze tomorrow", "away 2026-10-12", "away off", *survey_commands.COMMANDS, *ONE_ON_ONE,
            *sharing.COMMANDS, *away.COMMANDS]


def signature(body: bytes, stamp: str, secret: str = SECRET) -> str:
    return "v0=" + hmac.new(secret.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256).hexdigest()


def signed(body: bytes, content_type: str | None):
    def headers(now: int) -> dict[str, str]:
        found = {"X-Slack-Request-Timestamp": str(now), "X-Slack-Signature": signature(body, str(now))}
        return {**found, "Content-Type": content_type} if content_type else found
    return headers


class SlackEdge:
    """The bot's Slack edge on loopback; ``payloads`` holds (kind, payload) pairs harvested from a real run."""

    name = "slack"
    org = ORG

    def __init__(self, sessions, model_settings: dict) -> None:
        self.sessions = sessions
        self.model_settings = model_settings
        self.clock = VirtualTime()
        self.fake = FakeSlack(stamp=self.clock.monotonic)
        self.payloads: list[tuple[str, dict]] = []

    async def start(self, http) -> None:
        from aiohttp import web

        app = web.Application()
        app.router.add_route("*", "/api/{method}", self.fake.api)
        app.router.add_post("/respond/{id}", self.fake.respond)
        app.router.add_post("/upload/{file_id}", self.fake.upload)
        self.fake_runner, port = await _start(app)
        self.fake.url, self.fake.base = f"http://127.0.0.1:{port}/api/", f"http://127.0.0.1:{port}"
        settings = slack_settings(self.fake, **self.model_settings)
        self.server = await start_slack_server(self.sessions, self.fake, self.clock, settings)
        self.http = http

    async def stop(self) -> None:
        await stop_slack_server(self.server)
        await self.fake_runner.cleanup()

    async def settle(self) -> None:
        await self.server.drain()

    async def send(self, probe: Probe, now: int) -> int:
        async with self.http.post(f"{self.server.url}/slack/events", data=probe.body,
                                  headers=probe.headers(now)) as response:
            await response.read()
            return response.status

    # --- the real payloads ---------------------------------------------------------------------------------

    async def harvest(self) -> None:
        """Send Anna her check-in, click through the forms it offers, and keep every payload on the way."""
        await tick(sessions=self.sessions, messenger=self.server.built.slack.messenger, now=NOW)
        dm = next(c.args for c in self.fake.of("chat.postMessage") if c.args.get("channel") == "U_ANNA")
        for element in _elements(_blocks(dm["blocks"])):
            self.payloads.append(("block_actions", _click(element, container="message")))
        await self.server.click("U_ANNA", "checkin_open", _value(dm["blocks"], "checkin_open"))
        await self.server.command("new")
        await self.server.click("U_ANNA", "choice:away", _value(dm["blocks"], "choice:away"))
        await self.server.event({"type": "app_home_opened", "user": "U_ANNA", "channel": "D_ANNA", "tab": "home"})
        await self.settle()
        for call in self.fake.of("views.open"):
            view = _parsed(call.args["view"])
            self.payloads.append(("view_submission", _submission(view)))
        for call in self.fake.of("views.publish"):
            for element in _elements(_parsed(call.args["view"])["blocks"]):
                self.payloads.append(("block_actions", _click(element, container="view")))
        self.payloads += [("command", _command(text, self.fake.base)) for text in COMMANDS]
        self.payloads += [("event", _envelope(event)) for event in _events()]
        self.payloads.append(("event", {"token": "unused", "challenge": "3eZbrw1aBm2rZgRNFdxV2595", "type":
                                        "url_verification"}))

    # --- probes -------------------------------------------------------------------------------------------

    def malformed(self, rng: Random, number: int) -> Probe:
        kind, payload = rng.choice(self.payloads)
        if kind == "event":
            payload = {**payload, "event_id": f"Ev{number:07d}"}
        way = rng.random()
        if way < 0.62:
            return _encoded(kind, _mutated(kind, payload, rng), rng)
        if way < 0.70 and kind == "view_submission":
            return _encoded(kind, _long_answers(payload, rng), rng)
        if way < 0.76:
            return _raw("huge body", _huge(kind, payload, rng), _content_type(kind))
        if way < 0.82:
            depth = rng.choice([50, 500, 5000, 200_000])
            body = nested_text(depth, rng).encode()
            return _raw("deep body", (b"payload=" + body) if kind != "event" else body, _content_type(kind))
        if way < 0.90:
            return _raw("not json or utf-8", rng.choice(_unreadable(kind, payload)), _content_type(kind))
        body = _encoded(kind, payload, rng).body
        return _raw("content type", body, rng.choice([None, "text/plain", "application/xml", "multipart/form-data",
                                                      JSON if kind != "event" else FORM, "application/json; x=ä",
                                                      "APPLICATION/JSON", ""]))

    def forged(self, rng: Random, number: int) -> Probe:
        kind, payload = rng.choice(self.payloads)
        if kind == "event":
            payload = {**payload, "event_id": f"EvForged{number:07d}"}
        body = _encoded(kind, payload, rng).body
        content_type = _content_type(kind)
        way = rng.randrange(9)

        def headers(now: int) -> dict[str, str]:
            stamp = str(now)
            good = {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature(body, stamp),
                    "Content-Type": content_type}
            if way == 0:
                return {"Content-Type": content_type}
            if way == 1:
                return {**good, "X-Slack-Signature": signature(body, stamp, secret="not-the-secret")}
            if way == 2:
                return {**good, "X-Slack-Signature": signature(body + b"&x=1", stamp)}
            if way == 3:
                old = str(now - rng.choice([301, 3600, 86_400 * 365]))
                return {**good, "X-Slack-Request-Timestamp": old, "X-Slack-Signature": signature(body, old)}
            if way == 4:
                ahead = str(now + rng.choice([301, 86_400]))
                return {**good, "X-Slack-Request-Timestamp": ahead, "X-Slack-Signature": signature(body, ahead)}
            if way == 5:
                odd = rng.choice(["soon", f"{now}.5", f" {now}", "²³", "-1", "", "0x10", "9" * 40, "1e9", "NaN"])
                return {**good, "X-Slack-Request-Timestamp": odd, "X-Slack-Signature": signature(body, odd)}
            if way == 6:
                return {**good, "X-Slack-Signature": rng.choice(["", "v0=", "v1=" + good["X-Slack-Signature"][3:],
                                                                 good["X-Slack-Signature"].upper(), "v0=zz" * 30])}
            if way == 7:
                return {k: v for k, v in good.items() if k != "X-Slack-Signature"}
            return {**good, "X-Slack-Request-Timestamp": str(now + 1)}  # a replay with a new stamp

        return Probe(f"forged {way}", body, headers, forged=True)


def _parsed(value) -> dict:
    return json.loads(value) if isinstance(value, str) else value


def _blocks(blocks) -> list[dict]:
    return _parsed(blocks) if isinstance(blocks, str) else blocks


def _elements(blocks: list[dict]) -> list[dict]:
    found = []
    for block in blocks:
        found += [e for e in block.get("elements", []) if e.get("type") == "button"]
        if block.get("accessory", {}).get("type") == "button":
            found.append(block["accessory"])
    return found


def _value(blocks, action_id: str) -> str:
    return next(e.get("value", "") for e in _elements(_blocks(blocks)) if e["action_id"] == action_id)


def _click(element: dict, *, container: str) -> dict:
    where = ({"type": "message", "message_ts": "1760000001.000100", "channel_id": "D_ANNA", "is_ephemeral": False}
             if container == "message" else {"type": "view", "view_id": "V0001"})
    payload = {"type": "block_actions", "team": {"id": TEAM, "domain": "acme"},
               "user": {"id": "U_ANNA", "username": "anna", "team_id": TEAM}, "api_app_id": "A0OKR",
               "trigger_id": "13345224609.738474920.8088930838d88f008e0", "container": where,
               "actions": [{"type": "button", "action_id": element["action_id"], "block_id": "b",
                            "value": element.get("value", ""), "action_ts": "1760000002.000200"}]}
    if container == "message":
        payload |= {"channel": {"id": "D_ANNA", "name": "directmessage"},
                    "message": {"ts": "1760000001.000100", "type": "message", "text": "check-in"}}
    return payload


def _submission(view: dict) -> dict:
    values = {}
    for block in view.get("blocks", []):
        if block.get("type") == "input":
            element = block["element"]
            values[block["block_id"]] = {element["action_id"]: _typed(element)}
    submitted = {**view, "id": "V0001", "team_id": TEAM, "state": {"values": values}, "hash": "1760000003.abc"}
    return {"type": "view_submission", "team": {"id": TEAM, "domain": "acme"},
            "user": {"id": "U_ANNA", "team_id": TEAM}, "api_app_id": "A0OKR", "trigger_id": "trig-3",
            "view": submitted}


def _typed(element: dict) -> dict:
    if element["type"] == "static_select":
        return {"type": "static_select", "selected_option": element["options"][-1]}
    if element["type"] == "datepicker":
        return {"type": "datepicker", "selected_date": "2026-10-16"}
    return {"type": element["type"], "value": "31" if "value" in element.get("action_id", "") else "Twee collega's"}


def _command(text: str, base: str) -> dict:
    return {"token": "unused", "team_id": TEAM, "team_domain": "acme", "channel_id": "C_SUPPORT",
            "channel_name": "support", "user_id": "U_ANNA", "user_name": "anna", "command": "/okr", "text": text,
            "api_app_id": "A0OKR", "response_url": f"{base}/respond/U_ANNA", "trigger_id": "trig-1"}


def _events() -> list[dict]:
    def dm(text: str) -> dict:
        return {"type": "message", "channel": "D_ANNA", "channel_type": "im", "user": "U_ANNA", "text": text,
                "ts": "1760000100.000100", "event_ts": "1760000100.000100"}

    profile = {"real_name": "Anna de Vries", "status_text": "Vakantie", "status_emoji": ":palm_tree:",
               "status_expiration": 1760400000}
    return [dm("help"), dm("mine"), dm("checkin"), dm("away 2026-10-12"),
            {"type": "app_home_opened", "user": "U_ANNA", "channel": "D_ANNA", "tab": "home",
             "event_ts": "1760000100.000200"},
            {"type": "user_change", "user": {"id": "U_ANNA", "name": "anna", "real_name": "Anna de Vries",
                                             "tz": "Europe/Amsterdam", "locale": "nl-NL", "deleted": False,
                                             "profile": profile}, "event_ts": "1760000100.000300"}]


def _envelope(event: dict) -> dict:
    return {"token": "unused", "team_id": TEAM, "api_app_id": "A0OKR", "type": "event_callback",
            "event_id": "Ev0", "event_time": 1760000100, "event": event}


def _content_type(kind: str) -> str:
    return JSON if kind == "event" else FORM


def _mutated(kind: str, payload: dict, rng: Random) -> dict:
    if kind != "command":
        return broken(payload, rng)
    form = dict(payload)
    key = rng.choice(list(form))
    if rng.random() < 0.3:
        del form[key]
    else:
        form[key] = str(rng.choice([*WEIRD, *TIMESTAMPS, ANSWER, "\x00", "\u202e", "checkin 1999-01-01"]))
    return form


def _long_answers(payload: dict, rng: Random) -> dict:
    """A modal submitted with every typed answer 10 000 characters long (or one of them)."""
    long = json.loads(json.dumps(payload))
    for block in long["view"]["state"]["values"].values():
        for state in block.values():
            if "value" in state and rng.random() < 0.7:
                state["value"] = ANSWER
    return long


def _encoded(kind: str, payload: dict, rng: Random) -> Probe:
    if kind == "command":
        body = urlencode(payload).encode()
    elif kind == "event":
        body = serialized(payload, rng).encode()
    else:
        body = urlencode({"payload": serialized(payload, rng)}).encode()
    return _raw(kind, body, _content_type(kind))


def _raw(kind: str, body: bytes, content_type: str | None) -> Probe:
    return Probe(kind, body, signed(body, content_type))


def _huge(kind: str, payload: dict, rng: Random) -> bytes:
    size = rng.choice([100_000, 900_000, 2_000_000])
    padded = {**payload, "padding": "p" * size} if kind != "command" else {**payload, "text": "checkin " * (size // 8)}
    return _encoded(kind, padded, rng).body


def _unreadable(kind: str, payload: dict) -> list[bytes]:
    text = json.dumps(payload)
    wrapped = (lambda b: b"payload=" + b) if kind in ("block_actions", "view_submission") else (lambda b: b)
    return [wrapped(text[: len(text) // 2].encode()), wrapped(b"\xff\xfe" + text.encode("utf-16-le")),
            wrapped(text.encode("latin-1", "replace") + b"\xe9\xff"), b"", b"payload=", b"payload=%FF%FE",
            b"payload=null", b"payload=[1,2]", b"payload=%7B%7D&payload=%7B%7D", wrapped(b"NaN"),
            b"command=/okr&text=%ff&user_id=U_ANNA", b"\x00" * 64]
