"""Settings from the environment. Secrets are read here and never printed."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.engine import make_url

from models.db import DEFAULT_DATABASE_URL

SECRET_SUFFIXES = ("_TOKEN", "_SECRET", "_PASSWORD", "_KEY")


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default=DEFAULT_DATABASE_URL, repr=False)
    log_level: str = "INFO"
    tick_seconds: int = 60
    secrets: Mapping[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        database_url = env.get("DATABASE_URL", DEFAULT_DATABASE_URL)
        secrets = {k: v for k, v in env.items() if k.endswith(SECRET_SUFFIXES) and v}
        password = make_url(database_url).password
        if password:
            secrets["DATABASE_URL password"] = password
        return cls(
            database_url=database_url,
            log_level=env.get("OKRBOT_LOG_LEVEL", "INFO").upper(),
            tick_seconds=int(env.get("OKRBOT_TICK_SECONDS", "60")),
            secrets=secrets,
        )

    def redacted_url(self) -> str:
        """The database URL with any password masked, for logs."""
        return make_url(self.database_url).render_as_string(hide_password=True)
