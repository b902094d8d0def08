"""The ``source:`` of a key result or KPI and the ``kpis:`` of a team or the organisation, as the organisation file
and the ``source`` command write them.

A source names secrets only by the environment variable that holds them (``headers`` values, ``dsn_env``), so the
file, the store and every message can be read by anyone who may read the plan.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

import jmespath
from jmespath.exceptions import JMESPathError
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

DEFAULT_EVERY = "6h"
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,99}")
EVERY = re.compile(r"(\d{1,4})\s*(m|min|h|u|d)")  # u: uur, as Dutch writes hours
CELL = re.compile(r"([A-Za-z]{1,3})([1-9]\d{0,6})")
MIN_MINUTES, MAX_MINUTES = 5, 30 * 24 * 60
CHAT_MARK = "set_in_chat"  # in a stored source's config: set by the ``source`` command, so public addresses only


class _Source(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, max_length=200)  # what people read as the origin of a value
    every: str = DEFAULT_EVERY

    @field_validator("every", mode="before")
    @classmethod
    def _interval(cls, value: object) -> str:
        text = str(value).strip().lower()
        match = EVERY.fullmatch(text)
        if not match:
            raise ValueError(f"every {text!r} is not an interval like 30m, 6h or 1d")
        minutes = every_minutes(text)
        if not MIN_MINUTES <= minutes <= MAX_MINUTES:
            raise ValueError(f"every {text!r}: a source is read at most every {MIN_MINUTES} minutes and at least "
                             "every 30 days")
        return text

    @property
    def minutes(self) -> int:
        return every_minutes(self.every)


def every_minutes(text: str) -> int:
    count, unit = EVERY.fullmatch(text).groups()
    return int(count) * {"m": 1, "min": 1, "h": 60, "u": 60, "d": 1440}[unit]


def _web_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("the url must start with http:// or https://")
    return url


def _env_name(name: str) -> str:
    if not ENV_NAME.fullmatch(name):
        raise ValueError(f"{name[:40]!r} is not the name of an environment variable (letters, digits, _)")
    return name


class HttpJsonSource(_Source):
    type: Literal["http_json"]
    url: str = Field(max_length=2000)
    path: str = Field(min_length=1, max_length=500)  # a JMESPath expression: data.count, items[-1].value
    headers: dict[str, str] = {}  # header name -> the environment variable holding its value

    _url = field_validator("url")(classmethod(lambda cls, url: _web_url(url)))

    @field_validator("path")
    @classmethod
    def _expression(cls, path: str) -> str:
        try:
            jmespath.compile(path)
        except JMESPathError:
            raise ValueError(f"path {path[:80]!r} is not a JMESPath expression (like data.total or "
                             "items[-1].value)") from None
        return path

    @field_validator("headers")
    @classmethod
    def _header_envs(cls, headers: dict[str, str]) -> dict[str, str]:
        return {name: _env_name(env) for name, env in headers.items()}

    def public_name(self) -> str:
        return self.name or urlsplit(self.url).hostname or "http_json"


class SqlSource(_Source):
    type: Literal["sql"]
    dsn_env: str  # the environment variable holding the database URL (postgresql://… or sqlite:///…)
    query: str = Field(min_length=1, max_length=5000)

    _env = field_validator("dsn_env")(classmethod(lambda cls, name: _env_name(name)))

    def public_name(self) -> str:
        return self.name or "SQL"


class CsvSource(_Source):
    type: Literal["csv"]
    url: str | None = Field(default=None, max_length=2000)
    file: str | None = Field(default=None, max_length=1000)
    cell: str | None = None  # A1 notation: B2
    column: str | None = Field(default=None, max_length=200)  # a header's text, with ``row``
    row: int | Literal["last"] = "last"  # the n-th row under the header, or the last one

    @field_validator("url")
    @classmethod
    def _url(cls, url: str | None) -> str | None:
        return None if url is None else _web_url(url)

    @field_validator("cell")
    @classmethod
    def _cell(cls, cell: str | None) -> str | None:
        if cell is not None and not CELL.fullmatch(cell):
            raise ValueError(f"cell {cell[:20]!r} is not a cell like B2")
        return None if cell is None else cell.upper()

    @model_validator(mode="after")
    def _where(self) -> CsvSource:
        if (self.url is None) == (self.file is None):
            raise ValueError("a csv source needs either a url or a file")
        if (self.cell is None) == (self.column is None):
            raise ValueError("a csv source needs either a cell (like B2) or a column (a header's text)")
        if isinstance(self.row, int) and self.row < 1:
            raise ValueError("row counts from 1 (the first row under the header)")
        return self

    def public_name(self) -> str:
        if self.name:
            return self.name
        return urlsplit(self.url).hostname or "CSV" if self.url else self.file.replace("\\", "/").rsplit("/", 1)[-1]


SourceIn = Annotated[HttpJsonSource | SqlSource | CsvSource, Field(discriminator="type")]


class KpiIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str | None = Field(default=None, max_length=100)
    name: str = Field(min_length=1, max_length=200)
    unit: str = Field(default="", max_length=32)
    low: float | None = None
    high: float | None = None
    owner: str | None = None
    source: SourceIn | None = None

    @model_validator(mode="after")
    def _corridor(self) -> KpiIn:
        if self.low is None and self.high is None:
            raise ValueError("a KPI needs a healthy corridor: low, high or both")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError("low must not be above high")
        return self
