"""What each CLI command does, as async functions of the settings (the Typer layer only parses arguments)."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from bot import preview
from bot.app import create_app
from bot.clock import utc_now
from bot.console import ConsoleChat, ConsoleMessenger
from bot.console_form import INTERRUPTED
from bot.names import canonical
from bot.server import build_web_app, serve
from bot.settings import Settings
from bot.terminal import TerminalMessenger
from bot.warm import warm_up
from handlers.export import export_chunks
from handlers.importer import ImportSummary, import_org
from handlers.org_export import export_org
from handlers.platforms import home_platform
from models.db import SessionFactory, make_engine, make_session_factory, transaction, upgrade
from models.people_queries import first_person_with_key_results, period_by_name
from scheduler.runner import start_scheduler
from scheduler.tick import TickReport, tick


async def upgrade_db(settings: Settings) -> None:
    async with _store(settings):
        pass  # opening the store migrates it


async def import_org_file(settings: Settings, file: Path, *, prefer_file: bool = False) -> ImportSummary:
    """The file's modification time tells whether it is newer than a chat change (handlers/org_conflicts.py)."""
    app = await create_app(settings, fallback=TerminalMessenger(print, chart_dir=settings.chart_dir))
    try:
        saved_at = datetime.fromtimestamp(file.stat().st_mtime, UTC)
        async with transaction(app.sessions) as session:
            return await import_org(session, file.read_bytes(), now=utc_now(), platform=_home_platform(settings),
                                    saved_at=saved_at, prefer_file=prefer_file)
    finally:
        await app.close()


async def tick_once(settings: Settings, now: datetime, show: bool) -> TickReport:
    app = await create_app(settings, fallback=TerminalMessenger(print, full=show, chart_dir=settings.chart_dir))
    try:
        return await tick(sessions=app.sessions, messenger=app.messenger, now=now, **_tick_options(settings))
    finally:
        await app.close()


async def preview_digests(settings: Settings, manager: str, now: datetime, locale: str | None) -> str:
    """``okrbot digest``: the manager's 1:1 prep digests as text (bot/preview.py); NothingToShow says why not."""
    async with _store(settings) as sessions:
        manager = await canonical(sessions, "person", manager)
        return await preview.prep_digests(sessions, manager=manager, now=now, locale=locale, ai=_ai(settings),
                                          chart_dir=settings.chart_dir)


async def preview_summary(settings: Settings, team: str, now: datetime) -> str:
    """``okrbot summary``: the team's latest summary as text."""
    async with _store(settings) as sessions:
        team = await canonical(sessions, "team", team)
        return await preview.team_summary(sessions, team=team, now=now, chart_dir=settings.chart_dir,
                                          ai=_ai(settings))


async def preview_recaps(settings: Settings, period: str, now: datetime) -> str:
    """``okrbot recap``: every team's recap of the period and the organisation's, their charts written."""
    async with _store(settings) as sessions:
        period = await canonical(sessions, "period", period)
        return await preview.recaps(sessions, period=period, now=now, chart_dir=settings.chart_dir, ai=_ai(settings))


async def export(settings: Settings, format: str, write: Callable[[str], object]) -> None:
    """``okrbot export``: every check-in handed to ``write`` a piece at a time, as the store streams them."""
    async with _store(settings) as sessions, sessions() as session:
        async for chunk in export_chunks(session, format=format):
            write(chunk)


async def export_okrs(settings: Settings, period: str | None, today: date) -> str:
    """``okrbot export --okrs``: the organisation file's text (handlers/org_export.py); UnknownName for a period
    that isn't there."""
    async with _store(settings) as sessions:
        found = await period_by_name_or_fail(sessions, period) if period else None
        async with sessions() as session:
            return await export_org(session, period_id=found, today=today)


async def period_by_name_or_fail(sessions: SessionFactory, typed: str) -> int:
    name = await canonical(sessions, "period", typed)
    async with sessions() as session:
        return (await period_by_name(session, name=name)).id


@asynccontextmanager
async def _store(settings: Settings) -> AsyncIterator[SessionFactory]:
    """Sessions on the migrated store, for commands that send nothing."""
    engine = make_engine(settings.database_url)
    try:
        await upgrade(engine)
        yield make_session_factory(engine)
    finally:
        await engine.dispose()


async def slack_sync(settings: Settings):
    """Names, time zones, languages and away statuses of known people from Slack (see bot/slack/sync.py)."""
    from bot.slack.sync import sync_people

    async with _store(settings) as sessions:
        return await sync_people(settings, sessions, utc_now)


async def doctor(settings: Settings):
    """Who can't be reached on which platform, without sending anything (see bot/doctor.py)."""
    from bot.doctor import diagnose

    async with _store(settings) as sessions:
        return await diagnose(settings, sessions)


async def run(settings: Settings, as_person: str | None, color: bool) -> int:
    """Serve the configured chat platforms over HTTP; without any, chat in the terminal."""
    if settings.slack_enabled or settings.teams_enabled:
        return await run_server(settings)
    return await run_console(settings, as_person, color)


