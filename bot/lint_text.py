"""The linter's findings on a plan as terminal text, for ``okrbot lint`` and ``okrbot import``. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from handlers.lint import PlanEntry, needs_work

OBJECTIVE_ITSELF = "(the objective itself)"


def render_plan(entries: Sequence[PlanEntry], *, with_summary: bool = True) -> str:
    """Per objective its key results: ✓ looks good, ✗ needs work, · tips only; each finding under its line."""
    lines: list[str] = []
    objective = None
    for entry in entries:
        if entry.key_result is None or entry.objective != objective:  # an objective's own entry comes first
            objective = entry.objective
            lines.append(entry.objective)
        mark = "✗" if needs_work(entry.findings) else "·" if entry.findings else "✓"
        lines.append(f"  {mark} {entry.key_result if entry.key_result is not None else OBJECTIVE_ITSELF}")
        lines.extend(f"      {f.severity} {f.code}: {f.message}" for f in entry.findings)
    if with_summary:
        lines.append(summary(entries))
    return "\n".join(lines)


def summary(entries: Sequence[PlanEntry]) -> str:
    from bot.cli_text import say

    krs = [e for e in entries if e.key_result is not None]
    work = sum(needs_work(e.findings) for e in krs)
    return say("lint_summary", key_results=say("lint_key_results", count=len(krs)),
               good=say("lint_good", count=len(krs) - work), work=say("lint_work", count=work))
