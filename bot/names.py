"""Names typed on the command line (``--team support``, ``--as u01anna``) matched to the store's spelling without
regard to case; a name that matches nothing gives the valid ones, closest first."""

from __future__ import annotations

import difflib

from models.db import SessionFactory
from models.name_queries import known_names, person_names

SHOWN = 12  # a long list of valid names is cut: the closest ones first


class UnknownName(LookupError):
    """No stored name of this kind matches; ``str()`` lists the valid ones."""

    def __init__(self, kind: str, typed: str, known: dict[str, str]):
        from bot.cli_text import say

        self.kind, self.typed = kind, typed
        close = difflib.get_close_matches(typed.casefold(), [n.casefold() for n in known], n=SHOWN, cutoff=0.4)
        folded = {n.casefold(): n for n in known}
        order = [folded[c] for c in close] + sorted(n for n in known if n.casefold() not in close)
        shown = [known[n] for n in order[:SHOWN]]
        if len(known) > SHOWN:
            shown.append(say("and_more", count=len(known) - SHOWN))
        valid = ", ".join(shown) if shown else say("none_yet")
        super().__init__(say(f"unknown_{kind}", name=typed, valid=valid))


def match(typed: str, known: dict[str, str], extra: dict[str, str] | None = None) -> str | None:
    """The stored name ``typed`` means: exact, else the one equal but for case (also among ``extra`` aliases)."""
    if typed in known:
        return typed
    folded = typed.casefold()
    found = {n for n in known if n.casefold() == folded}
    found |= {target for alias, target in (extra or {}).items() if alias.casefold() == folded}
    return found.pop() if len(found) == 1 else None


async def canonical(sessions: SessionFactory, kind: str, typed: str) -> str:
    """The store's spelling of the ``kind`` (person, team, period) named ``typed``; UnknownName if none.

    A person may be named by their id or their full name."""
    async with sessions() as session:
        known = await known_names(session, kind=kind)
        extra = await person_names(session) if kind == "person" else None
    found = match(typed.strip(), known, extra)
    if found is None:
        raise UnknownName(kind, typed, known)
    return found
