"""The recap's pictures as PNGs: each key result's way toward its target and the confidence given, per team and
for the organisation (drawn by handlers/chart_figure.py in the style of handlers/chart_style.py).

The same data always gives the same bytes: no timestamp or version goes into the file. Drawing holds the GIL, so
threads would only take turns: a ``ChartDrawer`` expecting many charts draws them in worker processes.
"""

from __future__ import annotations

import asyncio
import io
import logging
import multiprocessing
from collections.abc import AsyncIterator, Awaitable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from functools import cache
from typing import TYPE_CHECKING

from handlers import chart_style
from handlers.recap import OrgRecap, TeamRecap
from prompts import t

if TYPE_CHECKING:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    from handlers.chart_figure import ChartFigure

COMPRESSION = 4  # zlib level: files a tenth bigger than at 6, written in half the time
FIGURES = 4  # legend heights kept laid out (with their backgrounds); teams' legends differ little
WORKERS = 2
PARALLEL_FROM = 48  # charts; below, drawing them here is quicker than starting workers (each imports the app)

log = logging.getLogger(__name__)
_free_figures: dict[tuple[int, int], list[ChartFigure]] = {}  # by legend size; one per chart drawn at a moment


def chart_png(recap: TeamRecap, *, locale: str = "en") -> bytes:
    """Progress toward the target per key result above, the confidence given (1-10) below, one colour each and a
    numbered legend with the full titles. Empty (no chart) when no key result has a check-in yet."""
    paths = [kr for objective in recap.objectives for kr in objective.key_results]
    if not any(kr.points for kr in paths):
        return b""
    # Imported on the first chart: matplotlib and numpy add some 40 MB to a process (a tick that draws no chart)
    from handlers.chart_figure import ChartFigure, legend_size

    size = legend_size(recap, locale)
    free = _free_figures[size] = _free_figures.pop(size, [])  # the last used size is kept longest
    figure = free.pop() if free else ChartFigure(*size)  # none free: another thread is drawing with it
    try:
        return _png(figure.draw(recap, locale))
    finally:
        free.append(figure)
        while len(_free_figures) > FIGURES:
            del _free_figures[next(iter(_free_figures))]


def org_chart_png(recap: OrgRecap, *, locale: str = "en") -> bytes:
    """The organisation's own key results like a team's; no bars per team, which would read as a league table.
    Empty (no chart) when the period has no organisation objectives or none has a check-in."""
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


def _ready() -> None:
    """Nothing: a worker that runs it has started and imported this module."""


def _draw(recap: TeamRecap | OrgRecap, locale: str) -> bytes:
    if isinstance(recap, OrgRecap):
        return org_chart_png(recap, locale=locale)
    return chart_png(recap, locale=locale)


def _png(canvas: FigureCanvasAgg) -> bytes:
    """The drawn canvas as a PNG of the chart style's own colours (each with lighter shades for the smoothed edges):
    a line chart loses nothing visible, mapping to a known palette is ten times quicker than finding one, and the
    file is a quarter of the size of a full-colour one."""
    from PIL import Image

    image = Image.frombytes("RGB", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBX")
    buffer = io.BytesIO()
    image.quantize(palette=_palette(), dither=Image.Dither.NONE).save(
        buffer, "PNG", compress_level=COMPRESSION, dpi=(chart_style.DPI, chart_style.DPI))
    return buffer.getvalue()


@cache
def _palette() -> Image.Image:
    from PIL import Image

    image = Image.new("P", (1, 1))
    image.putpalette([channel for colour in chart_style.png_palette() for channel in colour])
    return image
