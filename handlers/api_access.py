"""What an API token may read and write: the chat's privacy rules (handlers/visibility.py) for a caller who is
not a person, plus the token's scope and team.

* Scopes grow: ``read`` reads, ``values`` also pushes key-result values, ``admin`` also reads personal objectives.
* **Personal objectives** are private in chat (owner, holders, manager, shares); a token is none of those, so only
  an ``admin`` token reads them, and a team's ``admin`` token only those of the team's members.
* **A team's token** reads its team's objectives and the organisation's (open to everyone in chat), and writes only
  key results of its team's objectives (and, as ``admin``, of its members' personal ones).
* **Check-ins** show their numbers only (week, value, confidence, when): blockers and "one level up" are words
  people wrote for their manager or team, and survey answers are never in the API at all.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from handlers.visibility import is_personal
from models import Objective

SCOPES = ("read", "values", "admin")
ORG = "org"


@dataclass(frozen=True)
class TokenAccess:
    """A token as the rules need it: its scope, its team (None: the whole organisation) and that team's members."""

    scope: str
    team_id: int | None = None
    members: frozenset[int] = field(default_factory=frozenset)

    def allows(self, needed: str) -> bool:
        return SCOPES.index(self.scope) >= SCOPES.index(needed)


def may_read(access: TokenAccess, objective: Objective) -> bool:
    if is_personal(objective):
        return access.allows("admin") and (access.team_id is None or objective.owner_person_id in access.members)
    return access.team_id is None or objective.level == ORG or objective.owner_team_id == access.team_id


def may_write(access: TokenAccess, objective: Objective) -> bool:
    """Whether the token may push values to the objective's key results (it must be able to read them too)."""
    if not (access.allows("values") and may_read(access, objective)):
        return False
    return access.team_id is None or objective.level != ORG


def readable(access: TokenAccess, objectives: Collection[Objective]) -> list[Objective]:
    return [o for o in objectives if may_read(access, o)]
