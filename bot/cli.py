"""The ``okrbot`` command line.

Help must start fast: only Typer and the standard library are imported here; every command imports what it needs
(the store, the chat libraries, matplotlib, openai) when it runs. Exit codes: bot/cli_errors.py.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from pathlib import Path

import typer

from bot.cli_errors import USAGE, FriendlyErrors, check_configuration

app = typer.Typer(cls=FriendlyErrors, no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  help="OKRs as a rhythm of conversations.",
                  epilog="Exit codes: 0 ok, 1 something needs attention, 2 usage or input error.")


def main() -> None:
    app()


def _version(given: bool) -> None:
    if given:
        from importlib.metadata import version

        from bot.cli_text import say

        typer.echo(say("version", version=version("okrbot")))
        raise typer.Exit()


@app.callback()
def root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Show the version and exit.")) -> None:
    """OKRs as a rhythm of conversations."""


def settings():
    """The environment's settings, checked; logging configured (quiet unless OKRBOT_LOG_LEVEL says otherwise)."""
    from bot.logs import configure
    from bot.settings import Settings

    check_configuration()
    found = Settings.from_env()
    configure(found.log_level if found.log_level != "INFO" else "WARNING", found.secrets.values())
    return found


def run_naming(coroutine) -> object:
    """Run a command's coroutine; a name that matches nothing stops it with the valid names and exit 2."""
    from bot.cli_errors import fail
    from bot.names import UnknownName

    try:
        return asyncio.run(coroutine)
    except UnknownName as unknown:
        fail(str(unknown), USAGE)


def check_locale(lang: str | None) -> None:
    from prompts import LOCALES

    if lang is not None and lang not in LOCALES:
        raise typer.BadParameter(f"lang must be one of {', '.join(LOCALES)}")


@app.command("import")
def import_file(file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
                prefer: str = typer.Option(None, help="file: take the file's values where chat changed them since "
                                                      "the file was saved (default: keep the newer)")) -> None:
    """Load people, teams, periods and OKRs from a YAML file (all of it, or nothing). A change made in chat after
    the file was saved stays and is reported as a conflict (not an error), unless --prefer file."""
    from bot import commands
    from handlers.importer import ImportRejected

    if prefer not in (None, "file"):
        raise typer.BadParameter("--prefer takes one value: file")
    try:
        summary = asyncio.run(commands.import_org_file(settings(), file, prefer_file=prefer == "file"))
    except ImportRejected as rejected:
        if len(rejected.problems) == 1 and rejected.problems[0].location == "(file)":
            typer.echo(f"{file}: not imported, nothing changed: {rejected.problems[0]}", err=True)
            raise typer.Exit(USAGE) from None
        typer.echo(f"{file}: not imported, nothing changed:", err=True)
        for problem in rejected.problems:
            typer.echo(f"  {problem}", err=True)
        raise typer.Exit(USAGE) from None
    from bot.import_text import summary_lines

    for line in summary_lines(summary):
        typer.echo(line)
    _lint_warnings(file, summary.advice)


def _lint_warnings(file: Path, advice) -> None:
    """After an import, the linter's other warnings as advice (the plan's shape is in the summary's warnings)."""
    from bot.cli_text import say
    from bot.lint_text import render_plan

    if advice:
        typer.echo(say("lint_suggestions", count=sum(len(e.findings) for e in advice), file=file))
        typer.echo(render_plan(advice, with_summary=False))


@app.command()
def lint(
    file: str = typer.Argument(..., help="a draft YAML file, a .txt or .md file, or - to read standard input"),
    format: str = typer.Option("text", help="text or json"),
    lang: str = typer.Option("en", help="the language of the findings: en or nl"),
) -> None:
    """Check drafted OKRs: outcomes rather than activities, measurable, 2-5 key results per objective, no
    duplicates, at most 5 objectives per owner and period. Reads a draft organisation file (a key result needs only
    a title) or plain text: one objective per unindented line with its key results indented below, or a list of key
    results. Exit 0: looks good (tips at most); 1: something needs work; 2: could not be read."""
    from bot.lint_run import run_lint

    if format not in ("text", "json"):
        raise typer.BadParameter("format must be text or json")
    check_locale(lang)
    raise typer.Exit(run_lint(file, format, lang))


