"""A recap chart's figure: each key result's way toward its target above, the confidence given below, and a numbered
legend with the full titles underneath (an end label on each line carries the number and where it ended).

Drawn on a ``Figure`` of its own with the Agg canvas (no pyplot and its global state). A quarter's recaps are a chart
per team, so drawing must be cheap: a figure is laid out once per legend height and kept; its axes, grid, ticks,
target line and notes, drawn once, are kept as a background image per language and weeks. A chart restores that
background and draws only its own band, lines and texts on top: the same pixels whichever chart came before.
"""

from __future__ import annotations

import math

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory

from handlers import chart_style as s
from handlers.progress import THRESHOLDS
from handlers.recap import KeyResultPath, TeamRecap
from prompts import t

# The layout in inches, top down: title and a note, the progress panel, the confidence panel, the dates, the legend.
LEFT, RIGHT = 0.7, 1.95
PROGRESS_TOP, PROGRESS_HEIGHT = 1.0, 2.0
CONFIDENCE_TOP, CONFIDENCE_HEIGHT = 3.42, 0.8
LEGEND_TOP, LINE, GAP, BOTTOM = 4.62, 0.2, 0.05, 0.12
PROGRESS_LIMITS = (-12.0, 112.0)  # percent: a milestone not yet done shows above the axis, not on it
LABEL_GAP = 8.5  # percent of the progress axis between two end labels: one line of SMALL_SIZE
TICKS = 6  # dates on the x axis, about
BACKGROUNDS = 2  # kept per figure, the last used: one is 7 MB; teams differ by language, rarely by weeks


def height(lines: int, key_results: int) -> float:
    return LEGEND_TOP + lines * LINE + key_results * GAP + BOTTOM


def legend_size(recap: TeamRecap, locale: str) -> tuple[int, int]:
    """The lines of the recap's legend and its key results: the figure it is drawn on."""
    paths = [kr for objective in recap.objectives for kr in objective.key_results]
    return sum(len(s.legend_lines(locale, number, kr)) for number, kr in enumerate(paths, start=1)), len(paths)


