"""How well the OKR linter's "needs work" verdict matches labelled key results written by other people.

Run from the repo root: ``.venv/bin/python bench/lint_quality.py [--verbose]``. Prints precision and recall of
"needs work" on ``tests/handlers/lint_corpus.yaml`` (titles only, as people draft them) per language and for the
tuned and held-out parts, and on the hand-made ``tests/handlers/lint_cases.yaml`` (with kind and target);
``--verbose`` lists the misses and false alarms of the tuned part and the hand-made cases (never of the held-out
part, so that nobody tunes the rules on it).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from handlers.lint import KeyResultDraft, lint_key_result, needs_work  # noqa: E402

CORPUS = ROOT / "tests" / "handlers" / "lint_corpus.yaml"
CASES = ROOT / "tests" / "handlers" / "lint_cases.yaml"


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def __str__(self) -> str:
        return (f"n {self.tp + self.fp + self.fn + self.tn:3d}  precision {self.precision:.2f}  recall "
                f"{self.recall:.2f}  (tp {self.tp} fp {self.fp} fn {self.fn} tn {self.tn})")


def corpus() -> list[dict]:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))


def verdict(item: dict) -> bool:
    """The linter's verdict on a corpus item's title alone, or on a hand-made case with its fields."""
    draft = KeyResultDraft(item["title"], item.get("kind"), item.get("baseline"), item.get("target"), item.get("unit"))
    return needs_work(lint_key_result(draft, item.get("lang") or item.get("locale") or "en"))


def expected(item: dict) -> bool:
    return item["label"] != "outcome" if "label" in item else item["needs_work"]


def score(items: list[dict]) -> Score:
    pairs = [(verdict(i), expected(i)) for i in items]
    tp = sum(got and want for got, want in pairs)
    fp = sum(got and not want for got, want in pairs)
    fn = sum(want and not got for got, want in pairs)
    return Score(tp, fp, fn, len(pairs) - tp - fp - fn)


def main(argv: list[str]) -> int:
    items = corpus()
    print(f"labelled key results ({CORPUS.relative_to(ROOT)}), titles only:")
    for split in ("tuned", "heldout"):
        for lang in ("en", "nl"):
            part = [i for i in items if i["split"] == split and i["lang"] == lang]
            print(f"  {split:8s} {lang}  {score(part)}")
        print(f"  {split:8s} all {score([i for i in items if i['split'] == split])}")
    print(f"  all          {score(items)}")
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    print(f"hand-made cases ({CASES.relative_to(ROOT)}), with kind and target: {score(cases)}")
    if "--verbose" in argv:
        for item in [i for i in items if i["split"] == "tuned"] + cases:
            got = verdict(item)
            if got != expected(item):
                where = f"{item.get('lang') or item.get('locale')} {item.get('split', 'case')}"
                print(f"  {'false alarm' if got else 'missed'} ({where}, {item.get('label', '')}): {item['title']!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
