"""Reading one number from a data source: a JSON document over HTTP, a SQL query, a cell of a CSV file.

Every failure becomes a FeedFailed with a fixed code (and at most an HTTP status or an environment variable's name),
never a server's or driver's own text, which may quote a URL, a DSN or a query's data. Each read has a timeout.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import math
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

import aiohttp
import aiosqlite
import asyncpg
import jmespath
from jmespath.exceptions import JMESPathError
from yarl import URL

from handlers.checkin_form import parse_number
from handlers.public_address import url_problem
from handlers.source_schema import CELL, CsvSource, HttpJsonSource, SqlSource

TIMEOUT = 10.0  # seconds for one read, connecting included
MAX_BYTES = 2_000_000
MAX_REDIRECTS = 5


class FeedFailed(Exception):
    """``code`` names what went wrong (feeds.problem_<code> in prompts/locales); ``detail`` is safe to show."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code} {detail}".strip())
        self.code, self.detail = code, detail


async def read_source(source: HttpJsonSource | SqlSource | CsvSource, *, http: aiohttp.ClientSession,
                      env: Mapping[str, str], public_only: bool = False) -> float:
    """The source's number now, or FeedFailed. ``public_only`` (a source set in chat): every address the URL and
    its redirects lead to must be public (handlers/public_address.py)."""
    try:
        async with asyncio.timeout(TIMEOUT):
            if isinstance(source, HttpJsonSource):
                return await _http_json(source, http, env, public_only)
            if isinstance(source, SqlSource):
                return await _sql(source, env)
            return await _csv(source, http, public_only)
    except TimeoutError:
        raise FeedFailed("timeout") from None


async def _download(url: str, http: aiohttp.ClientSession, headers: Mapping[str, str] | None = None,
                    public_only: bool = False) -> bytes:
    try:
        if public_only:
            return await _public_download(url, http)
        async with http.get(url, headers=headers, allow_redirects=True) as response:
            return await _body(response)
    except aiohttp.ClientError:
        raise FeedFailed("connect") from None


async def _public_download(url: str, http: aiohttp.ClientSession) -> bytes:
    """Follow redirects one by one, checking each address before connecting to it."""
    for _ in range(MAX_REDIRECTS + 1):
        if await url_problem(url):
            raise FeedFailed("address")
        async with http.get(url, allow_redirects=False) as response:
            location = response.headers.get("Location")
            if response.status not in (301, 302, 303, 307, 308) or not location:
                return await _body(response)
            url = str(response.url.join(URL(location)))
    raise FeedFailed("redirects")


async def _body(response: aiohttp.ClientResponse) -> bytes:
    if response.status >= 400:
        raise FeedFailed("http", str(response.status))
    body = await response.content.read(MAX_BYTES + 1)
    if len(body) > MAX_BYTES:
        raise FeedFailed("too_big")
    return body


def _env(env: Mapping[str, str], name: str) -> str:
    value = env.get(name)
    if not value:
        raise FeedFailed("env", name)
    return value


async def _http_json(source: HttpJsonSource, http: aiohttp.ClientSession, env: Mapping[str, str],
                     public_only: bool) -> float:
    headers = {header: _env(env, name) for header, name in source.headers.items()}
    body = await _download(source.url, http, headers, public_only)
    try:
        document = json.loads(body)
    except ValueError:
        raise FeedFailed("not_json") from None
    try:
        found = jmespath.search(source.path, document)
    except JMESPathError:
        raise FeedFailed("no_match") from None
    if found is None:
        raise FeedFailed("no_match")
    return number(found)


def number(found: object) -> float:
    """A finite number from what a source held: a number, or a text like "42", "3,5" or "45%"."""
    if isinstance(found, bool):
        raise FeedFailed("not_number")
    if isinstance(found, int | float | Decimal):
        value = float(found)
        if math.isfinite(value):
            return value
        raise FeedFailed("not_number")
    value = parse_number(found) if isinstance(found, str) else None
    if value is None:
        raise FeedFailed("not_number")
    return value


async def _sql(source: SqlSource, env: Mapping[str, str]) -> float:
    dsn = _env(env, source.dsn_env)
    if dsn.startswith(("sqlite:", "sqlite+aiosqlite:")):
        return await _sqlite(dsn.split("///", 1)[-1], source.query)
    if not dsn.startswith(("postgresql", "postgres:")):
        raise FeedFailed("dsn_kind")
    try:
        connection = await asyncpg.connect(dsn.replace("postgresql+asyncpg:", "postgresql:"), timeout=TIMEOUT)
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, ValueError):
        raise FeedFailed("connect") from None
    try:
        await connection.execute(f"SET statement_timeout = {int(TIMEOUT * 1000)}")
        async with connection.transaction(readonly=True):
            rows = await connection.fetch(source.query)
    except (asyncpg.PostgresError, asyncpg.InterfaceError):
        raise FeedFailed("query") from None
    finally:
        await connection.close(timeout=TIMEOUT)
    return _one_number([tuple(row) for row in rows])


async def _sqlite(path: str, query: str) -> float:
    try:
        async with aiosqlite.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True) as connection:
            rows = await (await connection.execute(query)).fetchmany(2)
    except aiosqlite.Error:
        raise FeedFailed("query") from None
    return _one_number(list(rows))


def _one_number(rows: list[tuple]) -> float:
    if len(rows) != 1 or len(rows[0]) != 1 or rows[0][0] is None:
        raise FeedFailed("not_one_number")
    return number(rows[0][0])


async def _csv(source: CsvSource, http: aiohttp.ClientSession, public_only: bool) -> float:
    if source.url:
        body = await _download(source.url, http, public_only=public_only)
    elif public_only:
        raise FeedFailed("address")
    else:
        try:
            body = await asyncio.to_thread(_read_file, source.file)
        except OSError:
            raise FeedFailed("file") from None
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig", errors="replace"))))
    return number(_cell(source, rows))


def _read_file(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(MAX_BYTES + 1)


def _cell(source: CsvSource, rows: list[list[str]]) -> str:
    if source.cell:
        letters, digits = CELL.fullmatch(source.cell).groups()
        column = 0
        for letter in letters.upper():
            column = column * 26 + ord(letter) - 64
        row, column = int(digits) - 1, column - 1
    else:
        header = [name.strip().lower() for name in rows[0]] if rows else []
        if source.column.lower() not in header:
            raise FeedFailed("no_cell")
        column = header.index(source.column.lower())
        filled = [i for i, r in enumerate(rows[1:], 1) if len(r) > column and r[column].strip()]
        row = filled[-1] if source.row == "last" and filled else (source.row if source.row != "last" else -1)
    if not 0 <= row < len(rows) or column >= len(rows[row]) or not rows[row][column].strip():
        raise FeedFailed("no_cell")
    return rows[row][column]
