"""The ``okrbot`` commands that preview, export, diagnose and administer (bot/cli.py holds the root and the rest).
Like bot/cli.py, nothing heavy is imported before a command runs."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import typer

from bot.cli import app, at_or_now, check_locale, run_naming, settings
from bot.cli_errors import ATTENTION, USAGE

db_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="The database schema.")
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the schema to the newest version."""
    from bot import commands

    found = settings()
    asyncio.run(commands.upgrade_db(found))
    typer.echo(f"database at {found.redacted_url()} is up to date")


@app.command()
def digest(
    manager: str = typer.Option(..., help="the manager's chat user id or name, e.g. U01BRAM"),
    at: str = typer.Option(None, help="show the 1:1s after this instant, ISO 8601 with offset (default: now)"),
    lang: str = typer.Option(None, help="en or nl (default: the manager's own language)"),
) -> None:
    """Print the prep digest of each of a manager's 1:1s, as it would reach them before their next meeting."""
    from bot import commands

    check_locale(lang)
    _preview(commands.preview_digests, manager, at_or_now(at), lang)


@app.command()
def summary(
    team: str = typer.Option(..., help="the team's name (any case)"),
    at: str = typer.Option(None, help="the instant to look back from, ISO 8601 with offset (default: now)"),
) -> None:
    """Print a team's summary of its latest check-in, as its channel gets it."""
    from bot import commands

    _preview(commands.preview_summary, team, at_or_now(at))


@app.command()
def recap(period: str = typer.Option(..., help="the period's name, e.g. 2026-Q4")) -> None:
    """Print every team's recap of a period and the organisation's, and write their charts to OKRBOT_CHART_DIR."""
    from bot import commands

    _preview(commands.preview_recaps, period, at_or_now(None))


def _preview(command, *args) -> None:
    """Run a preview command and print it; exit 1 with the reason when there is nothing to show."""
    from bot.preview import NothingToShow

    try:
        text = run_naming(command(settings(), *args))
    except NothingToShow as reason:
        typer.echo(str(reason), err=True)
        raise typer.Exit(ATTENTION) from None
    typer.echo(text)


@app.command()
def export(
    format: str = typer.Option("json", help="json or csv"),
    out: Path = typer.Option(None, help="file to write (default: standard output)"),
    okrs: bool = typer.Option(False, "--okrs", help="the organisation and its OKRs as an organisation file (YAML) "
                                                   "that okrbot import reads back, instead of the check-ins"),
    period: str = typer.Option(None, help="with --okrs: only this period's OKRs (default: every period's)"),
) -> None:
    """All check-ins with person, key result, slot, value, confidence and texts; or with --okrs the organisation
    file."""
    from bot import commands
    from handlers.export import FORMATS

    if okrs:
        from bot.clock import utc_now

        if format != "json":
            raise typer.BadParameter("--okrs writes YAML: leave out --format")
        text = run_naming(commands.export_okrs(settings(), period, utc_now().date()))
        _write(out, lambda write: write(text))
        return
    if period:
        raise typer.BadParameter("--period goes with --okrs")
    if format not in FORMATS:
        raise typer.BadParameter(f"format must be one of {', '.join(FORMATS)}")
    _write(out, lambda write: asyncio.run(commands.export(settings(), format, write)))


def _write(out: Path | None, produce) -> None:
    """``produce(write)`` to standard output, or to ``out``, which appears only once it is complete."""
    if not out:
        produce(sys.stdout.write)
        return
    partial = out.with_name(out.name + ".part")
    try:
        with partial.open("w", encoding="utf-8") as file:
            produce(file.write)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    typer.echo(f"wrote {out}")


@app.command()
def doctor() -> None:
    """Can okrbot reach everyone? Per platform: people with no reachable address (on Teams: never seen, or they
    blocked the app) and team channels the Teams app is missing from. Exit 1 when something needs attention."""
    from bot import commands

    diagnosis = asyncio.run(commands.doctor(settings()))
    for line in diagnosis.lines:
        typer.echo(line)
    if diagnosis.problems:
        raise typer.Exit(ATTENTION)


slack_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="Slack.")
app.add_typer(slack_app, name="slack")


