"""Days and choices as people type them, in English or Dutch whatever their language: ``away 24 december``,
``away 24-12-2026``, ``away vrijdag``, ``away 2026-12-20 tot 3 januari``, ``snooze morgen``.

Numeric dates are read day first (24-12-2026, 24/12/2026), as both Dutch and British people write them; the ISO form
2026-12-24 works too. A day without a year is the first such day on or after the day it is counted from.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from prompts import LOCALES, t

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{4}))?")
_YEAR = re.compile(r"\d{4}")
_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th|e)?,?")


def _words(key: str) -> list[str]:
    return [w for locale in LOCALES for w in t(locale, f"words.{key}").split(",")]


def _names(key: str) -> dict[str, int]:
    """Full names and their usual short forms in both languages ("december", "dec", "mrt", "okt", "sept")."""
    found: dict[str, int] = {}
    for locale in LOCALES:
        for index, name in enumerate(t(locale, f"words.{key}").lower().split(",")):
            found[name] = index
            found.setdefault(name[:3], index)
    if key == "month_names":
        found.update({"mrt": 2, "sept": 8, "okt": 9})
    else:  # Dutch weekdays are shortened to two letters: ma, di, wo, do, vr, za, zo
        found.update({name: i for i, name in enumerate(("ma", "di", "wo", "do", "vr", "za", "zo"))})
    return found


def snooze_choice(text: str) -> str | None:
    """``2h`` or ``tomorrow`` for what someone typed after snooze, in either language; None for anything else."""
    typed = " ".join(text.lower().split())
    for choice in ("2h", "tomorrow"):
        if typed in _words(f"snooze_{choice}"):
            return choice
    return None


def parse_day(text: str, *, on_or_after: date) -> date | None:
    """The day ``text`` names, or None. Weekday names mean the first such day after ``on_or_after``."""
    typed = " ".join(text.lower().replace(",", " ").split())
    if typed in _words("today"):
        return on_or_after
    if typed in _words("tomorrow"):
        return on_or_after + timedelta(days=1)
    weekdays = _names("weekday_names")
    if typed in weekdays:
        return on_or_after + timedelta(days=(weekdays[typed] - on_or_after.weekday() - 1) % 7 + 1)
    if match := _ISO.fullmatch(typed):
        return _day(int(match[1]), int(match[2]), int(match[3]))
    if match := _NUMERIC.fullmatch(typed):
        return _dated(int(match[1]), int(match[2]), match[3], on_or_after)
    return _named(typed.split(), on_or_after)


def parse_days(text: str, *, today: date) -> tuple[date | None, date] | None:
    """``(first, last)`` from ``DAY`` (first None: from today) or ``FIRST [to] LAST``; None when it reads as no day."""
    words = " ".join(text.lower().split()).replace("tot en met", "t/m").split()
    if not words:
        return None
    if (single := parse_day(" ".join(words), on_or_after=today)) is not None:
        return None, single
    range_words = _words("range_words")
    for cut in range(1, len(words)):
        first = parse_day(" ".join(words[:cut]), on_or_after=today)
        rest = words[cut + 1:] if words[cut] in range_words else words[cut:]
        if first is not None and rest:
            last = parse_day(" ".join(rest), on_or_after=first)
            if last is not None:
                return first, last
    return None


def _named(words: list[str], on_or_after: date) -> date | None:
    """24 december [2026], december 24 [2026]."""
    year = words.pop() if len(words) == 3 and _YEAR.fullmatch(words[-1]) else None
    if len(words) != 2:
        return None
    months = _names("month_names")
    for day_word, month_word in (words, words[::-1]):
        match = _DAY.fullmatch(day_word)
        if match and month_word.rstrip(".") in months:
            return _dated(int(match[1]), months[month_word.rstrip(".")] + 1, year, on_or_after)
    return None


def _dated(day: int, month: int, year: str | None, on_or_after: date) -> date | None:
    if year is not None:
        return _day(int(year), month, day)
    found = _day(on_or_after.year, month, day)
    if found is not None and found < on_or_after:
        found = _day(on_or_after.year + 1, month, day)
    return found


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
