"""The demo plays a quarter and shows what people saw; here on a short period to keep the suite fast."""

from __future__ import annotations

import re

from bot.demo import run_demo
from tests.orgs import SMALL_ORG

THREE_WEEKS = SMALL_ORG.replace("end: 2026-12-31", "end: 2026-10-21").replace(
    "okrs:", 'one_on_ones:\n  - {manager: U_BRAM, report: U_ANNA, day: thursday, time: "14:00"}\nokrs:', 1).replace(
    "objective: Customers choose us again", "objective: Customers choose us again because we make their work easier")


async def test_the_demo_shows_check_ins_digests_team_progress_and_the_quarter_table(tmp_path, capsys):
    org = tmp_path / "org.yaml"
    org.write_text(THREE_WEEKS)
    lines: list[str] = []
    await run_demo(seed=3, org_file=org, write=lines.append, chart_dir=tmp_path / "charts")
    text = "\n".join(lines)
    assert "A Dutch-speaking team member's check-in DM" in text
    assert "Hoi Anna, tijd voor je check-in" in text
    assert "A 1:1 prep digest in a DM, two hours before the 1:1 (to Bram Bakker)" in text
    # Asked at the period's end: the next 1:1 is the next period's first (periods roll, handlers/period_roll.py).
    assert "Je 1-op-1 met Anna de Vries op do 22 okt om 14:00" in text, "the next 1:1 after the quarter"
    assert "A team summary in #C_" in text and ("check-in van ma" in text or "check-in of Mon" in text)
    assert "The quarterly recap in #C_SUPPORT, with its chart" in text and "Support — terugblik op 2026-Q4" in text
    chart = tmp_path / "charts" / "recap-support-2026-q4.png"
    assert f"-> {chart}]" in text and chart.read_bytes().startswith(b"\x89PNG")
    assert "The organisation's recap in #C01ALL" in text and "2026-Q4 — looking back as an organisation" in text
    assert "Support — voortgang in 2026-Q4" in text
    assert "Sales — progress in 2026-Q4" in text
    assert "vertrouwen" in text and "→" in text, "the confidence path per key result"
    assert "2026-Q4 — the quarter in one table" in text
    assert "check-ins that reached people" in text
    # the 4th prep: the next period's first 1:1, in the days the demo plays on for the recaps
    assert "1:1 prep digests 4; posted 6 team summaries" in text and "2 team recaps, 1 organisation recap" in text
    assert not re.findall(r"\d[.,]\d\d", text), "numbers print with one decimal at most, as people write them"
    assert "Customers choose us again because we make their… |" in text, "a long title is cut at a whole word"
    assert "their work ea |" not in text and "| grade" not in text and "| beoordeling" not in text
    assert "where it ended" in text
    assert not re.findall(r"\d/\d+ ", text.replace("/10", "")), "where a key result stands is no fraction"
    assert all(line.count(" → ") <= 5 for line in text.splitlines() if "vertrouwen door" in line or "confidence ov"
               in line), "a confidence path in words has at most six points"
    assert capsys.readouterr().err == "", "the demo writes to stdout only, piped or not"
