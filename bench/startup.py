"""How fast ``okrbot --help`` and ``okrbot COMMAND --help`` answer: a fresh Python process each time, as a person
typing the command gets. The target is under 0.3 s for ``okrbot --help`` (the median); a command's help may cost
a little more, but never the store, the chat libraries, matplotlib or openai, which only the commands that use them
import.

    .venv/bin/python bench/startup.py [--runs 10] [COMMAND ...]

Prints per invocation the median, the fastest and the slowest wall-clock time, and the bare interpreter's start
for comparison (``python -c pass``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.3
COMMANDS = ("", "import", "lint", "coach", "tick", "run", "digest", "summary", "recap", "export", "doctor",
            "teams package", "surveys set")


def timed(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("commands", nargs="*", default=COMMANDS)
    options = parser.parse_args()
    bare = timed([sys.executable, "-c", "pass"], options.runs)
    print(f"{'python -c pass':28} median {statistics.median(bare):.3f} s  (min {min(bare):.3f}, max {max(bare):.3f})")
    for command in options.commands:
        times = timed([sys.executable, "-m", "bot", *command.split(), "--help"], options.runs)
        median = statistics.median(times)
        mark = "" if command or median < TARGET else f"  over the {TARGET} s target"
        label = f"okrbot {command + ' ' if command else ''}--help"
        print(f"{label:28} median {median:.3f} s  (min {min(times):.3f}, max {max(times):.3f}){mark}")


if __name__ == "__main__":
    main()
