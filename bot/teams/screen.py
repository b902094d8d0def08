"""The first look at a POST to /api/messages: a bearer token of the right shape (when the app has an id), then the
body parsed into the activity schema this bot relies on, before botbuilder or any handler sees it.

What fails here gets 400 or 401 with a short reason instead of a 500 from deep inside a library; botbuilder still
verifies the token itself.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any
from urllib.parse import urlsplit

from botbuilder.schema import Activity
from msrest.exceptions import DeserializationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

LEEWAY = 5 * 60  # seconds of clock skew botbuilder tolerates too
MAX_DEPTH = 32  # a card's submitted values nest a few levels; thousands of levels are an attack
TOKEN = re.compile(r"^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$")
NEEDS_ADDRESSES = ("message", "conversationUpdate", "installationUpdate", "invoke", "messageReaction")


class _Account(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str = Field(min_length=1, max_length=512)
    name: str | None = Field(default=None, max_length=1000)
    aadObjectId: str | None = Field(default=None, max_length=64)


class _Conversation(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str = Field(min_length=1, max_length=1024)


class _Activity(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str = Field(min_length=1, max_length=64)
    id: str | None = Field(default=None, max_length=512)
    serviceUrl: str | None = Field(default=None, max_length=2048)
    channelId: str | None = Field(default=None, max_length=64)
    sender: _Account | None = Field(default=None, alias="from")
    recipient: _Account | None = None
    conversation: _Conversation | None = None
    text: str | None = Field(default=None, max_length=40_000)
    locale: str | None = Field(default=None, max_length=32)
    replyToId: str | None = Field(default=None, max_length=512)
    channelData: dict[str, Any] | None = None
    entities: list[dict[str, Any]] | None = None
    membersAdded: list[_Account] | None = None
    membersRemoved: list[_Account] | None = None

    @field_validator("serviceUrl")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not _opens(value):
            raise ValueError("serviceUrl must be an http(s) URL")
        return value


def _opens(url: str) -> bool:
    """An absolute http(s) URL an HTTP client can open: scheme, host and a port that parses, no spaces."""
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and (parts.port or 0) >= 0 \
            and not any(c.isspace() for c in url)
    except ValueError:
        return False


SIGNED_BY_MICROSOFT = ("RS256", "RS384", "RS512")  # what the Bot Framework's channel tokens may use; botbuilder agrees


def token_problem(authorization: str, now: float) -> str | None:
    """Why this Authorization header cannot carry a Bot Framework token, or None when it might."""
    match = TOKEN.match(authorization)
    if not match:
        return "missing or malformed bearer token"
    try:
        header = json.loads(base64.urlsafe_b64decode(match[1] + "=" * (-len(match[1]) % 4)))
    except ValueError:
        return "malformed bearer token"
    if not (isinstance(header, dict) and header.get("alg")):
        return "malformed bearer token"
    if header["alg"] not in SIGNED_BY_MICROSOFT:
        return "a bearer token not signed the way the Bot Framework signs"
    try:
        claims = json.loads(base64.urlsafe_b64decode(match[2] + "=" * (-len(match[2]) % 4)))
    except ValueError:
        return "malformed bearer token"
    return _claims_problem(claims, now)


def _claims_problem(claims: object, now: float) -> str | None:
    """Claims that no signature can save; botbuilder verifies the rest (signature, issuer, audience)."""
    if not isinstance(claims, dict):
        return "malformed bearer token"
    expires = claims.get("exp")
    if not isinstance(expires, int | float) or isinstance(expires, bool):
        return "a bearer token without a valid expiry"
    return "expired bearer token" if expires < now - LEEWAY else None


def activity_problem(body: object) -> str | None:
    """Why this parsed body is not an activity the bot can act on, or None."""
    if not isinstance(body, dict):
        return "not an activity"
    if _depth(body) > MAX_DEPTH:
        return "nested too deeply"
    try:
        activity = _Activity.model_validate(body)
    except ValidationError as error:
        first = error.errors()[0]
        return f"{'.'.join(map(str, first['loc'])) or 'activity'}: {first['msg']}"[:200]
    if activity.type in NEEDS_ADDRESSES and not (activity.sender and activity.recipient and activity.conversation
                                                  and activity.serviceUrl):
        return "an activity needs from, recipient, conversation and serviceUrl"
    if activity.type in NEEDS_ADDRESSES and activity.channelId == "msteams" and activity.channelData is None:
        return "a Teams activity needs its channelData"  # Teams always sends the tenant there; lookups read it
    try:
        Activity().deserialize(body)
    except (DeserializationError, ValueError, TypeError) as error:
        return f"not a Bot Framework activity ({type(error).__name__})"
    return None


def _depth(value: object, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level
