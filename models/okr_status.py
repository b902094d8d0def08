"""Which objectives count where: drafts of a planning round are never checked in on nor reported as progress."""

from __future__ import annotations

from models.okrs import Objective

CHECKED_IN = Objective.status == "active"  # paused, dropped, closed and draft objectives are asked nothing
NOT_DRAFT = Objective.status != "draft"  # progress, summaries and recaps: everything agreed, drafts not yet
