"""The one place the process reads the wall clock; everything below it takes ``now``."""

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)
