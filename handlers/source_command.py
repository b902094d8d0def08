"""``source`` / ``bron``: a key result's owner shows, sets or removes where its value is read.

``source KR`` shows it, ``source KR http_json url=… path=… [every=6h] [name=…]`` or ``source KR csv url=… cell=B2``
sets it, ``source KR off`` removes it (its values stay). KR is the key result's id in the organisation file or its
number. Chat sets only web sources by URL, on public addresses (handlers/public_address.py): a ``sql`` query, a file
or a header from an environment variable would reach the bot's own environment or disk, so those are for the file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, TypeAdapter, ValidationError
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message, Text
from handlers.feed_notices import every_text, problem_text
from handlers.feed_settings import source_config
from handlers.ids import as_id
from handlers.public_address import Resolve, resolve_host, url_problem
from handlers.source_schema import CsvSource, HttpJsonSource
from handlers.validation_text import human_reason
from models import KeyResult, Person
from models.source_settings import remove_source, set_source, sources_of
from prompts import t
from prompts.formatting import human_moment
from scheduler.cadence import local_now

COMMANDS = ("source", "bron")
OFF = ("off", "uit")
CHAT_SOURCE = TypeAdapter(Annotated[HttpJsonSource | CsvSource, Field(discriminator="type")])
LOCALISED = ("every", "url", "path", "cell", "row")  # fields whose wrong value is told in the person's language
ALLOWED = {"http_json": {"url", "path", "every", "name"}, "csv": {"url", "cell", "column", "row", "every", "name"}}


async def run(session: AsyncSession, *, person: Person, argument: str, now: datetime,
              resolve: Resolve = resolve_host) -> Message:
    reference, _, rest = argument.partition(" ")
    if not reference:
        return _say(person.locale, "feeds.command_usage", "notice")
    key_result = await _key_result(session, reference)
    if key_result is None or key_result.owner_id != person.id:
        return _say(person.locale, "feeds.command_not_yours", "error", id=reference[:80])
    rest = rest.strip()
    if not rest:
        return await _show(session, person, key_result)
    if rest.lower() in OFF:
        removed = await remove_source(session, key_result_id=key_result.id)
        return _say(person.locale, "feeds.command_off" if removed else "feeds.command_none", "notice",
                    title=key_result.title)
    settings, problem = _parse(person.locale, rest)
    if problem:
        return _say(person.locale, "feeds.command_invalid", "error", problem=problem)
    address = await url_problem(settings.url, resolve=resolve)
    if address:
        return _say(person.locale, f"feeds.command_{address}", "error",
                    host=settings.url.split("//", 1)[-1].split("/", 1)[0][:100])
    known = (await sources_of(session, key_result_ids=[key_result.id])).get(("kr", key_result.id))
    set_source(session, known, key_result_id=key_result.id, kind=settings.type, name=settings.public_name(),
               config=source_config(settings, chat=True), every_minutes=settings.minutes, now=now)
    return _say(person.locale, "feeds.command_set", "notice", title=key_result.title, source=settings.public_name(),
                every=every_text(person.locale, settings.minutes))


async def _key_result(session: AsyncSession, reference: str) -> KeyResult | None:
    number = as_id(reference)
    match = KeyResult.ref == reference if number is None else or_(KeyResult.id == number, KeyResult.ref == reference)
    statement = select(KeyResult).where(match, KeyResult.archived_at.is_(None)).limit(1)
    return (await session.execute(statement)).scalars().first()


def _parse(locale: str, text: str) -> tuple[HttpJsonSource | CsvSource | None, str]:
    """The source the words describe, or the reason why not (in the person's language)."""
    kind, _, rest = text.partition(" ")
    kind = kind.lower()
    if kind not in ALLOWED:
        return None, t(locale, "feeds.command_kinds", kind=kind[:40])
    fields: dict[str, str] = {"type": kind}
    for word in rest.split():
        key, equals, value = word.partition("=")
        key = key.lower()
        if not equals or key not in ALLOWED[kind]:
            return None, t(locale, "feeds.command_field", field=key[:40], kind=kind,
                           allowed=", ".join(sorted(ALLOWED[kind])))
        fields[key] = _unwrap(value)
    if "url" not in fields:
        return None, t(locale, "feeds.command_no_url")
    try:
        return CHAT_SOURCE.validate_python(fields), ""
    except ValidationError as error:
        return None, _reason(locale, error.errors()[0])


def _reason(locale: str, error: dict) -> str:
    """What is wrong in the person's language for the usual slips (a field missing, a wrong interval, url, path,
    cell or row; cell and column together); the schema's own reasons, as the organisation file shows them, else."""
    fields = [str(part) for part in error.get("loc", ())[1:]]
    kind, value = error.get("type"), str(error.get("input", ""))[:80]
    if kind == "missing" and fields:
        return t(locale, "feeds.command_missing", field=fields[-1])
    if fields and fields[0] in LOCALISED and (kind == "value_error" or fields[0] == "row"):
        return t(locale, f"feeds.command_bad_{fields[0]}", value=value)
    given = error.get("input") if isinstance(error.get("input"), dict) else {}
    if not fields and "row counts" in str(error.get("msg", "")):
        return t(locale, "feeds.command_bad_row", value=str(given.get("row", ""))[:20])
    if not fields and "column" in str(error.get("msg", "")):
        return t(locale, "feeds.command_cell_or_column")
    reason = human_reason(error, HttpJsonSource if error.get("loc", ("",))[0] == "http_json" else CsvSource)
    return f"{fields[-1]}: {reason}" if fields else reason


def _unwrap(value: str) -> str:
    """Slack writes a typed link as <https://…> or <https://…|label>; Teams may keep it as typed."""
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1].split("|", 1)[0]
    return value


async def _show(session: AsyncSession, person: Person, key_result: KeyResult) -> Message:
    source = (await sources_of(session, key_result_ids=[key_result.id])).get(("kr", key_result.id))
    if source is None:
        return _say(person.locale, "feeds.command_none", "notice", title=key_result.title)
    locale = person.locale
    lines = [t(locale, "feeds.command_show", title=key_result.title, source=source.name,
               every=every_text(locale, source.every_minutes))]
    if source.problem:
        lines.append(t(locale, "feeds.command_show_failing", problem=problem_text(locale, source.problem),
                       since=human_moment(locale, local_now(person.tz, source.failing_since))))
    elif source.last_ok_at is not None:
        lines.append(t(locale, "feeds.command_show_ok", moment=human_moment(locale, local_now(person.tz,
                                                                                             source.last_ok_at))))
    else:
        lines.append(t(locale, "feeds.command_show_never"))
    return Message("source", locale, tuple(Text(line) for line in lines))


def _say(locale: str, key: str, kind: str, **params: object) -> Message:
    return Message("source", locale, (Text(t(locale, key, **params), "error" if kind == "error" else "plain"),))
