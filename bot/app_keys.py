"""The typed keys of what the aiohttp server keeps for its handlers (aiohttp's AppKey instead of plain strings)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from aiohttp import web

from models.db import SessionFactory

if TYPE_CHECKING:  # bot.api imports these keys: its types are named here for readers and type checkers only
    from bot.api.limits import RateLimits

SESSIONS = web.AppKey("sessions", SessionFactory)
API_CLOCK: web.AppKey[Callable[[], datetime]] = web.AppKey("api_clock")
API_LIMITS: web.AppKey[RateLimits] = web.AppKey("api_limits")
