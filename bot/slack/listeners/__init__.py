"""Bolt listeners, one module per kind of request; each has ``register(app, slack)``."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.listeners import actions, commands, events, submissions
from bot.slack.runtime import Slack


def register(app: AsyncApp, slack: Slack) -> None:
    for module in (events, commands, actions, submissions):
        module.register(app, slack)
