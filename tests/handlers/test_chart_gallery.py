"""Every kind of recap chart a team can get (bench/gallery.py: each key-result kind, one check-in, none, long titles
that start with the same words, English and Dutch) is drawn and looked at as a reader would: sharp enough for a
retina screen, nothing cut off at the edges, titles in full, dates in words, and no empty frame."""

from __future__ import annotations

import io
import re
from functools import cache
from itertools import combinations

import pytest
from matplotlib.text import Text
from PIL import Image

from bench.gallery import examples
from bot.messages import Chart
from bot.teams.render import teams_png
from handlers import chart_style
from handlers.chart_figure import PROGRESS_LIMITS, ChartFigure, legend_size
from handlers.recap_chart import chart_png
from handlers.recap_message import recap_message

GALLERY = examples()
DRAWN = [name for name, (recap, _) in GALLERY.items()
         if any(kr.points for o in recap.objectives for kr in o.key_results)]


@cache
def drawn(name: str) -> tuple[ChartFigure, str]:
    """The chart's figure as drawn, once per test run: the tests only look at it."""
    recap, locale = GALLERY[name]
    figure = ChartFigure(*legend_size(recap, locale))
    figure.draw(recap, locale)
    return figure, locale


def texts(figure: ChartFigure) -> list[Text]:
    """Every text on the chart: titles, notes, legend, end labels, tick labels, panel titles."""
    return [a for a in figure.figure.findobj(Text) if a.get_visible() and a.get_text().strip()]


@pytest.mark.parametrize("name", DRAWN)
def test_each_chart_is_sharp_has_every_full_title_and_dates_in_words_and_nothing_is_cut_off(name):
    recap, locale = GALLERY[name]
    png = chart_png(recap, locale=locale)
    image = Image.open(io.BytesIO(png))
    assert image.width == 1600 and 900 <= image.height <= 1600
    assert [round(d) for d in image.info["dpi"]] == [chart_style.DPI] * 2 == [200, 200]
    assert len(png) < 200_000
    figure, _ = drawn(name)
    renderer = figure.canvas.get_renderer()
    inside = figure.figure.bbox
    for text in texts(figure):
        box = text.get_window_extent(renderer)
        assert inside.x0 <= box.x0 and box.x1 <= inside.x1 and inside.y0 <= box.y0 and box.y1 <= inside.y1, \
            f"{text.get_text()!r} sticks out of the {name} chart: {box} not in {inside}"
    ends = [text for text in figure.progress.texts if text in figure.front]
    for one, other in combinations(ends, 2):
        assert not one.get_window_extent(renderer).overlaps(other.get_window_extent(renderer)), \
            f"end labels {one.get_text()!r} and {other.get_text()!r} overlap"


    shown = " ".join(" ".join(text.get_text().split()) for text in texts(figure))
    for number, kr in enumerate((kr for o in recap.objectives for kr in o.key_results), start=1):
        assert kr.title in shown  # two titles that start alike stay apart: nothing is cut at 35 characters
        if kr.points:
            assert any(text.get_text().startswith(f"{number} · ") for text in figure.progress.texts)
    months = "Oct|Nov|Dec" if locale == "en" else "okt|nov|dec"
    dates = [label.get_text() for label in figure.confidence.get_xticklabels()]
    assert dates and all(re.fullmatch(rf"\d{{1,2}} ({months})", date) for date in dates), dates


def test_each_kind_is_drawn_in_its_own_meaning():
    milestone, _ = drawn("kind-milestone")
    steps, _ = (line for line in milestone.progress.lines if line in milestone.front)
    assert steps.get_drawstyle() == "steps-post"
    assert min(steps.get_ydata()) > PROGRESS_LIMITS[0] + 5  # not done: a step above the axis, not hidden on it
    assert [text.get_text() for text in milestone.progress.texts if text in milestone.front] == ["1 · done"]

    threshold, _ = drawn("kind-stay_above")
    held, missed = (line for line in threshold.progress.lines if line in threshold.front)
    values = [y for y in held.get_ydata() if y == y]
    assert values and all(y == 100 for y in values)  # on the target where it held; no sawtooth down to 0
    assert missed.get_linestyle() == "None" and missed.get_marker() == "x"
    assert [text.get_text() for text in threshold.progress.texts if text in threshold.front] == ["1 · 7.4 score ✓"]

    increase, _ = drawn("kind-increase")
    assert [text.get_text() for text in increase.progress.texts if text in increase.front] == ["1 · 96 tickets"]
    assert not increase.progress.patches  # a committed objective: no 70% band
    team, _ = drawn("recap-team")
    [band] = team.progress.patches  # the aspirational objective's: 70% to 100%
    assert band.get_extents().height > 0
    confidences = [tuple(line.get_ydata()) for line in team.confidence.lines]
    assert len(set(confidences)) == len(confidences) == 5  # equal confidences lie side by side, not on top


def test_one_check_in_is_a_marked_point_with_a_sentence():
    for name, day in (("recap-one-checkin", "5 Oct"), ("recap-one-checkin-nl", "5 okt")):
        figure, _ = drawn(name)
        assert any(day in text.get_text() and len(text.get_text().split()) > 6 for text in figure.figure.texts)
        dots = [line for line in figure.progress.lines if line in figure.front and line.get_marker() != "None"]
        assert dots and all(line.get_markersize() >= 9 for line in dots)


def test_without_check_ins_there_is_a_sentence_and_no_image():
    recap, locale = GALLERY["recap-no-checkins"]
    assert chart_png(recap, locale=locale) == b""
    for language, words in (("en", "No check-ins yet in 2026-Q4"), ("nl", "Nog geen check-ins in 2026-Q4")):
        message = recap_message(recap, locale=language, chart=chart_png(recap, locale=language))
        assert message.charts == ()  # Slack uploads, Teams attaches and the console saves nothing
        assert any(words in block.text for block in message.blocks if hasattr(block, "text"))


def test_a_teams_message_gets_the_chart_at_fewer_pixels():
    recap, locale = GALLERY["recap-team"]
    png = chart_png(recap, locale=locale)
    small = teams_png(Chart("recap.png", "Support", png))
    assert small is not None and len(small) * 4 / 3 <= 20_000
    assert Image.open(io.BytesIO(small)).width <= 800
