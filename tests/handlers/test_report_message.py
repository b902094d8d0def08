"""Progress in words (``mine``, ``team`` and the demo's end-of-quarter pages): while the quarter runs a key result
may carry a forecast and a "next week" question; once it has ended, the report looks back and forecasts nothing."""

from __future__ import annotations

from datetime import date

import pytest

from bot.messages import Text
from handlers.phase import phase_on
from handlers.progress import grade
from handlers.report import KeyResultReport, ObjectiveReport
from handlers.report_message import progress_message
from handlers.trends import Point

START, END = date(2026, 10, 1), date(2026, 12, 31)
FORECASTS = ("by the end of the period", "aan het eind van de periode", "next week", "volgende week")


def nps_report() -> ObjectiveReport:
    """NPS from 25 to 45: it rose to 31 and then stood still at a confident 8, a forecast of 60%."""
    points = tuple(Point(day, value, 8, (value - 25) / 20) for day, value in
                   ((date(2026, 10, 5), 28), (date(2026, 11, 16), 31), (date(2026, 11, 23), 31)))
    kr = KeyResultReport(1, "NPS from 25 to 45", "increase", "", 25, 45, 31, 0.3, points, False, False, True, 0.6, ())
    return ObjectiveReport(1, "Customers love our service", "team", "aspirational", 0.3, grade("aspirational", 0.3),
                           (kr,))


def words(locale: str, today: date) -> str:
    message = progress_message(kind="team", heading="Support", locale=locale, reports=[nps_report()], empty="",
                               phase=phase_on(START, END, today), period="2026-Q4")
    return "\n".join(b.text for b in message.blocks if isinstance(b, Text))


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_final_report_has_no_forecast(locale):
    running = words(locale, date(2026, 11, 26))
    assert any(phrase in running for phrase in FORECASTS), "a running quarter may look ahead"
    final = words(locale, date(2027, 1, 4))
    assert not [phrase for phrase in FORECASTS if phrase in final]
    assert ("2026-Q4 ended on 31 December." if locale == "en" else "2026-Q4 is afgelopen op 31 december.") in final


def test_a_running_report_says_where_the_quarter_stands():
    assert "2026-Q4: 8 weeks in, 35 days to go (61% of the period behind us)." in words("en", date(2026, 11, 26))
    assert "on this course about 60% by the end of the period" in words("en", date(2026, 11, 26))
