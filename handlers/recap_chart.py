"""The recap's pictures as small PNGs: progress and confidence per key result over the weeks, progress per team.

Drawn on a ``Figure`` of its own with the Agg canvas (no pyplot and its global state), so charts can be drawn in
worker threads at once. The same data always gives the same bytes: no timestamp or version goes into the file.
Colours only tell key results apart; none of them means good or bad.
"""

from __future__ import annotations

import io
from datetime import date

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from handlers.recap import OrgRecap, TeamRecap
from prompts import t

SIZE = (8, 4.5)  # inches at DPI: 800x450 px, small enough for a Teams message
DPI = 100
PALETTE_COLOURS = 32
TITLE_CHARS = 34
PALETTE = ("#3366aa", "#8866bb", "#996633", "#22aaaa", "#777777", "#aa9922", "#cc6699", "#334477")


def chart_png(recap: TeamRecap, *, locale: str = "en") -> bytes:
    """Progress (%) per key result over the weeks above, the confidence given (1-10) below, one colour each."""
    figure = Figure(figsize=SIZE, dpi=DPI)
    progress, confidence = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": (3, 2)})
    paths = [kr for objective in recap.objectives for kr in objective.key_results]
    for index, kr in enumerate(paths):
        colour = PALETTE[index % len(PALETTE)]
        days = [day for day, _, _ in kr.points]
        progress.plot(days, [p * 100 for _, p, _ in kr.points], color=colour, marker="o", markersize=3,
                      label=short(kr.title))
        confidence.plot(days, [c for _, _, c in kr.points], color=colour, marker="o", markersize=3)
    progress.set_ylim(0, 105)
    progress.set_ylabel(t(locale, "recap.chart.progress") + " (%)", fontsize=8)
    confidence.set_ylim(0.5, 10.5)
    confidence.set_yticks([1, 4, 7, 10])
    confidence.set_ylabel(t(locale, "recap.chart.confidence"), fontsize=8)
    _date_ticks(confidence, sorted({day for kr in paths for day, _, _ in kr.points}))
    for axes in (progress, confidence):
        axes.grid(True, color="#dddddd", linewidth=0.5)
        axes.tick_params(labelsize=7)
    if paths:
        progress.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
    figure.suptitle(f"{recap.team} · {recap.period}", fontsize=10)
    figure.subplots_adjust(left=0.08, right=0.66, top=0.9, bottom=0.1, hspace=0.12)
    return _png(figure)


def org_chart_png(recap: OrgRecap, *, locale: str = "en") -> bytes:
    """Progress per organisation objective and per team (the average of its own objectives), as bars."""
    rows = [(short(o.title), o.progress) for o in recap.objectives]
    rows += [(line.team, line.average_progress) for line in recap.teams]
    figure = Figure(figsize=SIZE, dpi=DPI)
    axes = figure.subplots()
    positions = list(range(len(rows)))[::-1]
    axes.barh(positions, [p * 100 for _, p in rows], color=PALETTE[0], height=0.6)
    axes.set_yticks(positions, [label for label, _ in rows], fontsize=8)
    for position, (_, value) in zip(positions, rows, strict=True):
        axes.text(value * 100 + 1, position, f"{round(value * 100)}%", va="center", fontsize=7)
    axes.set_xlim(0, 110)
    axes.set_xlabel(t(locale, "recap.chart.progress") + " (%)", fontsize=8)
    axes.tick_params(labelsize=7)
    axes.grid(True, axis="x", color="#dddddd", linewidth=0.5)
    axes.set_axisbelow(True)
    figure.suptitle(t(locale, "recap.org_chart_title", period=recap.period), fontsize=10)
    figure.subplots_adjust(left=0.32, right=0.97, top=0.9, bottom=0.12)
    return _png(figure)


def short(title: str) -> str:
    """A key result's title cut to fit a legend."""
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"


def _date_ticks(axes, days: list[date]) -> None:
    step = max(1, (len(days) + 6) // 7)  # about seven labels, whatever the cadence
    shown = days[::step]
    axes.set_xticks(shown, [f"{d.day}/{d.month}" for d in shown])


def _png(figure: Figure) -> bytes:
    """The figure as a PNG of at most PALETTE_COLOURS colours: a line chart loses nothing visible, and the file
    shrinks to a size a Teams message (about 28 KB with its card, base64 included) can carry."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").quantize(PALETTE_COLOURS, dither=Image.Dither.NONE).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()