class ChartFigure:
    """A figure for a legend of ``lines`` lines over ``key_results`` key results."""

    def __init__(self, lines: int, key_results: int) -> None:
        self.inches = height(lines, key_results)
        self.figure = Figure(figsize=(s.WIDTH, self.inches), dpi=s.DPI, facecolor="white")
        self.canvas = FigureCanvasAgg(self.figure)
        self.progress = self.figure.add_axes(self._box(PROGRESS_TOP, PROGRESS_HEIGHT))
        self.confidence = self.figure.add_axes(self._box(CONFIDENCE_TOP, CONFIDENCE_HEIGHT), sharex=self.progress)
        self._style()
        self.note = self.figure.text(0.02, self._y(0.5), "", fontsize=s.SMALL_SIZE, color=s.MUTED, va="top")
        self.front: list = []
        self.backgrounds: dict[tuple, object] = {}

    def _box(self, top: float, tall: float) -> tuple[float, float, float, float]:
        return (LEFT / s.WIDTH, 1 - (top + tall) / self.inches, 1 - (LEFT + RIGHT) / s.WIDTH, tall / self.inches)

    def _y(self, inches_from_top: float) -> float:
        return 1 - inches_from_top / self.inches

    def _style(self) -> None:
        self.progress.set_ylim(*PROGRESS_LIMITS)
        self.confidence.set_ylim(0.3, 10.7)
        self.confidence.set_yticks([1, 5, 10])
        for axes in (self.progress, self.confidence):
            axes.set_axisbelow(True)
            axes.grid(True, axis="y", color=s.GRID, linewidth=1)
            axes.tick_params(labelsize=s.SMALL_SIZE, colors=s.MUTED, length=0, pad=6)
            for side in ("top", "right", "left"):
                axes.spines[side].set_visible(False)
            axes.spines["bottom"].set_color(s.AXIS)
        self.progress.tick_params(axis="x", labelbottom=False)
        self.target = {"color": s.MUTED, "linewidth": 1.2, "linestyle": (0, (5, 3)), "zorder": 1}
        self.progress.axhline(100, **self.target)

    def draw(self, recap: TeamRecap, locale: str) -> FigureCanvasAgg:
        """The recap's chart on the canvas; its figure must be of the recap's ``legend_size``."""
        for artist in self.front:
            artist.remove()
        paths = [kr for objective in recap.objectives for kr in objective.key_results]
        days = sorted({p.day for kr in paths for p in kr.points})
        band = any(objective.type == "aspirational" and objective.key_results for objective in recap.objectives)
        self.front = (self._band(locale) if band else []) + self._lines(paths, locale) + \
            self._texts(recap, paths, days, locale)
        note = t(locale, "charts.one_checkin", day=s.day_label(locale, days[0])) if len(days) == 1 \
            else t(locale, "charts.subtitle")  # the same for most charts: drawn with the background
        background = (locale, note, *_x_axis(days, locale))
        self.confidence.set_xlim(*background[2])  # where the lines go; the axes share it
        if background in self.backgrounds:
            self.backgrounds[background] = self.backgrounds.pop(background)  # the last used is kept longest
            self.canvas.restore_region(self.backgrounds[background])
        else:
            self._draw_background(background)
        renderer = self.canvas.get_renderer()
        for artist in self.front:
            artist.draw(renderer)
        return self.canvas

    def _lines(self, paths: list[KeyResultPath], locale: str) -> list:
        drawn, ends = [], []
        for index, kr in enumerate(paths):
            if not kr.points:
                continue
            days = date2num([p.day for p in kr.points])
            side = index - (len(paths) - 1) / 2  # lines that run together lie side by side, not on top
            drawn += _progress(self.progress, kr, days, side * min(1.8, 9 / len(paths)), index, len(days) == 1)
            drawn += self.confidence.plot(days, [p.confidence + side * min(0.14, 1 / len(paths)) for p in kr.points],
                                          color=s.colour(index),
                                          linestyle=s.dashes(index), linewidth=1.6, marker="o", markersize=3.5,
                                          zorder=3)
            ends.append((index, kr))
        heights = s.spread([_end_height(kr) for _, kr in ends], LABEL_GAP, *PROGRESS_LIMITS)
        where = blended_transform_factory(self.progress.transAxes, self.progress.transData)
        for (index, kr), y in zip(ends, heights, strict=True):
            drawn.append(self.progress.text(1.02, y, s.end_label(locale, index + 1, kr), transform=where,
                                            color=s.colour(index), fontsize=s.SMALL_SIZE, fontweight="bold",
                                            va="center", clip_on=False))
        return drawn

    def _texts(self, recap: TeamRecap, paths: list[KeyResultPath], days: list, locale: str) -> list:
        texts = [self.figure.text(0.02, self._y(0.14), f"{recap.team} · {recap.period}", fontsize=s.TITLE_SIZE,
                                  fontweight="bold", color=s.INK, va="top")]
        top = LEGEND_TOP
        for index, kr in enumerate(paths):  # a line of the key result's colour and style, its number and title
            lines = s.legend_lines(locale, index + 1, kr)
            swatch = Line2D([0.16 / s.WIDTH, 0.46 / s.WIDTH], [self._y(top + 0.09)] * 2, color=s.colour(index),
                            linestyle=s.dashes(index), linewidth=2.4, transform=self.figure.transFigure)
            texts += [self.figure.add_artist(swatch), self.figure.text(
                0.56 / s.WIDTH, self._y(top), "\n".join(lines), color=s.INK, fontsize=s.TEXT_SIZE, va="top",
                linespacing=LINE * 72 / s.TEXT_SIZE / 1.2)]
            top += len(lines) * LINE + GAP
        return texts

    def _band(self, locale: str) -> list:
        """An aspirational objective's band from 70% (a good result) to the target, under the lines; drawn with them
        (over the background), so the target line goes on top again."""
        left = _left_data(self.progress)
        return [self.progress.axhspan(70, 100, color=s.BAND, linewidth=0, zorder=0),
                self.progress.text(0.005, 71.5, t(locale, "charts.good_band"), transform=left, fontsize=s.SMALL_SIZE,
                                   color=s.MUTED, va="bottom", zorder=1),
                self.progress.axhline(100, **self.target)]

    def _draw_background(self, background: tuple) -> None:
        locale, note, limits, ticks, labels = background
        self.note.set_text(note)
        self.progress.set_yticks([0, 50, 100], ["0%", "50%", t(locale, "charts.target")])
        self.progress.set_title(t(locale, "charts.progress"), loc="left", fontsize=s.TEXT_SIZE, color=s.INK, pad=8)
        self.confidence.set_title(t(locale, "charts.confidence"), loc="left", fontsize=s.TEXT_SIZE, color=s.INK,
                                  pad=8)
        self.confidence.set_xlim(*limits)
        self.confidence.set_xticks(ticks, labels)
        for artist in self.front:
            artist.set_visible(False)
        self.canvas.draw()
        for artist in self.front:
            artist.set_visible(True)
        if len(self.backgrounds) >= BACKGROUNDS:
            del self.backgrounds[next(iter(self.backgrounds))]
        self.backgrounds[background] = self.canvas.copy_from_bbox(self.figure.bbox)


