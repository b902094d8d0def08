"""The demo plays a quarter and shows what people saw; here on a short period to keep the suite fast."""

from __future__ import annotations

from bot.demo import run_demo
from tests.orgs import SMALL_ORG

THREE_WEEKS = SMALL_ORG.replace("end: 2026-12-31", "end: 2026-10-21")


async def test_the_demo_shows_check_ins_team_progress_and_the_quarter_table(tmp_path):
    org = tmp_path / "org.yaml"
    org.write_text(THREE_WEEKS)
    lines: list[str] = []
    await run_demo(seed=3, org_file=org, write=lines.append)
    text = "\n".join(lines)
    assert "A Dutch-speaking team member's check-in DM" in text
    assert "Hoi Anna, tijd voor je check-in" in text
    assert "Support — voortgang in 2026-Q4" in text
    assert "Sales — progress in 2026-Q4" in text
    assert "vertrouwen" in text and "→" in text, "the confidence path per key result"
    assert "2026-Q4 — the quarter in one table" in text
    assert "check-ins sent" in text
