"""The linter on an organisation file: every objective and key result of a parsed ``OrgFile``."""

from __future__ import annotations

from handlers.lint import WARNING, KeyResultDraft, ObjectiveDraft, PlanEntry, lint_plan
from handlers.org_schema import OrgFile


def lint_org(org: OrgFile, locale: str = "en") -> list[PlanEntry]:
    """One entry per key result (and one per objective with findings of its own), in file order."""
    drafts = [
        ObjectiveDraft(
            okr.objective,
            tuple(KeyResultDraft(kr.title, kr.kind, kr.baseline, kr.target, kr.unit) for kr in okr.key_results),
            owner=okr.owner,
            period=okr.period,
        )
        for okr in org.okrs
    ]
    return lint_plan(drafts, locale)


def as_records(entries: list[PlanEntry]) -> list[dict]:
    """The entries as JSON-ready records; ``key_result`` is null on an objective's own entry."""
    return [
        {"objective": e.objective, "key_result": e.key_result,
         "findings": [{"code": f.code, "severity": f.severity, "message": f.message} for f in e.findings]}
        for e in entries
    ]


def warnings_only(entries: list[PlanEntry], *, leave_out: frozenset[str] = frozenset()) -> list[PlanEntry]:
    """The entries that need work, each with only its warnings (tips and the codes in ``leave_out`` left out)."""
    kept = [PlanEntry(e.objective, e.key_result, [f for f in e.findings if f.severity == WARNING
                                                  and f.code not in leave_out]) for e in entries]
    return [e for e in kept if e.findings]
