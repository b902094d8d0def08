"""Locale-aware formatting of dates, numbers and bars for every renderer."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from prompts import t


@lru_cache(maxsize=1024)  # the texts never change in a running process, and a tick formats the same few weeks
def human_date(locale: str, day: date) -> str:
    weekdays = t(locale, "common.weekdays").split(",")
    months = t(locale, "common.months").split(",")
    return t(locale, "common.date_format", weekday=weekdays[day.weekday()], day=day.day, month=months[day.month - 1])


def human_moment(locale: str, moment: datetime) -> str:
    """A local moment as "on Tue 6 Oct at 09:00"."""
    return t(locale, "common.at_time", date=human_date(locale, moment.date()), time=moment.strftime("%H:%M"))


def number(locale: str, value: float | None) -> str:
    """42, 3.5 or 3,5: whole numbers without decimals, Dutch with a decimal comma."""
    if value is None:
        return "–"
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}".rstrip("0")
    return text.replace(".", ",") if locale == "nl" else text


def bar(progress: float, width: int = 10) -> str:
    """A progress bar of block characters, e.g. ▓▓▓▓░░░░░░ for 0.4."""
    filled = round(max(0.0, min(1.0, progress)) * width)
    return "▓" * filled + "░" * (width - filled)


def percent(progress: float) -> str:
    return f"{round(progress * 100)}%"
