"""The shapes of Slack payloads this app reads, checked before bolt dispatches them: a signed request whose fields
have other types than Slack sends (a number where an id goes, a list where the state goes) gets 400 instead of
failing deep in a listener after the request was acknowledged. Unknown fields are allowed: Slack adds them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

MAX_ID = 255


class _Loose(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class _Id(_Loose):
    id: str = Field(max_length=MAX_ID)


class _Option(_Loose):
    value: str = Field(max_length=2000)


class _Action(_Loose):
    action_id: str = Field(max_length=MAX_ID)
    type: str | None = Field(default=None, max_length=64)
    value: str | None = Field(default=None, max_length=2000)
    selected_date: str | None = Field(default=None, max_length=32)
    selected_option: _Option | None = None


class _Container(_Loose):
    channel_id: str | None = Field(default=None, max_length=MAX_ID)
    message_ts: str | None = Field(default=None, max_length=64)


class _Message(_Loose):
    ts: str = Field(max_length=64)


class _Input(_Loose):
    """One input's state as ``views.view_values`` reads it."""

    value: str | None = Field(default=None, max_length=40_000)
    selected_option: _Option | None = None
    selected_date: str | None = Field(default=None, max_length=32)


class _State(_Loose):
    values: dict[str, dict[str, _Input]]


class _View(_Loose):
    id: str | None = Field(default=None, max_length=MAX_ID)
    callback_id: str | None = Field(default=None, max_length=MAX_ID)
    private_metadata: str | None = Field(default=None, max_length=3000)
    state: _State | None = None


class _Interaction(_Loose):
    type: str = Field(max_length=64)
    user: _Id
    team: _Id | None = None
    trigger_id: str | None = Field(default=None, max_length=MAX_ID)
    actions: list[_Action] | None = Field(default=None, max_length=25)
    container: _Container | None = None
    channel: _Id | None = None
    message: _Message | None = None
    view: _View | None = None


class _Event(_Loose):
    type: str = Field(max_length=64)
    user: str | dict[str, Any] | None = None  # an id, or the whole user in user_change and team_join
    channel: str | dict[str, Any] | None = None
    channel_type: str | None = Field(default=None, max_length=64)
    text: str | None = Field(default=None, max_length=40_000)
    subtype: str | None = Field(default=None, max_length=64)
    bot_id: str | None = Field(default=None, max_length=MAX_ID)
    tab: str | None = Field(default=None, max_length=64)


class _Profile(_Loose):
    real_name: str | None = Field(default=None, max_length=1000)
    status_text: str | None = Field(default=None, max_length=1000)
    status_emoji: str | None = Field(default=None, max_length=255)
    status_expiration: int | None = Field(default=None, ge=0, le=2**53)


class _ChangedUser(_Loose):
    """The whole user a user_change carries: what ``listeners.events`` reads of it, with Slack's types."""

    id: str = Field(min_length=1, max_length=MAX_ID)
    real_name: str | None = Field(default=None, max_length=1000)
    tz: str | None = Field(default=None, max_length=64)
    locale: str | None = Field(default=None, max_length=32)
    deleted: bool | None = None
    profile: _Profile | None = None


class _Envelope(_Loose):
    type: str = Field(max_length=64)
    team_id: str | None = Field(default=None, max_length=MAX_ID)
    event_id: str | None = Field(default=None, max_length=MAX_ID)
    event: _Event | None = None
    challenge: str | None = Field(default=None, max_length=1000)


class _Command(_Loose):
    command: str = Field(pattern=r"^/[^\s]{1,63}$")
    user_id: str = Field(min_length=1, max_length=MAX_ID)
    team_id: str | None = Field(default=None, max_length=MAX_ID)
    text: str = Field(default="", max_length=40_000)
    trigger_id: str | None = Field(default=None, max_length=MAX_ID)
    response_url: str = Field(max_length=2048)

    @field_validator("response_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not http_url(value):
            raise ValueError("response_url must be an http(s) URL")
        return value


NEEDS = {"block_actions": ("actions",), "view_submission": ("view",), "view_closed": ("view",)}


def interaction_problem(payload: dict) -> str | None:
    """Why a button, form or shortcut payload is not one Slack sends, or None."""
    try:
        parsed = _Interaction.model_validate(payload)
    except ValidationError as error:
        return _first(error)
    missing = [name for name in NEEDS.get(parsed.type, ()) if getattr(parsed, name) in (None, [])]
    if parsed.type == "block_actions" and parsed.actions == []:
        missing.append("actions")
    return f"a {parsed.type} payload needs {', '.join(missing)}" if missing else None


def command_problem(form: dict[str, list[str]]) -> str | None:
    """Why a form without an interaction payload is not a slash command Slack sends (nor its SSL check), or None.
    The answer goes to ``response_url``, so a command without a usable one could never be answered."""
    if form.get("ssl_check") == ["1"]:
        return None
    if any(len(values) > 1 for values in form.values()):
        return "a field appears more than once"
    try:
        _Command.model_validate({key: values[0] for key, values in form.items()})
    except ValidationError as error:
        return _first(error)
    return None


def event_problem(envelope: dict) -> str | None:
    """Why an Events API body is not one Slack sends, or None."""
    try:
        parsed = _Envelope.model_validate(envelope)
    except ValidationError as error:
        return _first(error)
    if parsed.type == "event_callback" and parsed.event is None:
        return "an event_callback needs an event"
    if parsed.event is not None and parsed.event.type == "user_change":
        try:
            _ChangedUser.model_validate(parsed.event.user)
        except ValidationError as error:
            return "event.user: " + _first(error)
    return None


def http_url(value: str) -> bool:
    """Whether ``value`` is an absolute http(s) URL that an HTTP client can open (host, port and all)."""
    try:
        parts = urlsplit(value)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and (parts.port or 0) >= 0 \
            and not any(c.isspace() for c in value)
    except ValueError:
        return False


def _first(error: ValidationError) -> str:
    first = error.errors()[0]
    return f"{'.'.join(map(str, first['loc'])) or 'payload'}: {first['msg']}"[:200]
