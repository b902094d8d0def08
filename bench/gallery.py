"""Every kind of recap chart, drawn from made-up quarters, as PNG files: the README's pictures and a look before a
release.

    .venv/bin/python bench/gallery.py [--out docs/charts] [--all]

Without ``--all`` it writes the README's examples (a team's quarter in English, the same in Dutch, one check-in);
with it, every chart of the gallery the tests draw (tests/handlers/test_chart_gallery.py).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from handlers.progress import grade, kr_progress  # noqa: E402
from handlers.recap import KeyResultPath, ObjectiveRecap, TeamRecap  # noqa: E402
from handlers.recap_chart import chart_png  # noqa: E402
from handlers.trends import Point  # noqa: E402

START = date(2026, 10, 5)
README = ("recap-team", "recap-team-nl", "recap-one-checkin")


def path(number: int, title: str, kind: str, values: list[float | None], confidences: list[int], *,
         baseline: float = 0.0, target: float = 1.0, unit: str = "") -> KeyResultPath:
    """A key result checked in weekly from START: its values and the confidence given each week."""
    points = tuple(Point(START + timedelta(weeks=week), value, confidence,
                         kr_progress(kind, baseline, target, value))
                   for week, (value, confidence) in enumerate(zip(values, confidences, strict=True)))
    progress = points[-1].progress if points else kr_progress(kind, baseline, target, None)
    return KeyResultPath(number, title, progress, points, kind, unit, baseline, target)


def objective(title: str, kind: str, *paths: KeyResultPath) -> ObjectiveRecap:
    progress = sum(p.progress for p in paths) / len(paths) if paths else 0.0
    return ObjectiveRecap(len(title), title, kind, progress, grade(kind, progress), (), paths)


TITLES = {  # two titles that start with the same words, a decrease, a threshold, a milestone; units
    "en": ("Tickets answered within 4 hours on working days, for customers on the Business plan",
           "Tickets answered within 4 hours on working days, for customers on the Free plan",
           "Time to first reply from 39 h to 4 h", "Customer satisfaction stays above 7", "New knowledge base live",
           "tickets", "h", "score"),
    "nl": ("Tickets binnen 4 uur beantwoord op werkdagen, voor klanten met het Business-abonnement",
           "Tickets binnen 4 uur beantwoord op werkdagen, voor klanten met het gratis abonnement",
           "Eerste reactie van 39 uur naar 4 uur", "Klanttevredenheid blijft boven 7", "Nieuwe kennisbank live",
           "tickets", "uur", "cijfer"),
}


def support_quarter(weeks: int = 13, locale: str = "en") -> list[KeyResultPath]:
    """Support's quarter: two key results whose titles start alike, a decrease, a threshold and a milestone."""
    w = weeks
    business, free, reply, satisfaction, knowledge_base, tickets, hours, score = TITLES[locale]
    return [
        path(1, business, "increase", [40, 46, 52, 55, 61, 66, 70, 74, 79, 84, 88, 92, 96][:w],
             [6, 6, 7, 7, 7, 7, 8, 8, 8, 8, 8, 9, 9][:w], baseline=40, target=120, unit=tickets),
        path(2, free, "increase", [10, 12, 12, 15, 19, 20, 24, 25, 30, 31, 33, 35, 36][:w],
             [5, 5, 5, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7][:w], baseline=10, target=60, unit=tickets),
        path(3, reply, "decrease", [39, 37, 31, 30, 24, 22, 19, 15, 14, 12, 9, 8, 7][:w],
             [4, 4, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 7][:w], baseline=39, target=4, unit=hours),
        path(4, satisfaction, "stay_above", [7.4, 7.2, 6.8, 7.1, 7.3, 6.9, 7.2, 7.5, 7.4, 7.6, 7.3, 7.2, 7.4][:w],
             [7, 7, 6, 6, 7, 6, 7, 7, 8, 8, 8, 8, 8][:w], baseline=7.2, target=7, unit=score),
        path(5, knowledge_base, "milestone", [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1][:w],
             [5, 5, 5, 6, 6, 6, 7, 7, 9, 9, 9, 9, 9][:w]),
    ]


def examples() -> dict[str, tuple[TeamRecap, str]]:
    """Named recaps and the language each is drawn in: every key-result kind, long titles that start with the same
    words, one check-in, none, both languages, a committed and an aspirational objective."""
    krs, dutch = support_quarter(), support_quarter(locale="nl")
    first, first_dutch = support_quarter(weeks=1), support_quarter(weeks=1, locale="nl")
    gallery = {
        "recap-team": (TeamRecap(1, "Support", "2026-Q4", (
            objective("Customers get answers fast", "aspirational", *krs[:3]),
            objective("Customers find answers themselves", "committed", *krs[3:]))), "en"),
        "recap-team-nl": (TeamRecap(1, "Klantenservice", "2026-Q4", (
            objective("Klanten krijgen snel antwoord", "aspirational", *dutch[:3]),
            objective("Klanten vinden zelf antwoord", "committed", *dutch[3:]))), "nl"),
        "recap-one-checkin": (TeamRecap(1, "Support", "2026-Q4", (
            objective("Customers get answers fast", "aspirational", *first),)), "en"),
        "recap-one-checkin-nl": (TeamRecap(1, "Klantenservice", "2026-Q4", (
            objective("Klanten krijgen snel antwoord", "aspirational", *first_dutch),)), "nl"),
        "recap-no-checkins": (TeamRecap(1, "Sales", "2026-Q4", (
            objective("Customers choose us again", "committed", *support_quarter(weeks=0)),)), "en"),
        "recap-some-without-checkins": (TeamRecap(1, "Sales", "2026-Q4", (
            objective("Klanten kiezen opnieuw voor ons", "committed", *dutch[:2],
                      *support_quarter(weeks=0, locale="nl")[2:]),)), "nl"),
    }
    for kr in krs:  # one chart per kind, of its first key result
        gallery.setdefault(f"kind-{kr.kind}", (TeamRecap(1, "Support", "2026-Q4", (
            objective("Customers get answers fast", "committed", kr),)), "en"))
    return gallery


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "charts")
    parser.add_argument("--all", action="store_true", help="every chart of the gallery, not only the README's")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (recap, locale) in examples().items():
        if args.all or name in README:
            png = chart_png(recap, locale=locale)
            if png:
                (args.out / f"{name}.png").write_bytes(png)
            print(f"{args.out / name}.png: {len(png) / 1000:.1f} kB" if png else f"{name}: no chart (no check-ins)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
