"""The recap's pictures as small PNGs: progress and confidence per key result over the weeks.

Drawn on a ``Figure`` of its own with the Agg canvas (no pyplot and its global state). The same data always gives
the same bytes: no timestamp or version goes into the file. Colours only tell key results apart; none of them
means good or bad.

A quarter's recaps are a chart per team, so drawing must be cheap: a team figure is laid out once and kept for the
next chart, and its axes, grid, ticks and axis labels, drawn once, are kept as a background image. A chart restores that
background and draws only its lines, legend and title on top, in the order a full draw would (so the pixels are
the same as a full draw's). Drawing holds the GIL, so threads would only take turns: a ``ChartDrawer`` expecting
many charts draws them in worker processes.
"""

from __future__ import annotations

import asyncio
import io
import logging
import math
import multiprocessing
from collections.abc import AsyncIterator, Awaitable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from PIL import Image

from handlers.progress import THRESHOLDS
from handlers.recap import KeyResultPath, OrgRecap, TeamRecap
from prompts import t

SIZE = (8, 4.5)  # inches at DPI: 800x450 px, small enough for a Teams message
DPI = 100
PALETTE_COLOURS = 32
TITLE_CHARS = 34
PALETTE = ("#3366aa", "#8866bb", "#996633", "#22aaaa", "#777777", "#aa9922", "#cc6699", "#334477")
COMPRESSION = 8  # zlib level: files 1% bigger than at 9, written in a third of the time
MARGIN = 0.05  # of the weeks shown, left and right of the first and last check-in (matplotlib's own margin)
BACKGROUNDS = 4  # kept per figure: a background is 1.4 MB; teams differ by language, rarely by weeks
WORKERS = 2
PARALLEL_FROM = 48  # charts; below, drawing them here is quicker than starting workers (each imports the app)

log = logging.getLogger(__name__)
_free_figures: list[_TeamFigure] = []  # one per chart drawn at the same moment, usually one


def chart_png(recap: TeamRecap, *, locale: str = "en") -> bytes:
    """Progress (%) per key result over the weeks above, the confidence given (1-10) below, one colour each."""
    try:
        figure = _free_figures.pop()
    except IndexError:  # none free: another thread is drawing with it
        figure = _TeamFigure()
    try:
        return _png(figure.draw(recap, locale))
    finally:
        _free_figures.append(figure)


def org_chart_png(recap: OrgRecap, *, locale: str = "en") -> bytes:
    """The organisation's own key results like a team's; no bars per team, which would read as a league table.
    Empty (no chart) when the period has no organisation objectives."""
    if not recap.objectives:
        return b""
    return chart_png(TeamRecap(0, t(locale, "recap.org_name"), recap.period, recap.objectives), locale=locale)


class ChartDrawer:
    """Draws recap charts off the event loop: in a thread, one at a time, or, when ``many`` are coming, in WORKERS
    processes started at once (so they are ready by the time the first recap is built). Like any spawned process,
    a worker imports the main module, so a script that draws many charts keeps its work under ``if __name__ ==
    "__main__"`` (okrbot's own entry points do); should the workers die, the charts are drawn here."""

    def __init__(self, *, many: bool) -> None:
        self._pool = ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn")) if many else None
        for _ in range(WORKERS if self._pool else 0):
            self._pool.submit(_ready)

    def draw(self, recap: TeamRecap | OrgRecap, locale: str) -> Awaitable[bytes]:
        """The chart's PNG; with workers, drawing starts now, else when awaited."""
        if self._pool is None:
            return asyncio.to_thread(_draw, recap, locale)
        try:
            future = self._pool.submit(_draw, recap, locale)
        except BrokenProcessPool:
            future = None
        return self._result(future, recap, locale)

    @staticmethod
    async def _result(future: Future | None, recap: TeamRecap | OrgRecap, locale: str) -> bytes:
        if future is not None:
            try:
                return await asyncio.wrap_future(future)
            except BrokenProcessPool:
                pass
        log.warning("the chart worker processes stopped; drawing %s here instead", recap.period)
        return await asyncio.to_thread(_draw, recap, locale)

    async def close(self) -> None:
        if self._pool is not None:
            await asyncio.to_thread(self._pool.shutdown, wait=True, cancel_futures=True)


@asynccontextmanager
async def chart_drawer(expected: int) -> AsyncIterator[ChartDrawer]:
    """A drawer for about ``expected`` charts, its workers stopped when done."""
    drawer = ChartDrawer(many=expected >= PARALLEL_FROM)
    try:
        yield drawer
    finally:
        await drawer.close()


def short(title: str) -> str:
    """A key result's title cut to fit a legend."""
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"


def _ready() -> None:
    """Nothing: a worker that runs it has started and imported this module."""


def _draw(recap: TeamRecap | OrgRecap, locale: str) -> bytes:
    if isinstance(recap, OrgRecap):
        return org_chart_png(recap, locale=locale)
    return chart_png(recap, locale=locale)