@app.command()
def coach(
    text: list[str] = typer.Argument(None, help="what bothers you or what you want to achieve; or 1:1"),
    as_person: str = typer.Option(None, "--as", help="coach this person (id or name) from the store; their draft "
                                                     "can be saved"),
    lang: str = typer.Option("en", help="the language without --as: en or nl"),
) -> None:
    """A draft OKR from a frustration or a rough ambition. With --as a manager's id and 1:1: questions for the
    next 1:1s. Uses the AI model when OPENAI_API_KEY is set, templates otherwise."""
    from bot import commands

    check_locale(lang)
    words = " ".join(text or [])
    code = run_naming(commands.coach(settings(), words, as_person, lang, color=sys.stdout.isatty()))
    raise typer.Exit(code)


@app.command()
def tick(
    at: str = typer.Option(None, help="the instant to tick at, ISO 8601 with offset (default: now)"),
    show: bool = typer.Option(False, "--show", help="print every message in full"),
) -> None:
    """Send everything due at one instant, once."""
    from bot import commands
    from bot.clock import utc_now

    now = instant(at) if at else utc_now()
    report = asyncio.run(commands.tick_once(settings(), now, show))
    typer.echo(f"tick at {now.isoformat()}: {report}")


def instant(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not an ISO 8601 instant, e.g. 2026-10-05T09:00+02:00") from None
    if moment.tzinfo is None:
        raise typer.BadParameter("give an offset or Z, e.g. 2026-10-05T07:00Z")
    return moment


def at_or_now(text: str | None) -> datetime:
    from bot.clock import utc_now

    return instant(text) if text else utc_now()


@app.command()
def run(
    as_person: str = typer.Option(None, "--as", help="the person (id or name) to chat as in the console"),
    host: str = typer.Option(None, help="address to serve webhooks on (default HOST or 127.0.0.1)"),
    port: int = typer.Option(None, help="port to serve webhooks on (default PORT or 3000)"),
) -> None:
    """Run the bot: the scheduler ticks every minute. With Slack or Teams credentials it serves their webhooks;
    without, you chat in the terminal as one person."""
    from dataclasses import replace

    from bot import commands

    found = settings()
    found = replace(found, host=host or found.host, port=port or found.port)
    raise typer.Exit(run_naming(commands.run(found, as_person, color=sys.stdout.isatty())))


@app.command()
def demo(
    seed: int = typer.Option(7, help="seed for the simulated answers"),
    org: Path = typer.Option(None, exists=True, dir_okay=False, help="organisation YAML (default: the example)"),
) -> None:
    """Simulate a whole quarter on a temporary SQLite file and show what everyone saw (charts go to
    OKRBOT_CHART_DIR)."""
    from bot.demo import run_demo

    asyncio.run(run_demo(seed=seed, org_file=org, write=typer.echo, chart_dir=settings().chart_dir))


from bot import cli_admin  # noqa: E402, F401  (its commands join the app: previews, export, doctor, db, platforms)

tokens_app = typer.Typer(no_args_is_help=True, help="Tokens for the REST API (/api/v1).")
app.add_typer(tokens_app, name="tokens")


@tokens_app.command("create")
def tokens_create(
    name: str = typer.Option(..., help="what the token is for, e.g. ci-nightly (shown as a pushed value's origin)"),
    scope: str = typer.Option(..., help="read, values (read and push values) or admin (also personal objectives)"),
    team: str = typer.Option(None, help="limit the token to one team's key results"),
    per_minute: int = typer.Option(120, help="requests a minute before the API answers 429"),
) -> None:
    """Make a token and print it once: only its hash is kept."""
    from bot import token_cli
    from bot.clock import utc_now

    try:
        secret = asyncio.run(token_cli.create(settings(), name=name, scope=scope, team=team, per_minute=per_minute,
                                              now=utc_now()))
    except ValueError as error:
        typer.echo(f"no token made: {error}", err=True)
        raise typer.Exit(2) from None
    typer.echo(secret)
    typer.echo(f"token {name!r} made; it is shown this once, keep it in your secret store", err=True)


@tokens_app.command("list")
def tokens_list() -> None:
    """Every token's name, scope, team, rate limit and state (never the token)."""
    from bot import token_cli

    lines = asyncio.run(token_cli.listing(settings()))
    typer.echo("\n".join(token_cli.render(line) for line in lines) or "no tokens yet")


@tokens_app.command("revoke")
def tokens_revoke(name: str = typer.Argument(..., help="the token's name")) -> None:
    """Revoke a token: the API refuses it from the next request on."""
    from bot import token_cli
    from bot.clock import utc_now

    try:
        asyncio.run(token_cli.revoke(settings(), name=name, now=utc_now()))
    except ValueError as error:
        typer.echo(f"not revoked: {error}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"token {name!r} revoked")
