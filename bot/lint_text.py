"""The linter's findings on a plan as terminal text, for ``okrbot lint`` and ``okrbot import``. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from handlers.lint import PlanEntry, needs_work
from prompts import t


def render_plan(entries: Sequence[PlanEntry], *, locale: str = "en", with_summary: bool = True) -> str:
    """Per objective its key results: ✓ looks good, ✗ needs work, · tips only; each finding under its line, named
    in ``locale``. Key results under no objective (a plain list) come without a heading."""
    lines: list[str] = []
    objective = None
    for entry in entries:
        if entry.objective and (entry.key_result is None or entry.objective != objective):
            lines.append(entry.objective)  # an objective's own entry comes first
        objective = entry.objective
        mark = "✗" if needs_work(entry.findings) else "·" if entry.findings else "✓"
        name = entry.key_result if entry.key_result is not None else t(locale, "lint_cli.objective_itself")
        lines.append(f"  {mark} {name}")
        lines.extend(f"      {t(locale, f'lint_cli.label.{f.code}')}: {f.message}" for f in entry.findings)
    if with_summary:
        lines.append(summary(entries, locale))
    return "\n".join(lines)


def summary(entries: Sequence[PlanEntry], locale: str = "en") -> str:
    krs = [e for e in entries if e.key_result is not None]
    work = sum(needs_work(e.findings) for e in krs)
    objectives = [e for e in entries if e.key_result is None and needs_work(e.findings)]
    line = t(locale, "lint_cli.summary", total=_counted(locale, "key_results", len(krs)),
             good=_counted(locale, "good", len(krs) - work), work=_counted(locale, "work", work))
    return line + (" " + t(locale, "lint_cli.objectives_need_work", count=len(objectives)) if objectives else "")


def _counted(locale: str, what: str, count: int) -> str:
    return t(locale, f"lint_cli.counted.{what}.{'one' if count == 1 else 'other'}", count=count)
