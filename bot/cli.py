"""The ``okrbot`` command line."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from pathlib import Path

import typer

from bot.cli_errors import FriendlyErrors, check_configuration
from bot.settings import Settings

app = typer.Typer(cls=FriendlyErrors, no_args_is_help=True, add_completion=False,
                  help="OKRs as a rhythm of conversations.")
db_app = typer.Typer(no_args_is_help=True, help="The database schema.")
app.add_typer(db_app, name="db")


def main() -> None:
    app()


def _settings() -> Settings:
    from bot.logs import configure

    check_configuration()
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
        if len(rejected.problems) == 1 and rejected.problems[0].location == "(file)":
            typer.echo(f"{file}: not imported, nothing changed: {rejected.problems[0]}", err=True)
            raise typer.Exit(2) from None
        typer.echo(f"{file}: not imported, nothing changed:", err=True)
        for problem in rejected.problems:
            typer.echo(f"  {problem}", err=True)
        raise typer.Exit(2) from None
    from bot.import_text import summary_lines

    for line in summary_lines(summary):
        typer.echo(line)
    _lint_warnings(file, summary.advice)


def _lint_warnings(file: Path, advice) -> None:
    """After an import, the linter's other warnings as advice (the plan's shape is in the summary's warnings)."""
    from bot.lint_text import render_plan

    if advice:
        typer.echo(f"the linter has {sum(len(e.findings) for e in advice)} suggestions (okrbot lint {file} "
                   "shows them all, tips included):")
        typer.echo(render_plan(advice, with_summary=False))


