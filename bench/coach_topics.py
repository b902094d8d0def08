"""How often the offline coach drafts on the topic a person wrote about.

Run from the repo root: ``.venv/bin/python bench/coach_topics.py [--verbose]``. Reads the labelled frustrations
and ambitions in ``tests/handlers/coach_topics.yaml`` and prints the on-topic rate (the sub-topic the coach chose
is one of the expected ones) overall, per language, and on the tuning and held-out parts; ``--verbose`` lists the
misses with what the coach chose instead ("-" when it fell back to the person's own words).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from handlers.coach_topic import topic_of  # noqa: E402

CASES = ROOT / "tests" / "handlers" / "coach_topics.yaml"


def cases() -> list[dict]:
    """Every labelled case: its part, language, text and the sub-topics that count as on topic."""
    raw = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    return [{"part": part, "lang": lang, "text": text, "expected": expected.split("|")}
            for part, entries in raw.items() for lang, expected, text in entries]


def on_topic(case: dict) -> bool:
    return topic_of(case["text"]) in case["expected"]


def rate(selected: list[dict]) -> str:
    hits = sum(on_topic(case) for case in selected)
    return f"{hits / len(selected):.2f} ({hits}/{len(selected)})" if selected else "-"


def main(argv: list[str]) -> int:
    every = cases()
    print(f"cases {len(every)}  on topic {rate(every)}")
    for lang in ("en", "nl"):
        print(f"  {lang}: {rate([c for c in every if c['lang'] == lang])}")
    for part in ("tuning", "held_out"):
        chosen = [c for c in every if c["part"] == part]
        langs = "  ".join(f"{lang} {rate([c for c in chosen if c['lang'] == lang])}" for lang in ("en", "nl"))
        print(f"  {part}: {rate(chosen)}  ({langs})")
    if "--verbose" in argv:
        for case in every:
            if not on_topic(case):
                print(f"  miss [{case['part']}] {case['text']!r}: {'|'.join(case['expected'])} → "
                      f"{topic_of(case['text']) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
