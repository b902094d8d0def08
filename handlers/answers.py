"""What a typed check-in answer says: "Niets", "n.v.t." or "-" under "Anything blocking you?" says nothing is.

One rule for recording (the form stores no text for such an answer) and for reading (rows stored before the rule
show nothing either): an answer says nothing when every part of it, split at commas and full stops, is one of the
``common.nothing_words`` of any language (a Dutch team member may type "none"), or when it is only punctuation.
Case, spaces and the dots of "n.v.t." do not matter; "No access to the CRM" is a blocker.
"""

from __future__ import annotations

import re
from functools import cache

from prompts import LOCALES, t

PARTS = re.compile(r"[,;:!?…]+|\.(?:\s+|$)|\s+[-–—]+\s+")
EDGES = " \t\r\n.-–—_*'\"“”„‘’`()[]"


def says_nothing(text: str) -> bool:
    """True for "", "-", "—", "Niets.", "nee, hoor", "N.v.t.", "None!", "no, nothing": nothing is in the way."""
    parts = [_plain(part) for part in PARTS.split(text.casefold())]
    return all(part in _nothing_words() for part in parts if part)


def meant(text: str) -> str:
    """The answer as a message shows it: stripped, or "" when it says nothing."""
    return "" if says_nothing(text) else text.strip()


def _plain(part: str) -> str:
    return " ".join(part.strip(EDGES).replace(".", "").replace("/", "").split())


@cache
def _nothing_words() -> frozenset[str]:
    return frozenset(_plain(word) for locale in LOCALES for word in t(locale, "common.nothing_words").split(","))
