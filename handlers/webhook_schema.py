"""The ``webhooks:`` of an organisation file: where okrbot POSTs its events, signed with a shared secret.

The file names the secret only by the environment variable that holds it (``secret_env``), so anyone who may read
the plan may read the file."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from handlers.source_schema import ENV_NAME

Event = Literal["checkin.recorded", "key_result.changed", "summary.posted"]
ALL_EVENTS: list[Event] = ["checkin.recorded", "key_result.changed", "summary.posted"]


class WebhookIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    url: str = Field(max_length=500)
    secret_env: str = Field(max_length=100)
    events: list[Event] = Field(default_factory=lambda: list(ALL_EVENTS), min_length=1)

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("a webhook url starts with https:// (or http://) and names a host")
        if parts.username or parts.password:
            raise ValueError("a webhook url holds no password: the shared secret signs each request")
        return value

    @field_validator("secret_env")
    @classmethod
    def _env_name(cls, value: str) -> str:
        if not ENV_NAME.fullmatch(value):
            raise ValueError("secret_env names an environment variable (letters, digits, _), not the secret itself")
        return value