@app.command()
def lint(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
    format: str = typer.Option("text", help="text or json"),
    lang: str = typer.Option("en", help="the language of the findings: en or nl"),
) -> None:
    """Check the OKRs of an organisation file: outcomes rather than activities, measurable, 2-5 key results per
    objective, no duplicates, at most 5 objectives per owner and period. Advice only; exit 2 on an invalid file."""
    import json

    from bot.lint_text import render_plan
    from handlers.importer import ImportRejected, parse
    from handlers.lint_file import as_records, lint_org
    from prompts import LOCALES

    if format not in ("text", "json"):
        raise typer.BadParameter("format must be text or json")
    if lang not in LOCALES:
        raise typer.BadParameter(f"lang must be one of {', '.join(LOCALES)}")
    try:
        org = parse(file.read_bytes())
    except ImportRejected as rejected:
        typer.echo(f"{file}: not linted, the file is not valid:", err=True)
        for problem in rejected.problems:
            typer.echo(f"  {problem}", err=True)
        raise typer.Exit(2) from None
    entries = lint_org(org, lang)
    if format == "json":
        typer.echo(json.dumps(as_records(entries), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_plan(entries))


@app.command()
def coach(
    text: list[str] = typer.Argument(None, help="what bothers you or what you want to achieve; or 1:1"),
    as_person: str = typer.Option(None, "--as", help="coach this person id from the store; their draft can be saved"),
    lang: str = typer.Option("en", help="the language without --as: en or nl"),
) -> None:
    """A draft OKR from a frustration or a rough ambition. With --as a manager's id and 1:1: questions for the
    next 1:1s. Uses the AI model when OPENAI_API_KEY is set, templates otherwise."""
    from bot import commands
    from prompts import LOCALES

    if lang not in LOCALES:
        raise typer.BadParameter(f"lang must be one of {', '.join(LOCALES)}")
    words = " ".join(text or [])
    raise typer.Exit(asyncio.run(commands.coach(_settings(), words, as_person, lang, color=sys.stdout.isatty())))


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
def digest(
    manager: str = typer.Option(..., help="the manager's chat user id, e.g. U01BRAM"),
    at: str = typer.Option(None, help="show the 1:1s after this instant, ISO 8601 with offset (default: now)"),
    lang: str = typer.Option(None, help="en or nl (default: the manager's own language)"),
) -> None:
    """Print the prep digest of each of a manager's 1:1s, as it would reach them before their next meeting."""
    from bot import commands
    from prompts import LOCALES

    if lang is not None and lang not in LOCALES:
        raise typer.BadParameter(f"lang must be one of {', '.join(LOCALES)}")
    _preview(commands.preview_digests, manager, _at(at), lang)


@app.command()
def summary(
    team: str = typer.Option(..., help="the team's name"),
    at: str = typer.Option(None, help="the instant to look back from, ISO 8601 with offset (default: now)"),
) -> None:
    """Print a team's summary of its latest check-in, as its channel gets it."""
    from bot import commands

    _preview(commands.preview_summary, team, _at(at))


@app.command()
def recap(period: str = typer.Option(..., help="the period's name, e.g. 2026-Q4")) -> None:
    """Print every team's recap of a period and the organisation's, and write their charts to OKRBOT_CHART_DIR."""
    from bot import commands
    from bot.clock import utc_now

    _preview(commands.preview_recaps, period, utc_now())


def _at(text: str | None) -> datetime:
    from bot.clock import utc_now

    return _instant(text) if text else utc_now()


def _preview(command, *args) -> None:
    """Run a preview command and print it; exit 1 with the reason when there is nothing to show."""
    from bot.preview import NothingToShow

    try:
        text = asyncio.run(command(_settings(), *args))
    except NothingToShow as reason:
        typer.echo(str(reason), err=True)
        raise typer.Exit(1) from None
    typer.echo(text)


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
    """Simulate a whole quarter on a temporary SQLite file and show what everyone saw (charts go to
    OKRBOT_CHART_DIR)."""
    from bot.demo import run_demo

    asyncio.run(run_demo(seed=seed, org_file=org, write=typer.echo, chart_dir=_settings().chart_dir))


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


@app.command()
def doctor() -> None:
    """Can okrbot reach everyone? Per platform: people with no reachable address (on Teams: never seen, or they
    blocked the app) and team channels the Teams app is missing from. Exit 1 when something needs attention."""
    from bot import commands

    diagnosis = asyncio.run(commands.doctor(_settings()))
    for line in diagnosis.lines:
        typer.echo(line)
    if diagnosis.problems:
        raise typer.Exit(1)


slack_app = typer.Typer(no_args_is_help=True, help="Slack.")
app.add_typer(slack_app, name="slack")


@slack_app.command("sync")
def slack_sync() -> None:
    """Fill names, time zones and languages of known people from Slack's users.list (paged, rate-limit aware)."""
    from bot import commands
    from bot.slack.sync import SyncFailed

    settings = _settings()
    if not (settings.slack_bot_token or (settings.slack_client_id and settings.slack_client_secret)):
        typer.echo("set SLACK_BOT_TOKEN (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET) to sync from Slack", err=True)
        raise typer.Exit(2)
    try:
        report = asyncio.run(commands.slack_sync(settings))
    except SyncFailed as error:
        typer.echo(f"not synced: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(str(report))


teams_app = typer.Typer(no_args_is_help=True, help="Microsoft Teams.")
app.add_typer(teams_app, name="teams")


@teams_app.command("package")
def teams_package(
    out: Path = typer.Option(Path("okrbot-teams.zip"), help="the zip to write"),
    version: str = typer.Option(None, help="the app version in the package (raise it for every update you upload)"),
) -> None:
    """Write the Teams app package to upload: teams/manifest.json with MICROSOFT_APP_ID as the bot id, and icons."""
    from bot.teams.package import PackageError, build_package

    try:
        data = build_package(app_id=_settings().microsoft_app_id, version=version)
    except PackageError as error:
        typer.echo(f"not packaged: {error}", err=True)
        raise typer.Exit(2) from None
    out.write_bytes(data)
    typer.echo(f"wrote {out}: upload it in Teams (Apps > Manage your apps > Upload an app) or the Teams admin center")


surveys_app = typer.Typer(no_args_is_help=True, help="Survey schedules: mood checks, pre-mortems, reflections.")
app.add_typer(surveys_app, name="surveys")


@surveys_app.command("show")
def surveys_show(team: str = typer.Argument(None, help="a team name (default: every team)")) -> None:
    """Each team's survey schedule, and the surveys it asks in the running period."""
    from bot import survey_cli
    from bot.clock import utc_now

    try:
        views = asyncio.run(survey_cli.show(_settings(), team, utc_now().date()))
    except LookupError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    typer.echo("\n".join(survey_cli.render(v) for v in views) or "no teams yet")


@surveys_app.command("set")
def surveys_set(
    team: str = typer.Argument(..., help="the team name"),
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
        view = asyncio.run(survey_cli.change(_settings(), team, changes, utc_now().date()))
    except (LookupError, ValueError) as error:
        typer.echo(f"not changed: {error}", err=True)
        raise typer.Exit(2) from None
    typer.echo(survey_cli.render(view))


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
        secret = asyncio.run(token_cli.create(_settings(), name=name, scope=scope, team=team, per_minute=per_minute,
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

    lines = asyncio.run(token_cli.listing(_settings()))
    typer.echo("\n".join(token_cli.render(line) for line in lines) or "no tokens yet")


@tokens_app.command("revoke")
def tokens_revoke(name: str = typer.Argument(..., help="the token's name")) -> None:
    """Revoke a token: the API refuses it from the next request on."""
    from bot import token_cli
    from bot.clock import utc_now

    try:
        asyncio.run(token_cli.revoke(_settings(), name=name, now=utc_now()))
    except ValueError as error:
        typer.echo(f"not revoked: {error}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"token {name!r} revoked")
