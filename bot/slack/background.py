"""The Slack edge's background work: see bot/background.py (shared with Teams)."""

from bot.background import Background, Tell

__all__ = ["Background", "Tell"]