class _TeamFigure:
    """The team chart's figure, laid out once; the background is drawn again only when its labels or weeks change."""

    def __init__(self) -> None:
        self.figure = Figure(figsize=SIZE, dpi=DPI)
        self.canvas = FigureCanvasAgg(self.figure)
        self.progress, self.confidence = self.figure.subplots(
            2, 1, sharex=True, gridspec_kw={"height_ratios": (3, 2)})
        self.progress.set_ylim(0, 105)
        self.confidence.set_ylim(0.5, 10.5)
        self.confidence.set_yticks([1, 4, 7, 10])
        for axes in (self.progress, self.confidence):
            axes.grid(True, color="#dddddd", linewidth=0.5)
            axes.tick_params(labelsize=7)
        self.title = self.figure.suptitle("", fontsize=10)
        self.figure.subplots_adjust(left=0.08, right=0.66, top=0.9, bottom=0.1, hspace=0.12)
        self.backgrounds: dict[tuple, object] = {}  # axis labels and x axis -> the background drawn with them

    def draw(self, recap: TeamRecap, locale: str) -> FigureCanvasAgg:
        progress, confidence = self.progress, self.confidence
        for line in [*progress.lines, *confidence.lines]:
            line.remove()
        if progress.legend_ is not None:
            progress.legend_.remove()
        paths = [kr for objective in recap.objectives for kr in objective.key_results]
        for index, kr in enumerate(paths):
            colour = PALETTE[index % len(PALETTE)]
            days = date2num([day for day, _, _ in kr.points])
            _plot_progress(progress, kr, days, colour, t(locale, "recap.chart.not_held"))
            confidence.plot(days, [c for _, _, c in kr.points], color=colour, marker="o", markersize=3)
        legend = progress.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False) \
            if paths else None
        self.title.set_text(f"{recap.team} · {recap.period}")
        front = [*progress.lines, *progress.spines.values(), *([legend] if legend else []),
                 *confidence.lines, *confidence.spines.values(), self.title]  # in the order a full draw takes
        background = self._background_for(sorted({day for kr in paths for day, _, _ in kr.points}), locale)
        self.confidence.set_xlim(*background[2])  # where the lines go; the axes share it
        if background in self.backgrounds:
            self.canvas.restore_region(self.backgrounds[background])
        else:
            self._draw_background(background, front)
        renderer = self.canvas.get_renderer()
        for artist in front:
            artist.draw(renderer)
        return self.canvas

    @staticmethod
    def _background_for(days: list, locale: str) -> tuple:
        step = max(1, (len(days) + 6) // 7)  # about seven labels, whatever the cadence
        shown = days[::step]
        return (t(locale, "recap.chart.progress") + " (%)", t(locale, "recap.chart.confidence"),
                _x_limits(date2num(days).tolist() if days else []), tuple(date2num(shown).tolist() if shown else ()),
                tuple(f"{d.day}/{d.month}" for d in shown))

    def _draw_background(self, background: tuple, front: list) -> None:
        progress_label, confidence_label, _, ticks, tick_labels = background
        self.progress.set_ylabel(progress_label, fontsize=8)
        self.confidence.set_ylabel(confidence_label, fontsize=8)
        self.confidence.set_xticks(ticks, tick_labels)
        for artist in front:
            artist.set_visible(False)
        self.canvas.draw()
        for artist in front:
            artist.set_visible(True)
        if len(self.backgrounds) >= BACKGROUNDS:
            del self.backgrounds[next(iter(self.backgrounds))]
        self.backgrounds[background] = self.canvas.copy_from_bbox(self.figure.bbox)


def _plot_progress(axes, kr: KeyResultPath, days, colour: str, not_held: str) -> None:
    """An increase, decrease or milestone as a line of its progress. A threshold is held or not, never partly: a
    line at 100% where it held, broken where it did not, with a cross on 0% for each week it did not hold (a line
    jumping between 0 and 100 would read as progress made and lost); the crosses get a legend entry of their own."""
    if kr.kind not in THRESHOLDS:
        axes.plot(days, [p * 100 for _, p, _ in kr.points], color=colour, marker="o", markersize=3,
                  label=short(kr.title))
        return
    held = [100.0 if p >= 1 else math.nan for _, p, _ in kr.points]
    axes.plot(days, held, color=colour, marker="o", markersize=3, linewidth=2.5, label=short(kr.title))
    missed = [0.0 if p < 1 else math.nan for _, p, _ in kr.points]
    if any(p < 1 for _, p, _ in kr.points):
        axes.plot(days, missed, color=colour, marker="x", markersize=5, linestyle="none", clip_on=False,
                  label=not_held)


def _x_limits(days: list[float]) -> tuple[float, float]:
    """The first and last check-in with a margin; a single check-in in the middle of a week."""
    if not days:
        return 0.0, 1.0
    low, high = days[0], days[-1]
    if low == high:
        low, high = low - 3.5, high + 3.5
    margin = (high - low) * MARGIN
    return low - margin, high + margin


def _png(canvas: FigureCanvasAgg) -> bytes:
    """The drawn canvas as a PNG of at most PALETTE_COLOURS colours: a line chart loses nothing visible, and the
    file shrinks to a size a Teams message (about 28 KB with its card, base64 included) can carry."""
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    palette = image.convert("RGB").quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette.save(buffer, "PNG", compress_level=COMPRESSION)
    return buffer.getvalue()
