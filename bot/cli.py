"""The ``okrbot`` command line."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from pathlib import Path

import typer

from bot.settings import Settings

app = typer.Typer(no_args_is_help=True, add_completion=False, help="OKRs as a rhythm of conversations.")
db_app = typer.Typer(no_args_is_help=True, help="The database schema.")
app.add_typer(db_app, name="db")


def main() -> None:
    app()


def _settings() -> Settings:
    from bot.logs import configure

    settings = Settings.from_env()
    configure(settings.log_level if settings.log_level != "INFO" else "WARNING", settings.secrets.values())
    return settings


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the schema to the newest version."""
    from bot import commands

    settings = _settings()
    asyncio.run(commands.upgrade_db(settings))
    typer.echo(f"database at {settings.redacted_url()} is up to date")


@app.command("import")
def import_file(file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True)) -> None:
    """Load people, teams, periods and OKRs from a YAML file (all of it, or nothing)."""
    from bot import commands
    from handlers.importer import ImportRejected

    try:
        summary = asyncio.run(commands.import_org_file(_settings(), file))
    except ImportRejected as rejected:
        typer.echo(f"{file}: not imported, nothing changed:", err=True)
        for problem in rejected.problems:
            typer.echo(f"  {problem}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"imported {summary.people} people, {summary.teams} teams, {summary.periods} periods, "
               f"{summary.objectives} objectives, {summary.key_results} key results")


@app.command()
def tick(
    at: str = typer.Option(None, help="the instant to tick at, ISO 8601 with offset (default: now)"),
    show: bool = typer.Option(False, help="print every message in full"),
) -> None:
    """Send everything due at one instant, once."""
    from bot import commands
    from bot.clock import utc_now

    now = _instant(at) if at else utc_now()
    report = asyncio.run(commands.tick_once(_settings(), now, show))
    typer.echo(f"tick at {now.isoformat()}: {report}")


def _instant(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not an ISO 8601 instant, e.g. 2026-10-05T09:00+02:00") from None
    if moment.tzinfo is None:
        raise typer.BadParameter("give an offset or Z, e.g. 2026-10-05T07:00Z")
    return moment


@app.command()
def run(
    as_person: str = typer.Option(None, "--as", help="the person id to chat as in the console"),
    host: str = typer.Option(None, help="address to serve webhooks on (default HOST or 127.0.0.1)"),
    port: int = typer.Option(None, help="port to serve webhooks on (default PORT or 3000)"),
) -> None:
    """Run the bot: the scheduler ticks every minute. With Slack or Teams credentials it serves their webhooks;
    without, you chat in the terminal as one person."""
    from dataclasses import replace

    from bot import commands

    settings = _settings()
    settings = replace(settings, host=host or settings.host, port=port or settings.port)
    raise typer.Exit(asyncio.run(commands.run(settings, as_person, color=sys.stdout.isatty())))


@app.command()
def demo(
    seed: int = typer.Option(7, help="seed for the simulated answers"),
    org: Path = typer.Option(None, exists=True, dir_okay=False, help="organisation YAML (default: the example)"),
) -> None:
    """Simulate a whole quarter on a temporary SQLite file and show what everyone saw."""
    from bot.demo import run_demo

    asyncio.run(run_demo(seed=seed, org_file=org, write=typer.echo))


@app.command()
def export(
    format: str = typer.Option("json", help="json or csv"),
    out: Path = typer.Option(None, help="file to write (default: standard output)"),
) -> None:
    """All check-ins with person, key result, slot, value, confidence and texts."""
    from bot import commands
    from handlers.export import FORMATS

    if format not in FORMATS:
        raise typer.BadParameter(f"format must be one of {', '.join(FORMATS)}")
    text = asyncio.run(commands.export(_settings(), format))
    if out:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out}")
    else:
        sys.stdout.write(text)
