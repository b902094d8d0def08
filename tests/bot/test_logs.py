"""Secrets from the environment never reach a log line or a logged traceback."""

from __future__ import annotations

import logging

from bot.logs import RedactSecrets
from bot.settings import Settings


def test_a_token_in_a_message_or_a_traceback_is_masked(caplog):
    settings = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-very-secret-123", "DATABASE_URL": "sqlite://"})
    log = logging.getLogger("test.redact")
    log.addFilter(RedactSecrets(settings.secrets.values()))
    with caplog.at_level(logging.INFO, logger="test.redact"):
        log.info("calling with %s", "xoxb-very-secret-123")
        try:
            raise RuntimeError("bad token xoxb-very-secret-123")
        except RuntimeError:
            log.exception("failed")
    text = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert "xoxb-very-secret-123" not in text
    assert "calling with ***" in text and "bad token ***" in text


def test_the_database_password_is_hidden_when_the_url_is_shown():
    settings = Settings.from_env({"DATABASE_URL": "postgresql+asyncpg://okr:hunter22@db:5432/okrbot"})
    assert "hunter22" not in settings.redacted_url()
    assert "hunter22" not in repr(settings)
    assert "hunter22" in settings.secrets.values(), "so the log filter masks it too"
