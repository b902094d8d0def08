"""The demo runs all four surveys and shows one of each, and a leadership aggregate only from three respondents."""

from __future__ import annotations

from bot.demo import run_demo
from tests.survey_orgs import SURVEY_ORG

# Three weeks with a mood check every week, leadership first (it closes before the end), a pre-mortem on the first
# day and a reflection in the last week.
THREE_WEEKS = SURVEY_ORG.replace("end: 2026-12-31", "end: 2026-10-21").replace(
    "okrs:", "surveys:\n  schedule: {mood: {every_weeks: 1, start_week: 0, first: leadership}}\nokrs:", 1)


async def test_the_demo_shows_each_survey_and_what_a_manager_sees(tmp_path):
    org = tmp_path / "org.yaml"
    org.write_text(THREE_WEEKS)
    lines: list[str] = []
    await run_demo(seed=3, org_file=org, write=lines.append, chart_dir=tmp_path / "charts")
    text = "\n".join(lines)
    for title in ("A mood check in a DM (personal development, 1-7)", "A mood check in a DM (leadership quality",
                  "A pre-mortem in a DM, in the period's first week",
                  "A reflection in a DM, in the period's last week"):
        assert title in text
    assert text.count("Wie ziet dit:") == 4, "each survey says who will see the answers"
    manager_page = text.split("The leadership mood check as each manager sees it")[1].split("── ")[0]
    bram, maya = manager_page.split("Maya Chen (2 direct reports):")
    assert "Hoe de mensen die aan jou rapporteren je leiderschap zien" in bram and "gemiddeld" in bram
    assert "fewer than 3 people who report to you answered, so nothing of it is shown" in maya
    assert "average" not in maya
    assert "In de pre-mortem vreesde je" in text, "the risks come back in a check-in"
    assert "surveys sent" in text and "pre-mortems" in text
