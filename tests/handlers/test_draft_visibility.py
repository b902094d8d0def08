"""Who sees a draft of the planning round: the owner, their manager, the team, and for the organisation's drafts the
people who agree a team's set; never a channel."""

from __future__ import annotations

from handlers.visibility import Circle, in_channel, may_see
from models import Objective

CIRCLE = Circle(managers={1: None, 2: 1, 3: 2, 4: 2}, members={10: {2, 3}}, leads={2})


def draft(level: str, *, person: int | None = None, team: int | None = None, status: str = "draft") -> Objective:
    return Objective(id=7, ref="r", title="T", level=level, period_id=1, owner_person_id=person, owner_team_id=team,
                     status=status)


def test_a_personal_draft_is_seen_by_its_owner_and_their_manager_only():
    seen = {viewer for viewer in (1, 2, 3, 4) if may_see(viewer, draft("person", person=3), CIRCLE)}
    assert seen == {2, 3}


def test_a_teams_draft_is_seen_by_the_team_and_never_in_its_channel():
    objective = draft("team", team=10)
    assert {viewer for viewer in (1, 2, 3, 4) if may_see(viewer, objective, CIRCLE)} == {2, 3}
    assert not in_channel(objective, 10)
    assert in_channel(draft("team", team=10, status="active"), 10)


def test_the_organisations_draft_is_seen_by_its_owner_and_the_team_leads():
    seen = {viewer for viewer in (1, 2, 3, 4) if may_see(viewer, draft("org", person=1), CIRCLE)}
    assert seen == {1, 2}
    assert all(may_see(viewer, draft("org", person=1, status="active"), CIRCLE) for viewer in (1, 2, 3, 4))
