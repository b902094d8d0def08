"""One line instead of a traceback when a command fails because of its surroundings: a setting that can't be
read, a database that can't be reached, a file that can't be written. Every command ends with the same exit codes
(README, "Exit codes"): 0 all is well, 1 something needs attention (lint warnings, doctor problems, nothing to show,
a database that can't be reached), 2 a usage or input error (an option, an argument, a name, a file or a setting
that can't be used). Any other error is a bug and keeps its traceback.

Nothing heavy is imported here at module level: ``okrbot --help`` must not wait for SQLAlchemy.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import typer
from typer.core import TyperGroup

OK = 0
ATTENTION = 1
USAGE = 2
SUPPORTED = ("sqlite+aiosqlite", "postgresql+asyncpg")


class FriendlyErrors(TyperGroup):
    """The root command group: classifies what escaped a command before deciding it is a bug."""

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except OSError as error:
            if error.filename:
                fail(f"cannot write or read {error.filename}: {error.strerror or error}", USAGE)
            _explain_or_raise(error)
        except ValueError as error:  # what a bad setting raises
            _explain_or_raise(error)
        except Exception as error:
            if not _is_store_error(error):
                raise
            _explain_or_raise(error)


def _is_store_error(error: Exception) -> bool:
    store = sys.modules.get("sqlalchemy.exc")  # only loaded when a command used the store
    return store is not None and isinstance(error, store.SQLAlchemyError)


def _explain_or_raise(error: Exception) -> None:
    problem = configuration_problem()
    if problem:
        fail(problem, USAGE)
    problem = database_problem()
    if problem:
        fail(problem, ATTENTION)
    raise error


def fail(message: str, code: int) -> None:
    """Stop the command with ``okrbot: message`` on stderr and the exit code."""
    typer.echo(f"okrbot: {message}", err=True)
    raise typer.Exit(code)


def configuration_problem() -> str | None:
    """Why the environment's settings can't be used, or None."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    from bot.settings import Settings

    try:
        settings = Settings.from_env()
    except ArgumentError:
        return "DATABASE_URL is not a database URL (e.g. sqlite+aiosqlite:///okrbot.db)"
    except ValueError as error:
        return f"a setting in the environment is not valid: {error}"
    if make_url(settings.database_url).drivername not in SUPPORTED:
        return (f"DATABASE_URL {settings.redacted_url()} names no database okrbot supports "
                f"({' or '.join(f'{name}://' for name in SUPPORTED)})")
    return _sqlite_folder_problem(settings.database_url)


def _sqlite_folder_problem(url: str) -> str | None:
    """A SQLite file in a folder that does not exist (checked here: the driver would only say "unable to open")."""
    from sqlalchemy import make_url

    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    folder = Path(parsed.database).expanduser().resolve().parent
    return None if folder.is_dir() else f"DATABASE_URL points into a folder that does not exist: {folder}"


def check_configuration() -> None:
    """Stop a command before it starts when its settings can't work, with the same line and code as later."""
    problem = configuration_problem()
    if problem:
        fail(problem, USAGE)


def database_problem() -> str | None:
    """Why the configured database can't be reached, or None when a connection works."""
    from bot.settings import Settings

    settings = Settings.from_env()
    reason = asyncio.run(_probe(settings.database_url))
    if reason is None:
        return None
    for secret in settings.secrets.values():
        reason = reason.replace(secret, "***")
    return f"cannot reach the database at {settings.redacted_url()}: {reason}"


async def _probe(url: str) -> str | None:
    from sqlalchemy import text

    from models.db import make_engine

    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as error:  # whatever the driver raises, it means: not reachable; say why in one line
        cause = getattr(error, "orig", None) or error
        return (str(cause).strip().splitlines() or [type(cause).__name__])[0][:200]
    finally:
        await engine.dispose()
    return None
