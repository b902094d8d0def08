"""The one look of okrbot's charts, and the words on them.

Colours are Okabe and Ito's palette, told apart by people with any common colour-vision deficiency; none of them
means good or bad. Type is sized for the picture shown at half its pixels (a retina screen, or a phone showing it
full width), so the PNG is drawn at DPI pixels per inch: 1600 pixels wide.
"""

from __future__ import annotations

import textwrap
from datetime import date

from handlers.progress import THRESHOLDS
from handlers.recap import KeyResultPath
from prompts import t
from prompts.formatting import typed_number

WIDTH = 8.0  # inches: 1600 pixels at DPI
DPI = 200
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#B8A000")
DASHES = ("-", (0, (4, 1.5)), (0, (1, 1.2)))  # after the eighth key result, the colours come back dashed
INK, MUTED, AXIS, GRID, BAND = "#222222", "#666666", "#bbbbbb", "#e4e4e4", "#dcefe4"
SHADES = (1.0, 0.6, 0.3)  # of a colour on white, for the PNG's palette
TITLE_SIZE, TEXT_SIZE, SMALL_SIZE = 15, 10.5, 9.5  # points
END_LABEL_CHARS = 21  # what fits right of the plot; the legend below has the full title
LEGEND_CHARS = 94  # a legend line of TEXT_SIZE across the figure


def png_palette() -> list[tuple[int, int, int]]:
    """Every colour a chart's PNG may hold: white, the style's colours, and for the darker ones two lighter shades
    (their smoothed edges on white). Shades close to white are left out: white pixels must stay white."""
    colours = [(255, 255, 255)]
    for hex_colour in (*PALETTE, INK, MUTED, AXIS, GRID, BAND):
        rgb = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
        for strength in SHADES:
            shade = tuple(round(255 - (255 - c) * strength) for c in rgb)
            if shade not in colours and min(shade) < 235:
                colours.append(shade)
    return colours


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def dashes(index: int):
    return DASHES[index // len(PALETTE) % len(DASHES)]


def day_label(locale: str, day: date) -> str:
    """A tick's date in words, the same for every reader: "6 Oct" / "6 okt", never "6/10"."""
    return f"{day.day} {t(locale, 'common.months').split(',')[day.month - 1]}"


def amount(locale: str, value: float, unit: str) -> str:
    """A value with its unit as people write it: "96 tickets", "2.1%", "4,5 uur"."""
    written = typed_number(locale, value)
    return f"{written}{unit}" if unit in ("%", "‰") else f"{written} {unit}".rstrip()


def end_label(locale: str, number: int, kr: KeyResultPath) -> str:
    """What the end of a key result's line says: its number in the legend and where it ended ("1 · 96 tickets",
    "2 · 2.1% ✓" for a threshold held, "3 · done" for a milestone)."""
    last = kr.points[-1]
    if kr.kind == "milestone":
        words = t(locale, "charts.done" if last.progress >= 1 else "charts.not_done")
    elif last.value is None:
        words = t(locale, "charts.no_value")
    elif kr.kind in THRESHOLDS:
        words = f"{amount(locale, last.value, kr.unit)} {'✓' if last.progress >= 1 else '✗'}"  # the legend says which
    else:
        words = amount(locale, last.value, kr.unit)
    text = f"{number} · {words}"
    return text if len(text) <= END_LABEL_CHARS else text[: END_LABEL_CHARS - 1].rstrip() + "…"


def legend_lines(locale: str, number: int, kr: KeyResultPath) -> list[str]:
    """The key result's number and full title with what it is read against, wrapped to the figure's width under
    the title's first letter."""
    if kr.kind == "milestone":
        against = t(locale, "charts.milestone")
    else:
        key = f"charts.{kr.kind}" if kr.kind in THRESHOLDS else "charts.target_value"
        against = t(locale, key, target=amount(locale, kr.target, kr.unit))
    if not kr.points:
        against += f", {t(locale, 'charts.no_checkin')}"
    kept_together = against.replace(" ", "\u00a0")  # "(target 120 tickets)" is not split over two lines
    return textwrap.wrap(f"{kr.title}  ({kept_together})", LEGEND_CHARS, initial_indent=f"{number}  ",
                         subsequent_indent="  " * (len(str(number)) + 1))  # a digit is as wide as two spaces


def spread(heights: list[float], gap: float, low: float, high: float) -> list[float]:
    """Label heights moved apart by at least ``gap``, as little as possible, kept between ``low`` and ``high``
    where they fit; in the order given."""
    order = sorted(range(len(heights)), key=lambda i: heights[i])
    placed = [heights[i] for i in order]
    for i in range(len(placed)):
        floor = low if i == 0 else placed[i - 1] + gap
        placed[i] = max(placed[i], floor)
    overflow = placed[-1] - high if placed else 0
    if overflow > 0:  # pushed past the top: move the stack down, no lower than ``low``
        placed[-1] -= overflow
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = max(low, min(placed[i], placed[i + 1] - gap))
    result = [0.0] * len(heights)
    for slot, i in enumerate(order):
        result[i] = placed[slot]
    return result
