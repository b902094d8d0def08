"""Reading a row id that arrived as text (a button's value, a card's field, a typed number): ASCII digits only and
small enough for a database integer, so "²", "٣" or a thousand digits is no id rather than an error."""

from __future__ import annotations

MAX_ID = 2**31 - 1  # a 32-bit signed integer: the widest key column on SQLite and PostgreSQL


def as_id(text: object) -> int | None:
    """The id ``text`` spells, or None."""
    if not isinstance(text, str) or not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def is_id(text: object) -> bool:
    return as_id(text) is not None
