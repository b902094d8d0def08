"""How well the OKR linter's "needs work" verdict matches the labelled key results.

Run from the repo root: ``.venv/bin/python bench/lint_quality.py [--verbose]``. Prints precision and recall of
"needs work" on ``tests/handlers/lint_cases.yaml`` plus the confusion counts; ``--verbose`` lists the misses.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from handlers.lint import KeyResultDraft, lint_key_result, needs_work  # noqa: E402

CASES = ROOT / "tests" / "handlers" / "lint_cases.yaml"


def verdicts(cases: list[dict]) -> list[tuple[dict, bool]]:
    """Each case with the linter's verdict."""
    out = []
    for case in cases:
        draft = KeyResultDraft(case["title"], case["kind"], case["baseline"], case["target"], case["unit"])
        out.append((case, needs_work(lint_key_result(draft, case["locale"]))))
    return out


def main(argv: list[str]) -> int:
    results = verdicts(yaml.safe_load(CASES.read_text(encoding="utf-8")))
    tp = sum(1 for case, got in results if got and case["needs_work"])
    fp = sum(1 for case, got in results if got and not case["needs_work"])
    fn = sum(1 for case, got in results if not got and case["needs_work"])
    tn = len(results) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    counts = f"(tp {tp} fp {fp} fn {fn} tn {tn})"
    print(f"cases {len(results)}  precision {precision:.2f}  recall {recall:.2f}  {counts}")
    if "--verbose" in argv:
        for case, got in results:
            if got != case["needs_work"]:
                print(f"  {'false alarm' if got else 'missed'}: {case['title']!r} ({case['locale']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
