"""The demo keeps the promises it shows: answer rates like a real team's, anonymous comments nobody wrote under
their name, each learning under the objective it was written for, and a line under every page saying who got it.

One run of the example organisation on a shortened quarter (eight weeks, with a leadership mood check that closes
with three respondents and a reflection at the end) serves every story here.
"""

from __future__ import annotations

import asyncio
import random
import re

import pytest

from bot.demo import EXAMPLE, _progress, run_demo
from bot.demo_texts import POOLS, Texts

EIGHT_WEEKS = EXAMPLE.read_text(encoding="utf-8").replace(
    "{name: 2026-Q4, start: 2026-10-01, end: 2026-12-31}", "{name: 2026-Q4, start: 2026-10-01, end: 2026-11-27}")


@pytest.fixture(scope="module")
def demo_text(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("demo")
    org = folder / "org.yaml"
    org.write_text(EIGHT_WEEKS, encoding="utf-8")
    lines: list[str] = []
    asyncio.run(run_demo(seed=7, org_file=org, write=lines.append, chart_dir=folder / "charts"))
    return "\n".join(lines)


def sections(text: str) -> dict[str, str]:
    """Each page's title and body (the run time at the very end is no page's)."""
    text = text.rsplit("\n(simulated ", 1)[0]
    pages = re.split(r"^── ", text, flags=re.MULTILINE)[1:]
    return {page.split("\n", 1)[0].rstrip(" ─"): page.split("\n", 1)[1].strip() for page in pages}


def test_demo_answer_rate_is_realistic(demo_text):
    found = re.search(r"check-ins that reached people (\d+), answered (\d+) of them \((\d+)%; (\d+) partly\), "
                      r"skipped weeks (\d+), missed (\d+)", demo_text)
    assert found, "the demo prints how many delivered check-ins were answered"
    sent, answered, shown, partly, skipped, missed = (int(n) for n in found.groups())
    assert sent > 40
    assert 0.70 <= answered / sent <= 0.85, f"{answered} of {sent} is not how a real team answers"
    assert shown == round(answered / sent * 100)
    assert partly < answered and skipped > 0 and missed > 0
    assert re.search(r"skipped [1-9]", demo_text) and re.search(r"snoozed [1-9]", demo_text)


def test_demo_never_reuses_private_text_in_anonymous_results(demo_text):
    page = next(body for title, body in sections(demo_text).items() if title.startswith("The leadership mood check"))
    anonymous = re.findall(r"↳ „(.+?)”|↳ “(.+?)”", page)
    anonymous = {a or b for a, b in anonymous}
    assert len(anonymous) >= 2, "the manager with three respondents reads their comments"
    elsewhere = demo_text.replace(page, "")
    for comment in anonymous:
        assert comment not in elsewhere, f"„{comment}” is also shown somewhere under a name"
    prep = next(body for title, body in sections(demo_text).items() if title.startswith("A 1:1 prep digest"))
    assert "Stemmingschecks van Anna de Vries over de eigen ontwikkeling" in prep and "↳ „" in prep, \
        "her named answers are there too"


def test_the_demo_invents_each_sentence_for_one_kind_of_answer_only():
    """Whatever the seed: a sentence written as a named answer never turns up in an anonymous aggregate."""
    kinds_of: dict[str, set[str]] = {}
    for kind, locales in POOLS.items():
        for sentences in locales.values():
            for sentence in sentences:
                kinds_of.setdefault(sentence, set()).add(kind)
    assert all(len(kinds) == 1 for kinds in kinds_of.values()), {s: k for s, k in kinds_of.items() if len(k) > 1}
    texts = Texts(random.Random(1))
    learned = [texts.deal("learned", "nl") for _ in POOLS["learned"]["nl"]]
    assert len(set(learned)) == len(learned), "a pool is dealt out before any sentence comes again"


def test_demo_piped_leaves_stderr_for_errors(capfd):
    with _progress(3) as steps:
        assert list(steps) == [0, 1, 2]
    assert capfd.readouterr().err == "", "no progress bar when the output is not a terminal"


def test_demo_sections_say_who_received_them(demo_text):
    pages = sections(demo_text)
    assert len(pages) >= 15
    for title, body in pages.items():
        assert body.splitlines()[-1].startswith("→ "), f"no line saying who got “{title}”"
    said = {title: body.splitlines()[-1] for title, body in pages.items()}
    check_in = next(line for title, line in said.items() if title.startswith("A Dutch-speaking team member"))
    assert check_in.startswith("→ DM aan "), "Dutch, as the message it is about"
    prep = next(line for title, line in said.items() if title.startswith("A 1:1 prep digest"))
    assert prep == "→ DM aan Bram Bakker (leidinggevende van Anna de Vries)"
    recap = next(line for title, line in said.items() if title.startswith("The quarterly recap in #C01SUPPORT"))
    assert recap == "→ geplaatst in #C01SUPPORT, het kanaal van Klantenservice"
    org = next(line for title, line in said.items() if title.startswith("The organisation's recap"))
    assert org == "→ posted in #C01ALL, the channel of the whole organisation"
    leadership = next(body for title, body in pages.items() if title.startswith("The leadership mood check"))
    assert "→ alleen Bram Bakker ziet dit" in leadership and "→ only Maya Chen sees this" in leadership
    assert "→ only Sara Okafor sees this: the bot's reply in their DM" in demo_text
    assert not any(title.startswith("The turn of the quarter") for title in pages), \
        "no period follows this shortened one: there is no turn to show"


def test_demo_learning_under_one_objective(demo_text):
    recap = next(body for title, body in sections(demo_text).items() if title.startswith("The quarterly recap in"))
    learnings: dict[str, list[str]] = {}
    objective = ""
    for line in recap.splitlines():
        if " · " in line and not line.startswith(("•", " ")):
            objective = line.split(" · ")[0]
        elif line.startswith("• „"):  # the Support team recaps in Dutch
            learnings.setdefault(line.split("” — ")[0], []).append(objective)
    assert len(learnings) >= 4 and len({o for objectives in learnings.values() for o in objectives}) == 2
    for learning, objectives in learnings.items():
        assert len(objectives) == 1, f"{learning}” is listed under {objectives}"
