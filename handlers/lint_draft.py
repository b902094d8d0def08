"""What ``okrbot lint`` reads: drafts, not finished files.

A draft YAML file has the organisation file's shape, but a key result needs only a title (kind, baseline and target
are optional: their absence is a finding, not an invalid file) and an objective needs only its title. Plain text
(``okrbot lint -`` or a .txt/.md file) has one objective per unindented line with its key results indented below
it, Markdown headings with bullets under them, or just a list of key results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from handlers.importer import parse
from handlers.lint import KeyResultDraft, ObjectiveDraft, PlanEntry, lint_key_result, lint_plan
from handlers.lint_file import lint_org
from handlers.org_schema import OrgFile, Strict

Kind = Literal["increase", "decrease", "stay_above", "stay_below", "milestone"]


class DraftKeyResult(Strict):
    id: str | None = None
    title: str = Field(min_length=1, max_length=500)
    kind: Kind | None = None
    baseline: float | None = None
    target: float | None = None
    unit: str = Field(default="", max_length=32)
    owner: str | None = None
    weight: float = Field(default=1.0, gt=0)


class DraftObjective(Strict):
    id: str | None = None
    objective: str = Field(min_length=1, max_length=500)
    level: Literal["org", "team", "person"] | None = None
    owner: str = ""
    period: str = ""
    type: Literal["committed", "aspirational"] = "committed"
    parent: str | None = None
    key_results: list[DraftKeyResult] = Field(default_factory=list)


class DraftFile(OrgFile):
    okrs: list[DraftObjective] = Field(default_factory=list)  # type: ignore[assignment]


def lint_yaml(text: str | bytes, locale: str) -> list[PlanEntry]:
    """The linter on a draft organisation file; ImportRejected (with located problems) when it can't be read."""
    return lint_org(parse(text, model=DraftFile), locale)


@dataclass(frozen=True)
class TextPlan:
    objectives: tuple[ObjectiveDraft, ...]
    loose: tuple[KeyResultDraft, ...]  # key results under no objective


def lint_text(text: str, locale: str) -> list[PlanEntry]:
    """The linter on plain text: objectives with their key results, then key results under no objective."""
    plan = read_text(text)
    entries = lint_plan(plan.objectives, locale)
    return entries + [PlanEntry("", kr.title, lint_key_result(kr, locale)) for kr in plan.loose]


_BULLET = re.compile(r"^(?:[-*•+]|\d+[.)]|\[[ x]\])\s+")
_HEADING = re.compile(r"^#{1,6}\s+")
_OBJECTIVE_LABEL = re.compile(r"^(?:objective|doelstelling|doel|o)\s*\d*\s*[:.)–-]\s*", re.IGNORECASE)
_KR_LABEL = re.compile(r"^(?:kr|key result|sleutelresultaat|kernresultaat)\s*\d*(?:\.\d+)?\s*[:.)–-]\s*",
                       re.IGNORECASE)


def read_text(text: str) -> TextPlan:
    """Objectives and key results from plain text (see the module's docstring for the shapes it reads)."""
    lines = [line.rstrip() for line in text.replace("\t", "    ").splitlines() if line.strip()]
    shape = _Shape(indented=any(line[0].isspace() for line in lines),
                   headings=any(_HEADING.match(line) for line in lines),
                   mixed=len({bool(_BULLET.match(line)) for line in lines}) > 1)
    groups: list[tuple[str, list[str]]] = []
    loose: list[str] = []
    for line in lines:
        if _is_objective(line, shape):
            groups.append((_title(line), []))
        elif groups:
            groups[-1][1].append(_title(line))
        else:
            loose.append(_title(line))
    objectives = tuple(ObjectiveDraft(title, tuple(KeyResultDraft(kr) for kr in krs)) for title, krs in groups)
    return TextPlan(objectives, tuple(KeyResultDraft(kr) for kr in loose))


@dataclass(frozen=True)
class _Shape:
    indented: bool  # key results indented under their objective
    headings: bool  # Markdown: "## Objective" with bullets under it
    mixed: bool  # plain lines (objectives) with bulleted lines (key results) under them


def _is_objective(line: str, shape: _Shape) -> bool:
    bare = _BULLET.sub("", line.strip())
    if _KR_LABEL.match(bare):
        return False
    if _OBJECTIVE_LABEL.match(bare) or _HEADING.match(line):
        return True
    if shape.indented:
        return not line[0].isspace()
    return (shape.headings or shape.mixed) and not _BULLET.match(line)


def _title(line: str) -> str:
    text = _HEADING.sub("", line.strip())
    text = _BULLET.sub("", text)
    text = _KR_LABEL.sub("", text)
    return _OBJECTIVE_LABEL.sub("", text).strip().strip("*_").strip()
