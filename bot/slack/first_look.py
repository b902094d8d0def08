"""A check-in modal's fields checked before Slack gets its answer, with nothing but the modal itself.

Slack waits 3 seconds for the answer to a submission, and the store may be slow when many people press Save at
once, so the check-in is recorded after the answer. What can be refused next to the field without the store is
refused here, by the core's own rules (handlers/checkin_form.parse_answers): a number that is none, a confidence
missing or out of 1-10, a milestone answered with neither yes nor no, a text too long, nothing answered at all.
Whose key results and which week it is are checked when it is recorded.
"""

from __future__ import annotations

from collections.abc import Mapping

from handlers.checkin_form import FIELD, parse_answers
from prompts import t


def first_look(view: Mapping, fields: Mapping[str, str], locale: str, *, first_page: bool) -> dict[str, str]:
    """The messages per field for what is wrong in ``fields``, judged as the modal ``view`` asked them."""
    answers, errors = parse_answers(fields, kinds=_kinds(view), locale=locale)
    if not errors and not answers and first_page:
        errors["form"] = t(locale, "checkin.nothing_answered")
    return errors


def _kinds(view: Mapping) -> dict[int, str]:
    """Each key result the modal asks about; a milestone's value is a yes/no select, any other kind reads a
    number the same way."""
    kinds: dict[int, str] = {}
    blocks = view.get("blocks")
    for block in blocks if isinstance(blocks, list) else []:
        match = FIELD.match(str(block.get("block_id", ""))) if isinstance(block, Mapping) else None
        if match and match[2] == "value":
            element = block.get("element")
            is_select = isinstance(element, Mapping) and element.get("type") == "static_select"
            kinds[int(match[1])] = "milestone" if is_select else "increase"
        elif match:
            kinds.setdefault(int(match[1]), "increase")
    return kinds
