"""The lines the architecture draws: the core knows no platform, migrations match the models, texts match."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import models  # noqa: F401  (registers every table on SQLModel.metadata)
from prompts import catalog

ROOT = Path(__file__).resolve().parent.parent
CORE = ("handlers", "models", "scheduler", "prompts")
PROJECT = ("bot", "handlers", "models", "scheduler", "prompts")
PLATFORM_SDKS = ("slack_bolt", "slack_sdk", "botbuilder", "botframework", "openai")


def imports_of(path: Path) -> list[str]:
    return imports_in(path.read_text(encoding="utf-8"), package=path.relative_to(ROOT).parent.parts)


def imports_in(source: str, *, package: tuple[str, ...]) -> list[str]:
    """Every module a source imports, anywhere in it (also inside functions and TYPE_CHECKING blocks).

    ``from a import b`` counts as ``a.b``, so ``from bot import messages`` is ``bot.messages``; a relative
    import is resolved against ``package``.
    """
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *filter(None, [base])])
            found.extend(f"{base}.{alias.name}" for alias in node.names)
    return found


def core_files() -> list[Path]:
    files = sorted(p for package in CORE for p in (ROOT / package).rglob("*.py"))
    assert len(files) > 10, "the scan must see the core's sources"
    return files


def top(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize("path", core_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_imports_no_chat_platform_or_ai_sdk(path):
    assert [m for m in imports_of(path) if top(m) in PLATFORM_SDKS] == []


@pytest.mark.parametrize("path", core_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_takes_only_the_neutral_messages_from_bot(path):
    from_bot = [m for m in imports_of(path) if top(m) == "bot"]
    assert [m for m in from_bot if m != "bot.messages" and not m.startswith("bot.messages.")] == []


def test_the_cadence_maths_stands_alone():
    assert [m for m in imports_of(ROOT / "scheduler" / "cadence.py") if top(m) in PROJECT or m.startswith(".")] == []


def test_the_import_scan_sees_what_it_looks_for():
    """The scan itself: aliased, nested, from-imports and relative imports are all found."""
    source = "import slack_sdk.web as w\ndef f():\n    from bot.slack import app\nfrom . import checkin\n"
    assert sorted(imports_in(source, package=("handlers",))) == ["bot.slack.app", "handlers.checkin", "slack_sdk.web"]


async def test_the_migrations_build_exactly_the_models_schema(engine):
    """``engine`` is migrated with models.db.upgrade on a fresh SQLite file and on PostgreSQL."""

    def differences(connection) -> list:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "compare_server_default": True})
        return compare_metadata(context, SQLModel.metadata)

    async with engine.connect() as connection:
        assert await connection.run_sync(differences) == []


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_text_exists_in_english_and_dutch():
    english, dutch = catalog("en"), catalog("nl")
    assert sorted(english.keys() - dutch.keys()) == [], "missing in Dutch"
    assert sorted(dutch.keys() - english.keys()) == [], "missing in English"


def test_english_and_dutch_texts_take_the_same_placeholders():
    english, dutch = catalog("en"), catalog("nl")
    different = {
        key: (sorted(placeholders(english[key])), sorted(placeholders(dutch[key])))
        for key in english.keys() & dutch.keys()
        if placeholders(english[key]) != placeholders(dutch[key])
    }
    assert different == {}


def test_a_tick_process_loads_no_http_client_until_a_source_or_webhook_is_due():
    """About 10 MB of every ``okrbot tick`` process that reads no data source and posts no webhook."""
    import subprocess
    import sys

    code = "import sys, scheduler.tick; print('aiohttp' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "False"
