"""The Teams side of bench/fuzz_edges.py: the project's server with the Teams edge at /api/messages, replies caught
by the tests' fake Bot Connector at the activities' serviceUrl, the real activities of a small tenant, and their
mutations.

Malformed activities go to an edge in TEAMS_LOCAL mode (no token needed, as the tests run it), so they reach
everything behind the token check; forged ones go to a second edge of the same store that has an app id and
password and must refuse them all with 401.
"""

from __future__ import annotations

import base64
import json
from random import Random

import jwt
from jsonschema import Draft6Validator

import bot.teams
from bench.fuzz_probe import Probe
from bench.fuzz_slack import COMMANDS
from bot.server import build_web_app, serve
from bot.settings import Settings
from tests.bot.teams import wire
from tests.bot.teams.conftest import SCHEMAS, Clock, FakeConnector, FakeTime
from tests.bot.teams.test_checkin_card import elements, inputs
from tests.fuzz import ANSWER, TIMESTAMPS, broken, nested_text, serialized

JSON = "application/json"
APP_ID = "00000000-0000-0000-0000-0000000000a1"
PASSWORD = "s3cret-app-password-long-enough-for-hs256"
SERVICE_URLS = ["http://127.0.0.1:9/", "https://smba.trafficmanager.net/emea/", "http://[::1", "ftp://x/",
                "http://127.0.0.1:9/" + "a" * 3000, " http://127.0.0.1/", "http://user:pw@127.0.0.1:9/"]


def _json(content_type: str | None = JSON, authorization: str | None = None):
    def headers(_now: int) -> dict[str, str]:
        found = {"Content-Type": content_type} if content_type is not None else {}
        return {**found, "Authorization": authorization} if authorization is not None else found
    return headers


