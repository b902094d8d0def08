"""Importing people, teams, periods and OKRs from one YAML file: all of it, or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import yaml
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.lint import STRUCTURE_CODES, WARNING, PlanEntry
from handlers.lint_file import lint_org, warnings_only
from handlers.org_checks import cross_reference_problems
from handlers.org_schema import OrgFile
from handlers.org_store import OrgChanges, existing_keys, write_org
from handlers.validation_text import human_reason
from models.org_queries import managers_by_user_id, period_dates

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    changes: OrgChanges = field(default_factory=OrgChanges, compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)  # the 2-5 key results and 5 objectives rules
    advice: tuple[PlanEntry, ...] = field(default=(), compare=False)  # the linter's other warnings, per entry


def decode(data: bytes) -> str:
    """The text of a file's bytes: UTF-8 (a byte order mark is allowed), else ImportRejected with one line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRejected([Problem("(file)", line, f"not UTF-8 text (byte {error.start + 1} can't be read): "
                                                      "save the file as UTF-8 and import it again")]) from None


def parse(text: str | bytes, *, model: type[OrgFile] = OrgFile) -> OrgFile:
    """Read and validate the file against ``model`` (a draft schema for ``okrbot lint``); raise ImportRejected
    with every problem, where it is, and in words a person can act on."""
    if isinstance(text, bytes):
        text = decode(text)
    if not text.strip():
        raise ImportRejected([Problem("(file)", None, "the file is empty: expected periods, people, teams and okrs")])
    try:
        data = yaml.load(text, Loader=LOADER)
    except yaml.YAMLError:
        raise ImportRejected([_yaml_problem(text, _python_reader_error(text))]) from None
    if not isinstance(data, dict):
        raise ImportRejected([Problem("(file)", 1, "expected a mapping with periods, people, teams and okrs")])
    try:
        return model.model_validate(data)
    except ValidationError as error:
        root = yaml.compose(text, Loader=LOADER)  # the nodes' lines, read only when there is something to point at
        raise ImportRejected([_problem(root, tuple(e["loc"]), human_reason(e, model)) for e in error.errors()]) \
            from None


async def import_org(session: AsyncSession, text: str | bytes, *, now: datetime, platform: str = "slack",
                     saved_at: datetime | None = None, prefer_file: bool = False) -> ImportSummary:
    """Validate ``text`` completely, then upsert it in the caller's transaction; what left the file is archived
    as of ``now``; ``now`` also dates the absences the file sets (``vacation_until``). People the file gives no
    platform are reached on ``platform`` (see handlers/platforms.py). ``saved_at``: when the file was last saved
    (None: unknown, older than any chat change); an OKR field changed in chat since keeps the chat's value and is
    reported as a conflict, unless ``prefer_file`` (handlers/org_conflicts.py)."""
    text = decode(text) if isinstance(text, bytes) else text
    org = parse(text)
    known = await existing_keys(session)
    listed = {p.id for p in org.people}
    managers = {user: boss for user, boss in (await managers_by_user_id(session)).items() if user not in listed}
    problems = cross_reference_problems(org, **known, known_managers=managers,
                                        known_period_dates=await period_dates(session))
    if problems:
        root = yaml.compose(text, Loader=LOADER)
        raise ImportRejected([_problem(root, location, reason) for location, reason in problems])
    changes = await write_org(session, org, now=now, platform=platform, saved_at=saved_at, prefer_file=prefer_file)
    key_results = sum(len(o.key_results) for o in org.okrs)
    linted = lint_org(org)
    return ImportSummary(len(org.people), len(org.teams), len(org.periods), len(org.okrs), key_results, changes,
                         structure_warnings(linted), tuple(warnings_only(linted, leave_out=STRUCTURE_CODES)))


def structure_warnings(linted: list[PlanEntry]) -> tuple[str, ...]:
    """The linter's rules on the plan's shape (2-5 key results per objective, at most 5 objectives per owner and
    period), worded as chat words them: advice, never a reason to refuse the file."""
    return tuple(f.message for entry in linted for f in entry.findings
                 if f.code in STRUCTURE_CODES and f.severity == WARNING)


def _yaml_problem(text: str, error: yaml.YAMLError) -> Problem:
    """One line: where the reader or parser stopped, and why."""
    mark = getattr(error, "problem_mark", None)
    if isinstance(error, yaml.reader.ReaderError):
        line, why = text[: error.position].count("\n") + 1, error.reason
        why = f"{why} (character {error.character!r})" if isinstance(error.character, str) else why
    else:
        line, why = (mark.line + 1 if mark else None), getattr(error, "problem", None) or str(error)
    return Problem("(file)", line, "not valid YAML: " + " ".join(str(why).split()))


def _python_reader_error(text: str) -> yaml.YAMLError:
    """The pure-Python reader's account of a file libyaml refused: its messages say more ("mapping values are not
    allowed here") and point at the same place."""
    try:
        yaml.safe_load(text)
    except yaml.YAMLError as error:
        return error
    return yaml.YAMLError("the file could not be read")


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
