"""Importing people, teams, periods and OKRs from one YAML file: all of it, or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import yaml
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.org_checks import cross_reference_problems
from handlers.org_schema import OrgFile
from handlers.org_store import existing_keys, write_org
from models.one_on_one_store import managers_of_record


@dataclass(frozen=True)
class Problem:
    location: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line else ""
        return f"{where}{self.location}: {self.reason}"


class ImportRejected(Exception):
    """The file is not valid; nothing of it was imported."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True)
class ImportSummary:
    people: int
    teams: int
    periods: int
    objectives: int
    key_results: int


def parse(text: str) -> OrgFile:
    """Read and validate the file; raise ImportRejected with every problem and where it is."""
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise ImportRejected([Problem("(file)", line, f"not valid YAML: {getattr(error, 'problem', error)}")]) from None
    if not isinstance(data, dict):
        raise ImportRejected([Problem("(file)", 1, "expected a mapping with periods, people, teams and okrs")])
    try:
        return OrgFile.model_validate(data)
    except ValidationError as error:
        raise ImportRejected([
            _problem(root, tuple(e["loc"]), e["msg"].removeprefix("Value error, ")) for e in error.errors()
        ]) from None


async def import_org(session: AsyncSession, text: str, *, now: datetime | None = None) -> ImportSummary:
    """Validate ``text`` completely, then upsert it in the caller's transaction; ``now`` dates the absences the
    file sets (``vacation_until``), which are left as they are without it."""
    org = parse(text)
    known = await existing_keys(session)
    listed = {p.id for p in org.people}
    managers = await managers_of_record(session, user_ids={o.report for o in org.one_on_ones} - listed)
    problems = cross_reference_problems(org, **known, known_managers=managers)
    if problems:
        root = yaml.compose(text)
        raise ImportRejected([_problem(root, location, reason) for location, reason in problems])
    await write_org(session, org, now=now)
    key_results = sum(len(o.key_results) for o in org.okrs)
    return ImportSummary(len(org.people), len(org.teams), len(org.periods), len(org.okrs), key_results)


def _problem(root: yaml.Node | None, location: tuple, reason: str) -> Problem:
    path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in location).lstrip(".")
    return Problem(path or "(file)", _line_of(root, location), reason)


def _line_of(node: yaml.Node | None, location: tuple) -> int | None:
    """The line of the deepest node along ``location`` that exists in the file."""
    line = node.start_mark.line + 1 if node else None
    for part in location:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line