class TeamsEdge:
    name = "teams"
    org = wire.org_yaml()

    def __init__(self, sessions, model_settings: dict) -> None:
        self.sessions = sessions
        self.model_settings = model_settings
        self.time = FakeTime()
        schema = json.loads((SCHEMAS / "adaptive-cards" / "adaptive-card-1.5.json").read_text(encoding="utf-8"))
        self.connector = FakeConnector(self.time, Draft6Validator(schema))
        self.payloads: list[tuple[str, dict]] = []

    async def start(self, http) -> None:
        await self.connector.start()
        self.http = http
        self.runners = []
        local = Settings(teams_local=True, **self.model_settings)
        guarded = Settings(microsoft_app_id=APP_ID, microsoft_app_password=PASSWORD, **self.model_settings)
        self.local_url, self.guarded_url = [await self._serve(s) for s in (local, guarded)]

    async def _serve(self, settings: Settings) -> str:
        edge = bot.teams.edge(settings, self.sessions, Clock(), sleep=self.time.sleep, monotonic=self.time.monotonic,
                              jitter=lambda: 0.5)
        runner = await serve(build_web_app(sessions=self.sessions, routes=edge.routes), "127.0.0.1", 0)
        self.runners.append(runner)
        host, port = runner.addresses[0][:2]
        return f"http://{host}:{port}/api/messages"

    async def stop(self) -> None:
        for runner in self.runners:
            await runner.cleanup()
        await self.connector.stop()

    async def settle(self) -> None:
        """Replies are sent while the request is answered; nothing runs after it."""

    async def send(self, probe: Probe, now: int) -> int:
        url = self.guarded_url if probe.forged else self.local_url
        async with self.http.post(url, data=probe.body, headers=probe.headers(now)) as response:
            await response.read()
            return response.status

    # --- the real activities ------------------------------------------------------------------------------

    async def harvest(self) -> None:
        """Anna installs the app and adds it to her team, asks for her check-in card and fills it in."""
        url = self.connector.url
        for user, mail in ((wire.ANNA, "anna@example.com"), (wire.BEN, "ben.miller@example.com"),
                           (wire.CARLA, "carla@example.com")):
            self.connector.members[user] = wire.member(user, mail)
        self.payloads += [("install", wire.personal_install(url, wire.ANNA)),
                          ("members added", wire.personal_members_added(url, wire.ANNA)),
                          ("team install", wire.team_install(url, wire.ANNA))]
        self.payloads += [("message", wire.message(url, wire.ANNA, text)) for text in COMMANDS]
        self.payloads += [("message", wire.message(url, wire.BEN, "mine")),
                          ("channel message", wire.channel_message(url, wire.ANNA, "team")),
                          ("channel message", wire.channel_message(url, wire.CARLA, "help"))]
        for _, activity in list(self.payloads):
            await self._post(activity)
        chat = wire.CHAT[wire.ANNA]
        card, card_id = self.connector.cards(chat)[-1], self.connector.last_id(chat)
        typed = {key: ("7" if key.endswith(":confidence") else "31" if key.endswith(":value") else "Twee collega's")
                 for key in inputs(card)}
        for action in (e for e in elements(card) if e["type"] == "Action.Submit"):
            self.payloads.append(("card submit", wire.card_submit(url, wire.ANNA, {**action.get("data", {}),
                                                                                  **typed}, card_id)))

    async def _post(self, activity: dict) -> None:
        async with self.http.post(self.local_url, json=activity) as response:
            assert response.status < 300, f"{activity['type']} answered {response.status}"

    # --- probes -------------------------------------------------------------------------------------------

    def malformed(self, rng: Random, number: int) -> Probe:
        kind, activity = rng.choice(self.payloads)
        activity = {**activity, "id": f"fuzz-{number}"}
        way = rng.random()
        if way < 0.6:
            under = ("value",) if kind == "card submit" and rng.random() < 0.5 else ()
            return Probe(kind, serialized(broken(activity, rng, under=under), rng).encode(), _json())
        if way < 0.68:
            return Probe("long answers", serialized(_long(kind, activity, rng), rng).encode(), _json())
        if way < 0.74:
            wrong = {**activity, "serviceUrl": rng.choice(SERVICE_URLS)}
            return Probe("service url", json.dumps(wrong).encode(), _json())
        if way < 0.80:
            padded = {**activity, "channelData": {**activity["channelData"], "x": "p" * rng.choice(
                [100_000, 900_000, 2_000_000])}}
            return Probe("huge body", json.dumps(padded).encode(), _json())
        if way < 0.86:
            return Probe("deep body", nested_text(rng.choice([50, 500, 5000, 200_000]), rng).encode(), _json())
        if way < 0.93:
            text = json.dumps(activity)
            return Probe("not json or utf-8", rng.choice([
                text[: len(text) // 2].encode(), b"\xff\xfe" + text.encode("utf-16-le"), b"", b"null", b"[]",
                b"\x00" * 64, text.encode() + b"\xe9\xff", b"NaN", f"[{text}]".encode()]), _json())
        return Probe("content type", json.dumps(activity).encode(), _json(rng.choice(
            [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "", "APPLICATION/JSON",
             "application/json; charset=latin-1", "application/jsonx"])))

    def forged(self, rng: Random, number: int) -> Probe:
        _, activity = rng.choice(self.payloads)
        body = json.dumps({**activity, "id": f"forged-{number}"}).encode()
        garbled = rng.random() < 0.1
        if garbled:
            body = rng.choice([b"not json", b"\xff\xfe", nested_text(5000, rng).encode()])
        label, token = _forged_token(rng)
        label += ", body not JSON" if garbled else ""
        return Probe(f"forged: {label}", body, _json(authorization=token), forged=True)


def _long(kind: str, activity: dict, rng: Random) -> dict:
    long = json.loads(json.dumps(activity))
    if kind == "card submit":
        for key in long["value"]:
            if not key.endswith(("confidence", "value")) or rng.random() < 0.3:
                long["value"][key] = ANSWER
    else:
        long["text"] = ANSWER if rng.random() < 0.5 else f"coach {ANSWER}"
    if rng.random() < 0.3:
        long["timestamp"] = rng.choice(TIMESTAMPS)
    return long


def _part(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


NEEDS_KEYS = "trusted issuer, not expired"  # only Microsoft's signing keys can refuse it


def _forged_token(rng: Random) -> tuple[str, str | None]:
    """A missing, garbage, unsigned, self-signed or expired bearer token, as an attacker would send, and its kind."""
    claims = {"iss": rng.choice(["https://api.botframework.com", "https://evil.example",
                                 "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/"]),
              "aud": rng.choice([APP_ID, "someone-else"]), "serviceurl": "http://127.0.0.1:9/",
              "nbf": 1_600_000_000, "exp": rng.choice([1_600_000_100, 4_102_444_800])}
    trusted = "evil" not in claims["iss"] and claims["exp"] > 2_000_000_000
    label = f"{{}}; {NEEDS_KEYS}" if trusted else "{} (expired or untrusted issuer)"
    way = rng.randrange(8)
    if way == 0:
        return "no token", None
    if way == 1:
        return "garbage", rng.choice(["", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer x.y.z", "Bearer garbage",
                                      "Bearer a.b.c", "Bearer " + "A" * 20_000, "Bearer \u00e9.\u00e9.\u00e9"])
    if way == 2:
        return label.format("alg none"), f"Bearer {_part({'alg': 'none', 'typ': 'JWT'})}.{_part(claims)}."
    if way == 3:
        return label.format("HS256 with the app password"), "Bearer " + jwt.encode(claims, PASSWORD, algorithm="HS256")
    if way == 4:
        header = _part({"alg": "RS256", "typ": "JWT", "kid": "nope"})
        return label.format("RS256 by an unknown key"), f"Bearer {header}.{_part(claims)}.c2lnbmF0dXJl"
    if way == 5:
        return "claims of other types", f"Bearer {_part({'alg': 'RS256'})}.{_part({'iss': 17, 'exp': 'soon'})}.c2ln"
    if way == 6:
        return "header not an object", f"Bearer {_part(['a'])}.{_part(claims)}.c2ln"
    return "claims not JSON", f"Bearer {_part({'alg': 'RS256', 'kid': 'k'})}.bm90IGpzb24.c2ln"