@slack_app.command("sync")
def slack_sync() -> None:
    """Fill names, time zones and languages of known people from Slack's users.list (paged, rate-limit aware)."""
    from bot import commands
    from bot.slack.sync import SyncFailed

    found = settings()
    if not (found.slack_bot_token or (found.slack_client_id and found.slack_client_secret)):
        typer.echo("set SLACK_BOT_TOKEN (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET) to sync from Slack", err=True)
        raise typer.Exit(USAGE)
    try:
        report = asyncio.run(commands.slack_sync(found))
    except SyncFailed as error:
        typer.echo(f"not synced: {error}", err=True)
        raise typer.Exit(ATTENTION) from None
    typer.echo(str(report))


teams_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="Microsoft Teams.")
app.add_typer(teams_app, name="teams")


@teams_app.command("package")
def teams_package(
    out: Path = typer.Option(Path("okrbot-teams.zip"), help="the zip to write"),
    version: str = typer.Option(None, help="the app version in the package, X.Y.Z (raise it for every update you "
                                           "upload)"),
) -> None:
    """Write the Teams app package to upload: teams/manifest.json with MICROSOFT_APP_ID as the bot id, and icons.
    Exit 1 (the package is written) when the manifest still names example.com addresses."""
    from bot.cli_text import say
    from bot.teams.package import PackageError, build_package, example_urls

    try:
        data = build_package(app_id=settings().microsoft_app_id, version=version)
    except PackageError as error:
        typer.echo(f"not packaged: {error}", err=True)
        raise typer.Exit(USAGE) from None
    out.write_bytes(data)
    typer.echo(f"wrote {out}: upload it in Teams (Apps > Manage your apps > Upload an app) or the Teams admin center")
    warnings = example_urls(data)
    for field, url in warnings:
        typer.echo(say("package_example_url", field=field, url=url), err=True)
    if warnings:
        raise typer.Exit(ATTENTION)


surveys_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                          help="Survey schedules: mood checks, pre-mortems, reflections.")
app.add_typer(surveys_app, name="surveys")


@surveys_app.command("show")
def surveys_show(team: str = typer.Argument(None, help="a team name, any case (default: every team)")) -> None:
    """Each team's survey schedule, and the surveys it asks in the running period."""
    from bot import survey_cli
    from bot.clock import utc_now

    views = run_naming(survey_cli.show(settings(), team, utc_now().date()))
    typer.echo("\n".join(survey_cli.render(v) for v in views) or "no teams yet")


@surveys_app.command("set")
def surveys_set(
    team: str = typer.Argument(..., help="the team name, any case"),
    day: str = typer.Option(None, help="weekday surveys are asked on, e.g. wednesday"),
    time: str = typer.Option(None, help="local time, HH:MM within 09:00-16:59"),
    mood_every: int = typer.Option(None, help="weeks between mood checks; 0 turns them off"),
    mood_first: str = typer.Option(None, help="development or leadership: the catalog asked first"),
    mood_start_week: int = typer.Option(None, help="the week of the period the first mood check is in (0 = first)"),
    premortem: bool = typer.Option(None, "--premortem/--no-premortem", help="a pre-mortem in each period's first week"),
    reflection: bool = typer.Option(None, "--reflection/--no-reflection", help="a reflection in a period's last week"),
) -> None:
    """Change a team's survey schedule (the next import of a file with a surveys block sets it again)."""
    from bot import survey_cli
    from bot.clock import utc_now

    changes = survey_cli.changes_from(day=day, time=time, mood_every=mood_every, mood_first=mood_first,
                                      mood_start_week=mood_start_week, premortem=premortem, reflection=reflection)
    if not changes:
        raise typer.BadParameter("give at least one of --day, --time, --mood-every, --mood-first, "
                                 "--mood-start-week, --premortem/--no-premortem, --reflection/--no-reflection")
    try:
        view = run_naming(survey_cli.change(settings(), team, changes, utc_now().date()))
    except ValueError as error:
        typer.echo(f"not changed: {error}", err=True)
        raise typer.Exit(USAGE) from None
    typer.echo(survey_cli.render(view))
