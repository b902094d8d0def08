"""Settings from the environment. Secrets are read here and never printed."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.engine import make_url

from handlers.webhook_schema import ALL_EVENTS, WebhookIn
from models.db import DEFAULT_DATABASE_URL

SECRET_SUFFIXES = ("_TOKEN", "_SECRET", "_PASSWORD", "_KEY")


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default=DEFAULT_DATABASE_URL, repr=False)
    log_level: str = "INFO"
    tick_seconds: int = 60
    host: str = "127.0.0.1"
    port: int = 3000
    min_respondents: int = 3
    chart_dir: Path = Path("charts")  # where the console and terminal edges write a message's charts
    org_channel: str = ""  # the channel that gets the organisation's recap; empty: no organisation recap
    webhook_url: str = ""  # an outgoing webhook set by the environment (models/webhook_store.py); empty: none
    webhook_events: tuple[str, ...] = ()
    # Slack
    slack_bot_token: str = field(default="", repr=False)
    slack_signing_secret: str = field(default="", repr=False)
    slack_app_token: str = field(default="", repr=False)
    slack_api_url: str = "https://slack.com/api/"
    slack_client_id: str = ""
    slack_client_secret: str = field(default="", repr=False)
    slack_posts_per_minute: int = 300
    # Microsoft Teams
    microsoft_app_id: str = ""
    microsoft_app_password: str = field(default="", repr=False)
    microsoft_app_tenant_id: str = ""
    microsoft_app_type: str = "MultiTenant"
    teams_local: bool = False
    # AI coach (any OpenAI-compatible server)
    openai_api_key: str = field(default="", repr=False)
    openai_base_url: str = ""
    model: str = "gpt-4o-mini"
    ai_timeout_seconds: float = 20.0
    secrets: Mapping[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        database_url = env.get("DATABASE_URL", DEFAULT_DATABASE_URL)
        secrets = {k: v for k, v in env.items() if k.endswith(SECRET_SUFFIXES) and v}
        password = make_url(database_url).password
        if password:
            secrets["DATABASE_URL password"] = password
        get = env.get
        return cls(
            database_url=database_url,
            log_level=get("OKRBOT_LOG_LEVEL", "INFO").upper(),
            tick_seconds=int(get("OKRBOT_TICK_SECONDS", "60")),
            host=get("HOST", "127.0.0.1"),
            port=int(get("PORT", "3000")),
            min_respondents=int(get("OKRBOT_MIN_RESPONDENTS", "3")),
            chart_dir=Path(get("OKRBOT_CHART_DIR", "charts")),
            org_channel=get("OKRBOT_ORG_CHANNEL", "").strip(),
            **_webhook(get("OKRBOT_WEBHOOK_URL", "").strip(), get("OKRBOT_WEBHOOK_EVENTS", "")),
            slack_bot_token=get("SLACK_BOT_TOKEN", ""),
            slack_signing_secret=get("SLACK_SIGNING_SECRET", ""),
            slack_app_token=get("SLACK_APP_TOKEN", ""),
            slack_api_url=get("SLACK_API_URL", "https://slack.com/api/"),
            slack_client_id=get("SLACK_CLIENT_ID", ""),
            slack_client_secret=get("SLACK_CLIENT_SECRET", ""),
            slack_posts_per_minute=int(get("OKRBOT_SLACK_POSTS_PER_MINUTE", "300")),
            microsoft_app_id=get("MICROSOFT_APP_ID", ""),
            microsoft_app_password=get("MICROSOFT_APP_PASSWORD", ""),
            microsoft_app_tenant_id=get("MICROSOFT_APP_TENANT_ID", ""),
            microsoft_app_type=get("MICROSOFT_APP_TYPE", "MultiTenant"),
            teams_local=get("TEAMS_LOCAL", "") in ("1", "true", "yes"),
            openai_api_key=get("OPENAI_API_KEY", ""),
            openai_base_url=get("OPENAI_BASE_URL", ""),
            model=get("OKRBOT_MODEL", "gpt-4o-mini"),
            ai_timeout_seconds=float(get("OKRBOT_AI_TIMEOUT", "20")),
            secrets=secrets,
        )

    @property
    def slack_enabled(self) -> bool:
        return bool((self.slack_bot_token or self.slack_client_id) and self.slack_signing_secret) or bool(
            self.slack_app_token and self.slack_bot_token)

    @property
    def teams_enabled(self) -> bool:
        return bool(self.microsoft_app_id) or self.teams_local

    def redacted_url(self) -> str:
        """The database URL with any password masked, for logs."""
        return make_url(self.database_url).render_as_string(hide_password=True)


def _webhook(url: str, events: str) -> dict:
    """OKRBOT_WEBHOOK_URL and OKRBOT_WEBHOOK_EVENTS (comma-separated, default all), checked like the file's."""
    if not url:
        return {}
    wanted = [e.strip() for e in events.split(",") if e.strip()] or list(ALL_EVENTS)
    try:
        hook = WebhookIn(url=url, secret_env="OKRBOT_WEBHOOK_SECRET", events=wanted)
    except ValidationError as error:
        reasons = "; ".join(e["msg"].removeprefix("Value error, ") for e in error.errors())
        raise ValueError(f"OKRBOT_WEBHOOK_URL / OKRBOT_WEBHOOK_EVENTS: {reasons}") from None
    return {"webhook_url": hook.url, "webhook_events": tuple(hook.events)}
