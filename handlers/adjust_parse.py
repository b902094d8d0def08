"""Reading an edit typed in chat, in English or Dutch: ``change kr 3 target 40 because ...`` /
``wijzig kr 3 doel 40 omdat ...``, ``drop objective 2 because ...`` / ``laat objective 2 vallen omdat ...``,
``add kr to objective 2: Weekly demos 0 -> 4 because ...`` / ``voeg kr toe aan objective 2: ... omdat ...``."""

from __future__ import annotations

import re
from dataclasses import dataclass

CHANGE_WORDS = ("change", "wijzig")
STATUS_WORDS = {"pause": "paused", "pauzeer": "paused", "resume": "active", "hervat": "active",
                "drop": "dropped", "laat": "dropped", "close": "closed", "sluit": "closed"}
REMOVE_WORDS = ("remove", "verwijder")
ADD_WORDS = ("add", "voeg")
COMMANDS = (*CHANGE_WORDS, *STATUS_WORDS, *REMOVE_WORDS, *ADD_WORDS)
FIELDS = {"title": "title", "titel": "title", "target": "target", "doel": "target", "baseline": "baseline",
          "startwaarde": "baseline", "basis": "baseline", "unit": "unit", "eenheid": "unit", "kind": "kind",
          "soort": "kind", "owner": "owner", "eigenaar": "owner"}
KINDS = {"increase": "increase", "stijgen": "increase", "decrease": "decrease", "dalen": "decrease",
         "stay_above": "stay_above", "boven": "stay_above", "stay_below": "stay_below", "onder": "stay_below",
         "milestone": "milestone", "mijlpaal": "milestone"}
REASON = re.compile(r"\s+(?:because|omdat|want)\s+", re.IGNORECASE)
KR_WORDS = ("kr", "key result")
OBJECTIVE_WORDS = ("objective", "o")
_ADD = re.compile(r"^(?:kr|key result)\s+(?:to|toe aan)\s+(?:objective|o)\s+#?(?P<number>\d+)\s*:?\s+(?P<text>.+)$",
                  re.IGNORECASE)
_NUMBER_TEXT = r"-?\d+(?:[.,]\d+)?"
_MEASURE = re.compile(rf"^(?P<title>.+?)[\s:,]+(?P<base>{_NUMBER_TEXT})\s*(?:->|→|to|naar)\s*"
                      rf"(?P<target>{_NUMBER_TEXT})\s*(?P<unit>\S{{0,32}})$")


@dataclass(frozen=True)
class Measure:
    """A key result as typed in chat: ``TITLE FROM -> TO UNIT``, or a milestone without numbers."""

    title: str
    kind: str
    baseline: float
    target: float
    unit: str = ""


def parse_measure(text: str) -> Measure | None:
    """``Weekly active users 120 -> 200`` (an increase), ``Churn 8 -> 4 %`` (a decrease), ``Launch the app`` (a
    milestone); None when from and to are the same."""
    text = text.strip()
    found = _MEASURE.match(text)
    if not found:
        return Measure(text[:500], "milestone", 0.0, 1.0) if text else None
    base, target = (float(found[n].replace(",", ".")) for n in ("base", "target"))
    if base == target:
        return None
    return Measure(found["title"].strip()[:500], "increase" if target > base else "decrease", base, target,
                   found["unit"])


@dataclass(frozen=True)
class Edit:
    action: str  # "change" | "status" | "remove" | "add"
    target_id: int  # a key result's id for change/remove, an objective's id for status/add
    field: str = ""  # change: title | target | baseline | unit | kind | owner; status: the new status
    value: str = ""
    reason: str = ""


def parse_edit(name: str, argument: str) -> Edit | None:
    """The edit a command names, or None when it cannot be read (the caller shows how to type it)."""
    parts = REASON.split(f" {argument.strip()}", maxsplit=1)
    body, reason = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
    words = body.split()
    if name == "laat" and words and words[-1].lower() == "vallen":  # "laat objective 2 vallen"
        words = words[:-1]
    if name in CHANGE_WORDS:
        return _change(words, reason)
    if name in ADD_WORDS:
        added = _ADD.match(" ".join(words))
        return Edit("add", int(added["number"]), value=added["text"], reason=reason) if added else None
    if name in REMOVE_WORDS:
        number = _numbered(words, KR_WORDS)
        return None if number is None or len(words) != 2 else Edit("remove", number, reason=reason)
    number = _numbered(words, OBJECTIVE_WORDS)
    return None if number is None or len(words) != 2 else Edit("status", number, STATUS_WORDS[name], reason=reason)


def _change(words: list[str], reason: str) -> Edit | None:
    number = _numbered(words, KR_WORDS)
    if number is None or len(words) < 4 or words[2].lower() not in FIELDS:
        return None
    field, value = FIELDS[words[2].lower()], " ".join(words[3:]).strip()
    if field in ("target", "baseline") and _number(value) is None:
        return None
    if field == "kind":
        if value.lower() not in KINDS:
            return None
        value = KINDS[value.lower()]
    if field in ("target", "baseline"):
        value = _plain(_number(value))
    return Edit("change", number, field, value, reason)


def _numbered(words: list[str], nouns: tuple[str, ...]) -> int | None:
    if len(words) < 2 or words[0].lower() not in nouns:
        return None
    digits = words[1].lstrip("#")
    return int(digits) if digits.isdigit() else None


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ".").rstrip("%"))
    except ValueError:
        return None


def _plain(value: float | None) -> str:
    return f"{value:g}" if value is not None else ""
