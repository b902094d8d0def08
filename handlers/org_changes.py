"""What an import did to the store, for its summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# What the import summary calls the rows of each table.
KINDS = {"person": "people", "team": "teams", "period": "periods", "objective": "objectives",
         "keyresult": "key results", "membership": "team memberships", "oneonone": "1:1s",
         "surveyschedule": "survey schedules", "surveystatement": "survey statements",
         "planningsetting": "planning settings"}


@dataclass
class OrgChanges:
    """What an import did to the store: rows added and changed by kind, and the titles of what it archived."""

    added: Counter[str] = field(default_factory=Counter)
    changed: Counter[str] = field(default_factory=Counter)
    archived_objectives: list[str] = field(default_factory=list)
    archived_key_results: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)  # archived objectives and key results back in the file
    conflicts: list = field(default_factory=list)  # handlers/org_conflicts.Conflict: the file and chat disagree

    @property
    def nothing(self) -> bool:
        return not (+self.added or +self.changed or self.archived_objectives or self.archived_key_results)
