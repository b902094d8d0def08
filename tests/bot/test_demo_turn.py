"""The demo plays the turn of the quarter: the invitations as their receivers get them, a carry-over from where the
key results ended, a closed, a reworked objective, a member's proposal, the team's agreed set, the goal-setting 1:1,
the next period's start and its first check-in. One run of the example organisation on a short last quarter."""

from __future__ import annotations

import asyncio
import re

import pytest

from bot.demo import EXAMPLE, run_demo
from tests.bot.test_demo_truth import sections

SHORT = EXAMPLE.read_text(encoding="utf-8").replace(
    "{name: 2026-Q4, start: 2026-10-01, end: 2026-12-31}", "{name: 2026-Q4, start: 2026-12-14, end: 2026-12-31}")
TURN = ("The turn of the quarter: planning 2027-Q1", "A team's invitation", "The goal-setting 1:1",
        "2026-Q4's last day", "2027-Q1 begins", "2027-Q1: the pre-mortem as always")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("turn")
    org = folder / "org.yaml"
    org.write_text(SHORT, encoding="utf-8")
    lines: list[str] = []
    asyncio.run(run_demo(seed=7, org_file=org, write=lines.append, chart_dir=folder / "charts"))
    return sections("\n".join(lines))


def page(pages: dict[str, str], start: str) -> str:
    return next(body for title, body in pages.items() if title.startswith(start))


def test_the_turn_follows_the_quarter_phase_by_phase(pages):
    titles = list(pages)
    found = [next(n for n, title in enumerate(titles) if title.startswith(start)) for start in TURN]
    assert found == sorted(found), "the phases in the order people live them"
    assert found[0] > next(n for n, title in enumerate(titles) if "the quarter in one table" in title)


def test_the_organisation_is_invited_first_and_everyone_in_their_own_working_hours(pages):
    body = page(pages, TURN[0])
    moments = re.findall(r"^\w{3} (\d+) Dec (\d\d):\d\d [\w ]+?  (.+?): (.+)$", body, flags=re.MULTILINE)
    org = [int(day) for day, _, _, what in moments if "objectives of the organisation" in what]
    teams = [int(day) for day, _, _, what in moments if "team's invitation" in what]
    assert org and len(teams) == 2 and max(org) < min(teams), "the teams a few working days after the organisation"
    assert all(9 <= int(hour) < 17 for _, hour, _, _ in moments)
    assert "Hi Sara, 2027-Q1 starts 1 January" in body and "plan carry 1 · plan rework 1 · plan close 1" in body
    assert "Hoi Bram, 2027-Q1 begint 1 januari" in page(pages, TURN[1])


def test_the_goal_setting_prep_reaches_the_manager_and_the_report_gets_a_dm(pages):
    body = page(pages, TURN[2])
    assert "Je 1-op-1 over doelen met Anna de Vries" in body and "→ DM aan Bram Bakker" in body
    assert "Je 1-op-1 over doelen met Bram Bakker" in body and "→ DM aan Anna de Vries" in body


def carried(text: str, after: str) -> dict[str, str]:
    """Key result title -> its new baseline, from the drafts listed after the command ``after``."""
    answer = text.split(after, 1)[1].split("\n\n", 1)[0]
    return dict(re.findall(r"↳ (.+?): (\S+(?: \S+)?) → ", answer))


def test_a_carried_objective_starts_where_its_key_results_ended_and_opens_the_next_period(pages):
    body = page(pages, TURN[3])
    ended = page(pages, "Klantenservice: progress")
    baselines = carried(body, "Bram Bakker> plannen meenemen 1")
    fans = [title for title in baselines if re.search(rf"• {re.escape(title)}   ", ended)]
    assert len(fans) == 3, baselines
    for title in fans:
        assert re.search(rf"• {re.escape(title)}   {re.escape(baselines[title])} → doel", ended), title
    assert "Carried over “Customers stay with us because we make their work easier”" in body
    first = page(pages, TURN[5])
    nps = next(title for title in fans if title.startswith("NPS"))
    assert f"• {nps}   {baselines[nps]} → doel" in first, "the first check-in asks from the carried baseline"
    assert "Dank je Anna, vastgelegd voor de week van ma 4 jan" in first


def test_a_member_proposes_the_lead_agrees_the_set_and_the_closed_one_stays_behind(pages):
    body = page(pages, TURN[3])
    assert "Anna de Vries> voorstel d2 Tickets die binnen een week terugkomen 25 -> 10 %" in body
    agreed = body.split("Bram Bakker> akkoord", 1)[1].split("\n\n", 1)[0]
    assert "„Onze klanten zijn fan van onze dienstverlening” (afgesproken)" in agreed
    assert "Tickets die binnen een week terugkomen: 25% → 10%" in agreed
    assert "„Klanten helpen zichzelf voordat ze ons nodig hebben” is afgesloten" in body
    assert "Klanten helpen zichzelf" not in agreed
    first = page(pages, TURN[5])
    assert "• Tickets die binnen een week terugkomen   25% → doel 10%" in first
    assert re.search(r"Mon 4 Jan \d\d:\d\d Amsterdam +Anna de Vries: the pre-mortem of 2027-Q1", first)


def test_a_reworked_objective_left_in_draft_gets_a_reminder_and_a_notice_at_the_start(pages):
    assert "Maya Chen> plan rework 2\n“New customers get value in their first week” is a new draft" in page(
        pages, TURN[3])
    start = page(pages, TURN[4])
    assert "2027-Q1 has started, and these drafts are not agreed yet" in start and "→ DM to Maya Chen" in start
    assert "Still in draft, so not checked in on yet:\n• “New customers get value in their first week”" in start
    assert "→ posted in #C01PRODUCT" in start


def test_each_page_of_the_turn_says_who_received_it_in_their_language(pages):
    said = {start: page(pages, start).splitlines()[-1] for start in TURN}
    assert all(line.startswith("→ ") for line in said.values()), said
    assert said[TURN[1]] == "→ DM aan Bram Bakker" and said[TURN[0]] == "→ DM to Sara Okafor"
    assert said[TURN[5]] == "→ alleen Anna de Vries ziet dit: het antwoord van de bot in de DM"
