"""``okrbot lint``: read a draft (YAML, plain text or stdin), lint it, print the findings, and say by the exit code
whether it looks good (0), needs work (1), or could not be read (2)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
import yaml

from handlers.importer import ImportRejected, decode
from handlers.lint import PlanEntry, needs_work
from handlers.lint_draft import lint_text, lint_yaml
from handlers.lint_file import as_records
from handlers.org_schema import OrgFile
from prompts import t

CLEAN, NEEDS_WORK, UNREADABLE = 0, 1, 2
_TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")


def run_lint(source: str, output: str, locale: str) -> int:
    """Lint ``source`` (a path, or ``-`` for stdin) and print the result as ``output`` (text or json)."""
    name = "stdin" if source == "-" else source
    try:
        text = _read(source)
        entries = _lint(text, source, locale)
    except ImportRejected as rejected:
        typer.echo(t(locale, "lint_cli.not_valid", source=name), err=True)
        for problem in rejected.problems:
            typer.echo(f"  {problem}", err=True)
        return UNREADABLE
    except OSError as error:
        typer.echo(t(locale, "lint_cli.cannot_read", source=name, reason=error.strerror or error), err=True)
        return UNREADABLE
    if not entries:
        typer.echo(t(locale, "lint_cli.nothing", source=name), err=True)
        return UNREADABLE
    if output == "json":
        typer.echo(json.dumps(as_records(entries), ensure_ascii=False, indent=2))
    else:
        from bot.lint_text import render_plan

        typer.echo(render_plan(entries, locale=locale))
    return NEEDS_WORK if any(needs_work(e.findings) for e in entries) else CLEAN


def _read(source: str) -> str:
    if source == "-":
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        return decode(data)
    path = Path(source)
    if path.is_dir():
        raise IsADirectoryError(21, "it is a folder, not a file", source)
    return decode(path.read_bytes())


def _lint(text: str, source: str, locale: str) -> list[PlanEntry]:
    if _is_yaml(text, source):
        return lint_yaml(text, locale)
    return lint_text(text, locale)


def _is_yaml(text: str, source: str) -> bool:
    """A .yaml file is read as an organisation file; other input only when it looks like one."""
    suffix = Path(source).suffix.lower() if source != "-" else ""
    if suffix in (".yaml", ".yml"):
        return True
    if suffix in _TEXT_SUFFIXES:
        return False
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and any(key in OrgFile.model_fields for key in data)
