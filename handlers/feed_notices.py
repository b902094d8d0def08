"""What a source's owner is told: once when it starts failing, once when it works again, and once per excursion of
a KPI out of its healthy corridor. Pure functions from plain data to messages."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.messages import Message, Text
from prompts import t
from prompts.formatting import amount, human_moment

PROBLEMS = {"timeout", "http", "connect", "too_big", "env", "not_json", "no_match", "not_number", "not_one_number",
            "dsn_kind", "query", "file", "no_cell", "config", "address", "redirects"}


def problem_text(locale: str, problem: str) -> str:
    """A stored problem ("http:503", "env:CRM_TOKEN", "timeout") in words; its detail is never a secret."""
    code, _, detail = problem.partition(":")
    return t(locale, f"feeds.problem_{code}", detail=detail) if code in PROBLEMS else t(locale, "feeds.problem_other")


def every_text(locale: str, minutes: int) -> str:
    """"every 6 hours", "every day" ("elk uur" but "elke dag": the whole phrase is the locale's)."""
    if minutes % 1440 == 0:
        days = minutes // 1440
        return t(locale, "feeds.every_day") if days == 1 else t(locale, "feeds.every_days", n=days)
    if minutes % 60 == 0:
        hours = minutes // 60
        return t(locale, "feeds.every_hour") if hours == 1 else t(locale, "feeds.every_hours", n=hours)
    return t(locale, "feeds.every_minutes", n=minutes)


def failing_message(*, locale: str, title: str, source: str, problem: str, since: datetime, tz: str,
                    every_minutes: int) -> Message:
    text = t(locale, "feeds.failing", title=title, source=source, problem=problem_text(locale, problem),
             since=human_moment(locale, _local(since, tz)), every=every_text(locale, every_minutes))
    return Message("feed_failing", locale, (Text(text),))


def recovered_message(*, locale: str, title: str, source: str, value: float, unit: str) -> Message:
    text = t(locale, "feeds.recovered", title=title, source=source, value=amount(locale, value, unit))
    return Message("feed_recovered", locale, (Text(text),))


def corridor_text(locale: str, low: float | None, high: float | None, unit: str) -> str:
    if low is not None and high is not None:
        return t(locale, "feeds.corridor_between", low=amount(locale, low, unit), high=amount(locale, high, unit))
    if low is not None:
        return t(locale, "feeds.corridor_above", low=amount(locale, low, unit))
    return t(locale, "feeds.corridor_below", high=amount(locale, high, unit))


def kpi_outside_message(*, locale: str, name: str, value: float, unit: str, low: float | None,
                        high: float | None) -> Message:
    text = t(locale, "feeds.kpi_outside", name=name, value=amount(locale, value, unit),
             corridor=corridor_text(locale, low, high, unit))
    return Message("kpi_outside", locale, (Text(text),))


def _local(moment: datetime, tz: str) -> datetime:
    return moment.astimezone(ZoneInfo(tz))
