"""Settings from the environment. Secrets are read here and never printed."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from models.db import DEFAULT_DATABASE_URL


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    log_level: str = "INFO"
    tick_seconds: int = 60
    secrets: Mapping[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        return cls(
            database_url=env.get("DATABASE_URL", DEFAULT_DATABASE_URL),
            log_level=env.get("OKRBOT_LOG_LEVEL", "INFO").upper(),
            tick_seconds=int(env.get("OKRBOT_TICK_SECONDS", "60")),
            secrets={k: v for k, v in env.items() if k.endswith(("_TOKEN", "_SECRET", "_PASSWORD", "_KEY"))},
        )

    def redacted_url(self) -> str:
        """The database URL with any password masked, for logs."""
        from sqlalchemy.engine import make_url

        return make_url(self.database_url).render_as_string(hide_password=True)
