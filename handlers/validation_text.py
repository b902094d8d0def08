"""Pydantic's validation errors of an organisation file in words a person can act on.

"Extra inputs are not permitted" becomes "unknown field 'manger': did you mean 'manager'?", "List should have at
least 1 item" becomes "is empty: list at least one".
"""

from __future__ import annotations

import types
import typing
from difflib import get_close_matches

from pydantic import BaseModel


def human_reason(error: dict, model: type[BaseModel]) -> str:
    """What is wrong at ``error["loc"]`` and, where it can be told, how to put it right."""
    kind, ctx, value = error.get("type", ""), error.get("ctx") or {}, error.get("input")
    loc = tuple(error.get("loc") or ())
    if kind == "extra_forbidden":
        return _unknown_field(str(loc[-1]) if loc else "", _fields_at(model, loc[:-1]))
    if kind == "missing":
        return "is missing (required)"
    if kind == "too_short":
        return "is empty: list at least one" if isinstance(value, list) else "is empty"
    if kind == "string_too_short":
        return "is empty"
    if kind == "string_too_long":
        return f"is longer than {ctx.get('max_length')} characters"
    if kind == "literal_error":
        return f"{value!r} is not one of {ctx.get('expected', '')}"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        return f"{value!r} is not a number"
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type", "date_from_datetime_inexact"):
        return f"{value!r} is not a date (write it as YYYY-MM-DD)"
    if kind == "bool_parsing":
        return f"{value!r} is not true or false"
    if kind == "string_type":
        return "should be text"
    if kind == "list_type":
        return "should be a list (one item per line, starting with -)"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "should be a set of fields (name: value)"
    if kind in _BOUNDS:
        limit = next(iter(ctx.values()), "")
        return f"must be {_BOUNDS[kind]} {limit:g}" if isinstance(limit, float) else f"must be {_BOUNDS[kind]} {limit}"
    return str(error.get("msg", "")).removeprefix("Value error, ")


_BOUNDS = {"greater_than": "more than", "greater_than_equal": "at least", "less_than": "less than",
           "less_than_equal": "at most"}


def _unknown_field(name: str, known: set[str]) -> str:
    guess = get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    if guess:
        return f"unknown field {name!r}: did you mean {guess[0]!r}?"
    listed = f" (known here: {', '.join(sorted(known))})" if known else ""
    return f"unknown field {name!r}{listed}"


def _fields_at(model: type[BaseModel], path: tuple) -> set[str]:
    """The field names (and aliases) of the model found by following ``path`` from ``model``."""
    current: object = model
    for part in path:
        current = _unwrap(current)
        if isinstance(part, int):
            args = [a for a in typing.get_args(current) if a is not type(None)]
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel) and part in _names(current):
            current = _names(current)[part]
        else:
            return set()
    current = _unwrap(current)
    return set(_names(current)) if isinstance(current, type) and issubclass(current, BaseModel) else set()


def _names(model: type[BaseModel]) -> dict[str, object]:
    names: dict[str, object] = {}
    for name, field in model.model_fields.items():
        names[field.alias or name] = field.annotation
    return names


def _unwrap(annotation: object) -> object:
    """``X | None`` -> ``X``; lists stay lists (their element is taken on the next index)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else annotation
    return annotation
