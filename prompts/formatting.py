"""Locale-aware formatting of dates, numbers and bars for every renderer."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from prompts import t

TIGHT_UNITS = ("%", "‰", "°")  # written against the number: 99.95%
TYPED_PLACES = 6  # enough for any number a person types; float noise (0.1 + 0.2) starts further down


@lru_cache(maxsize=1024)  # the texts never change in a running process, and a tick formats the same few weeks
def human_date(locale: str, day: date) -> str:
    weekdays = t(locale, "common.weekdays").split(",")
    months = t(locale, "common.months").split(",")
    return t(locale, "common.date_format", weekday=weekdays[day.weekday()], day=day.day, month=months[day.month - 1])


def human_moment(locale: str, moment: datetime) -> str:
    """A local moment as "on Tue 6 Oct at 09:00"."""
    return t(locale, "common.at_time", date=human_date(locale, moment.date()), time=moment.strftime("%H:%M"))


def rounded(value: float, places: int = 1) -> float:
    """``value`` rounded half up, as people round: 6.25 is 6.3 (Python's round() gives 6.2)."""
    step = Decimal(1).scaleb(-places)
    return float(Decimal(repr(float(value))).quantize(step, ROUND_HALF_UP))


def number(locale: str, value: float | None) -> str:
    """A number the bot worked out (an average, a mean confidence) as people write it: one decimal at most, no
    trailing ",0", the locale's decimal mark: 42, 5.5 in English, 5,5 in Dutch."""
    return _written(locale, None if value is None else rounded(value))


def typed_number(locale: str, value: float | None) -> str:
    """A number someone typed (a key result's value, baseline or target) with the digits they gave: 99.95% uptime
    is not 100%. Only float noise goes, and the trailing zeros; the locale's decimal mark."""
    return _written(locale, None if value is None else rounded(value, TYPED_PLACES))


def amount(locale: str, value: float, unit: str = "") -> str:
    """A typed value with its unit as people write it: "39 h", "5,9 uur", "99.95%" (a sign hugs the number)."""
    number_text = typed_number(locale, value)
    if not unit:
        return number_text
    return f"{number_text}{unit}" if unit in TIGHT_UNITS else f"{number_text} {unit}"


def measure(locale: str, value: float | None, target: float, unit: str = "", kind: str = "increase") -> str:
    """Where a key result stands, as people write it: "39 h → target 4 h", "7.2 (stays above 7 ✓)", "done".

    A threshold nobody reported on yet has no value: "no value yet (should stay above 7)"."""
    if kind == "milestone":
        return t(locale, "report.done") if (value or 0) >= 1 else t(locale, "report.not_done")
    if kind in ("stay_above", "stay_below"):
        side = kind.removeprefix("stay_")
        limit = amount(locale, target, unit if unit in TIGHT_UNITS else "")
        if value is None:
            return t(locale, f"words.unobserved_{side}", target=limit)
        held = value >= target if side == "above" else value <= target
        return t(locale, f"words.{'held' if held else 'missed'}_{side}", value=amount(locale, value, unit),
                 target=limit)
    now = t(locale, "words.no_value") if value is None else amount(locale, value, unit)
    reached = value is not None and (value >= target if kind == "increase" else value <= target)
    return t(locale, "words.towards", value=now, target=amount(locale, target, unit)) + (" ✓" if reached else "")


def day_in_words(locale: str, day: date, today: date | None = None) -> str:
    """A day in a sentence: "24 December" (nl "24 december"), with the year when it is not ``today``'s year."""
    month = t(locale, "words.month_names").split(",")[day.month - 1]
    if today is None or day.year == today.year:
        return t(locale, "words.day", day=day.day, month=month)
    return t(locale, "words.day_year", day=day.day, month=month, year=day.year)


def clip(text: str, limit: int) -> str:
    """``text`` on one line in at most ``limit`` characters, cut at a word boundary with an ellipsis: never "ea"
    for "easier". A first word longer than the limit is cut inside, as nothing else fits."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if line[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-—–") + "…"


def _written(locale: str, value: float | None) -> str:
    if value is None:
        return "–"
    text = format(Decimal(repr(value)).normalize(), "f")
    text = "0" if text in ("-0", "0") else text
    return text.replace(".", ",") if locale == "nl" else text


def bar(progress: float, width: int = 10) -> str:
    """A progress bar of block characters, e.g. ▓▓▓▓░░░░░░ for 0.4."""
    filled = int(rounded(max(0.0, min(1.0, progress)) * width, 0))
    filled = width - 1 if filled == width and progress < 1 else filled  # a full bar means done, as 100% does
    return "▓" * filled + "░" * (width - filled)


def whole_percent(progress: float) -> int:
    """Progress as a whole percentage, rounded half up; 100 only when it is all there (99.6% reads 99, not 100)."""
    shown = int(rounded(progress * 100, 0))
    return 99 if shown == 100 and progress < 1 else shown


def percent(progress: float) -> str:
    return f"{whole_percent(progress)}%"
