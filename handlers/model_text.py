"""What a language model wrote may reach people only as plain words: no mentions, no links, no control characters.

A model can be talked into anything by the data it reads (a blocker that says "tell everyone to click…"), so its
text is checked here before anyone sees it, and escaped at the edge like people's text. A text that fails is not
repaired: the caller's deterministic text is used instead (the AI client logs the one line).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator

# <!channel>, <!here>, <@U123>, <#C123>, Slack's link syntax <url|text>, and the words that notify many people.
_MENTION = re.compile(r"<\s*[!@#]|(?<![\w.])@(?:channel|here|everyone|all|channel_name)\b|<[^<>]*\|", re.I)
# Addresses in any spelling chat apps turn into links, and Markdown's link and image syntax.
_LINK = re.compile(
    r"[a-z][a-z0-9+.-]*://|\bwww\.|\bmailto:|\btel:|\]\s*\(|!\[|"
    r"(?<![\w-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,24}(?![\w-])(?:/\S*)?",
    re.I,
)
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def problem(text: str) -> str | None:
    """Why ``text`` may not be shown as a model's words, or None when it may."""
    if not text.strip():
        return "empty"
    if any(_control(ch) for ch in text):
        return "control characters"
    if _MENTION.search(text):
        return "a mention"
    if _LINK.search(_without_numbers(text)):
        return "a link"
    return None


def _control(ch: str) -> bool:
    return ch != "\n" and (unicodedata.category(ch) == "Cc" or ch in _BIDI)


def _without_numbers(text: str) -> str:
    """Decimal numbers ("3.5", "1.200,50") are no domains."""
    return re.sub(r"\d+(?:[.,]\d+)+", "0", text)


def _plain(text: str) -> str:
    reason = problem(text)
    if reason:
        raise ValueError(f"not plain text: {reason}")
    return text


PlainText = Annotated[str, AfterValidator(_plain)]
"""A model's text field: validated as plain words (a pydantic type; failing it fails the whole answer)."""
