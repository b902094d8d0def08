"""Outgoing webhooks: the endpoints an organisation file names, and the outbox of events waiting to be POSTed.

An event row is written in the transaction of what caused it, so an event exists exactly when its cause does; the
tick claims due rows with a lease (like deliveries) and POSTs each once (scheduler/webhook_tick.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime

EVENTS = ("checkin.recorded", "key_result.changed", "summary.posted")


class Webhook(SQLModel, table=True):
    """An endpoint: its URL, the NAME of the environment variable holding its shared secret (never the secret), the
    events it follows (comma-separated), and who set it."""

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=500, unique=True)
    secret_env: str = Field(max_length=100)
    events: str = Field(max_length=200)
    origin: str = Field(default="file", max_length=8)  # "file" (the organisation file) or "env" (OKRBOT_WEBHOOK_URL)


class WebhookEvent(SQLModel, table=True):
    """One event for one endpoint. ``status``: pending (to send, at ``next_try_at``), delivered, or failed (given up
    after too many tries). ``lease_until`` holds it for the process sending it."""

    __tablename__ = "webhookevent"

    id: int | None = Field(default=None, primary_key=True)
    webhook_id: int = Field(foreign_key="webhook.id", index=True)
    delivery_id: str = Field(max_length=36, unique=True)
    event: str = Field(max_length=32)
    body: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="pending", max_length=16, index=True)
    attempts: int = 0
    next_try_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))  # None: at once
    lease_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    delivered_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    problem: str = Field(default="", max_length=64)
