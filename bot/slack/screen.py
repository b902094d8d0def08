"""The first look at a request to /slack/events, before anything in it is parsed: Slack's signature over the raw
bytes, a fresh integer timestamp, then a body that decodes and parses as its content type says.

Forged or stale requests get 401 and malformed signed ones 400, each with a short reason and without a traceback,
so nobody can fill the log or reach the listeners with a body bolt could not read.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs

from bot.slack.payloads import command_problem, event_problem, interaction_problem

MAX_AGE = 5 * 60  # seconds, as Slack's own verification allows


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str


def screen(body: bytes, headers: Mapping[str, str], *, secret: str, wall_clock: float) -> Refusal | None:
    """None when the request may go on to bolt; otherwise why not."""
    refusal = _signature(body, headers, secret, wall_clock)
    return refusal or _readable(body, headers.get("Content-Type", ""))


def _signature(body: bytes, headers: Mapping[str, str], secret: str, wall_clock: float) -> Refusal | None:
    stamp, signature = headers.get("X-Slack-Request-Timestamp", ""), headers.get("X-Slack-Signature", "")
    if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= 12) or not signature:
        return Refusal(401, "missing or malformed signature headers")
    if abs(wall_clock - int(stamp)) > MAX_AGE:
        return Refusal(401, "stale request")
    expected = "v0=" + hmac.new(secret.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        return Refusal(401, "invalid signature")
    return None


def _readable(body: bytes, content_type: str) -> Refusal | None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Refusal(400, "the body is not UTF-8")
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json":
        body = _json_object(text)
        if body is None:
            return Refusal(400, "the body is not a JSON object")
        return _bad(event_problem(body))
    if kind == "application/x-www-form-urlencoded":
        if text.startswith("{"):  # bolt reads any body that starts so as JSON, whatever its content type says
            body = _json_object(text)
            return _bad(event_problem(body) if body is not None else "the body is not a JSON object")
        form = parse_qs(text, keep_blank_values=True)  # as bolt reads it: "payload=" is an empty payload
        payloads = form.get("payload")
        if payloads is None:
            return _bad(command_problem(form))
        payload = _json_object(payloads[0]) if len(payloads) == 1 else None
        if payload is None:
            return Refusal(400, "the payload is not a JSON object")
        return _bad(interaction_problem(payload))
    return Refusal(415, "unsupported content type")


def _bad(problem: str | None) -> Refusal | None:
    return None if problem is None else Refusal(400, problem)


def _json_object(text: str) -> dict | None:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None