async def run_server(settings: Settings) -> int:
    """Webhooks and /healthz on HOST:PORT, the scheduler ticking, until the process is stopped."""
    app = await create_app(settings, fallback=TerminalMessenger(_printer(), chart_dir=settings.chart_dir))
    routes = [route for edge in app.edges for route in edge.routes]
    runner = await serve(build_web_app(sessions=app.sessions, routes=routes), settings.host, settings.port)
    scheduler = start_scheduler(app.sessions, app.messenger, utc_now, settings.tick_seconds,
                                **_tick_options(settings))
    try:
        for edge in app.edges:
            if edge.start:
                await edge.start()
        warm_up()
        print(f"okrbot serving {', '.join(e.platform for e in app.edges)} on http://{settings.host}:{settings.port}",
              flush=True)
        await asyncio.Event().wait()
    finally:
        await scheduler.stop()
        await runner.cleanup()
        await app.close()
    return 0


async def run_console(settings: Settings, as_person: str | None, color: bool) -> int:
    """The console edge: tick every minute and chat as one person until they type quit."""
    write = _printer()
    console = ConsoleMessenger(acting_as=as_person or "", write=write, color=color, chart_dir=settings.chart_dir)
    app = await create_app(settings, fallback=console)
    try:
        if as_person:
            console.acting_as = await canonical(app.sessions, "person", as_person)
        else:
            async with app.sessions() as session:
                person = await first_person_with_key_results(session)
            if person is None:
                write("No people with key results yet. Load some first:  okrbot import examples/org.yaml")
                return 1
            console.acting_as = person.platform_user_id
            write(f"Chatting as {person.name} ({person.platform_user_id}); use --as to be someone else.")
        scheduler = start_scheduler(app.sessions, app.messenger, utc_now, settings.tick_seconds,
                                    **_tick_options(settings))
        chat = ConsoleChat(app.sessions, console.acting_as, _read_line, write, utc_now, console, color,
                           ai=_ai(settings), min_respondents=settings.min_respondents)
        try:
            await chat.run()
        finally:
            await scheduler.stop()
        return 0
    finally:
        await app.close()


async def coach(settings: Settings, text: str, as_person: str | None, locale: str, color: bool) -> int:
    """``coach TEXT`` in the terminal: as a person from the store (their draft can be saved), or a draft to read."""
    write = _printer()
    if not as_person:
        from bot.console_render import render
        from handlers.coach import preview
        from prompts import t

        if not text.strip():
            write(t(locale, "coach.usage"))
            return 2  # a usage error, as in every command (bot/cli_errors.py)
        message = await preview(text, locale=locale, ai=_ai(settings), note=t(locale, "coach.save_elsewhere"))
        write(render(message, color=color))
        return 0
    app = await create_app(settings, fallback=TerminalMessenger(write, chart_dir=settings.chart_dir))
    try:
        as_person = await canonical(app.sessions, "person", as_person)
        chat = ConsoleChat(app.sessions, as_person, _read_line, write, utc_now, color=color, ai=_ai(settings))
        await chat.on_line(f"coach {text}")
    finally:
        await app.close()
    return 0


def _ai(settings: Settings):
    """The AI client of the settings, or None; without OPENAI_API_KEY openai (a second to import) stays unloaded."""
    if not settings.openai_api_key:
        return None
    from bot.ai import ai_client

    return ai_client(settings)


def _home_platform(settings: Settings) -> str:
    return home_platform(slack=settings.slack_enabled, teams=settings.teams_enabled)


def _tick_options(settings: Settings) -> dict:
    """What every tick takes from the settings: the organisation recap's channel and the AI client."""
    return {"org_channel": settings.org_channel or None, "ai": _ai(settings)}


def _printer():
    def write(text: str) -> None:
        print(text, flush=True)

    return write


async def _read_line(prompt: str) -> str | None:
    """A line typed in the terminal; None at Ctrl-D, INTERRUPTED at Ctrl-C, at once (no waiting for Enter)."""
    if not sys.stdin.isatty():
        try:
            return await asyncio.to_thread(input, prompt)
        except EOFError:
            return None
    loop = asyncio.get_running_loop()
    typed: asyncio.Future[str | None] = loop.create_future()

    def settle(value: str | None) -> None:
        if not typed.done():
            typed.set_result(value)

    sys.stdout.write(prompt)
    sys.stdout.flush()
    loop.add_reader(sys.stdin.fileno(), lambda: settle(sys.stdin.readline() or None))
    loop.add_signal_handler(signal.SIGINT, settle, INTERRUPTED)
    try:
        line = await typed
    finally:
        loop.remove_reader(sys.stdin.fileno())
        loop.remove_signal_handler(signal.SIGINT)
    if line == INTERRUPTED:
        sys.stdout.write("\n")
    return line.rstrip("\n") if line else None