def _left_data(axes):
    return blended_transform_factory(axes.transAxes, axes.transData)


def _progress(axes, kr: KeyResultPath, days, offset: float, index: int, alone: bool) -> list:
    """An increase or decrease as the share of the way from baseline to target; a milestone as a step from not done
    (open dots just above the axis) to done; a threshold held or not, never partly: a line at 100% where it held,
    broken where it did not, with a cross at 0% for each week it did not hold (a line jumping between 0 and 100
    would read as progress made and lost). Thresholds and milestones, which sit on 0% or 100% like others that got
    there, are moved ``offset`` up or down; a lone check-in is a big dot."""
    style = {"color": s.colour(index), "zorder": 3, "clip_on": False}
    if alone:
        style["markersize"] = 9
    dashes = s.dashes(index)
    if kr.kind in THRESHOLDS:
        held = [100.0 + offset if p.progress >= 1 else math.nan for p in kr.points]
        missed = [offset if p.progress < 1 else math.nan for p in kr.points]
        return [*axes.plot(days, held, linestyle=dashes, linewidth=2.6, marker="o", **{"markersize": 5, **style}),
                *axes.plot(days, missed, linestyle="none", marker="x", markeredgewidth=2.2,
                           **{"markersize": 8, **style})]
    if kr.kind == "milestone":
        heights = [p.progress * 100 + offset for p in kr.points]
        done = [100.0 + offset if p.progress >= 1 else math.nan for p in kr.points]
        return [*axes.plot(days, heights, drawstyle="steps-post", linestyle=dashes, linewidth=2.4, marker="o",
                           markerfacecolor="white", markeredgewidth=1.8, **{"markersize": 6, **style}),
                *axes.plot(days, done, linestyle="none", marker="o", **{"markersize": 6, **style})]
    return axes.plot(days, [p.progress * 100 for p in kr.points], linestyle=dashes, linewidth=2.4, marker="o",
                     **{"markersize": 4, **style})


def _end_height(kr: KeyResultPath) -> float:
    return 100.0 if kr.kind in THRESHOLDS and kr.points[-1].progress >= 1 else kr.points[-1].progress * 100


def _x_axis(days: list, locale: str) -> tuple:
    """The x limits (the first and last check-in with a margin; one check-in in the middle of a week), about TICKS
    dates and their labels."""
    numbers = date2num(days).tolist() if days else [0.0]
    low, high = numbers[0], numbers[-1]
    if low == high:
        low, high = low - 3.5, high + 3.5
    margin = (high - low) * 0.04
    step = max(1, math.ceil(len(days) / TICKS))
    shown = days[::step]
    return ((low - margin, high + margin), tuple(date2num(shown).tolist() if shown else ()),
            tuple(s.day_label(locale, day) for day in shown))
