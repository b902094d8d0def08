"""An organisation for the REST API's tests and bench/api_fuzz.py: team, organisation and personal objectives
aligned into one tree, check-ins holding private words, and a token of each scope and team."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from handlers.api_tokens import issue_token
from models import KeyResult
from models.checkin_store import record_checkins
from models.db import transaction
from tests.orgs import SMALL_ORG

NOW = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)
BLOCKER = "Anna's private worry about the Zendesk migration"
ONE_UP = "Bram should talk to finance about it"

API_ORG = SMALL_ORG + """
  - id: company
    objective: Be the support team people recommend
    level: org
    owner: U_BRAM
    period: 2026-Q4
    key_results:
      - {id: company-nps, title: Company NPS from 20 to 40, kind: increase, baseline: 20, target: 40, owner: U_BRAM}
  - id: anna-growth
    objective: Anna grows into a team lead
    level: person
    owner: U_ANNA
    period: 2026-Q4
    parent: support-fans
    key_results:
      - {id: anna-talks, title: Give 3 internal talks, kind: increase, baseline: 0, target: 3, owner: U_ANNA}
"""
API_ORG = API_ORG.replace("    type: aspirational\n", "    type: aspirational\n    parent: company\n", 1)

TOKENS = {  # name: (scope, team)
    "reader": ("read", None), "pusher": ("values", None), "boss": ("admin", None),
    "support-reader": ("read", "Support"), "support-pusher": ("values", "Support"),
    "support-admin": ("admin", "Support"), "sales-admin": ("admin", "Sales"),
}


async def seed(sessions, load_org, *, per_minute: int = 120, tokens=TOKENS) -> tuple[dict[str, str], dict[str, int]]:
    await load_org(API_ORG)
    async with transaction(sessions) as session:
        krs = {kr.ref.split("/")[-1]: kr.id for kr in (await session.execute(select(KeyResult))).scalars()}
        tokens = {name: await issue_token(session, name=name, scope=scope, team=team, per_minute=per_minute,
                                          now=NOW) for name, (scope, team) in tokens.items()}
    for slot, at, nps, confidence in (("2026-10-05", datetime(2026, 10, 5, 10, tzinfo=UTC), 28, 6),
                                      ("2026-10-12", datetime(2026, 10, 12, 10, tzinfo=UTC), 31, 8)):
        async with transaction(sessions) as session:
            answers = [{"key_result_id": krs[ref], "value": value, "confidence": confidence, "blockers": BLOCKER,
                        "one_level_up": ONE_UP} for ref, value in (("nps", nps), ("anna-talks", 1))]
            await record_checkins(session, person_id=1, period_id=1, slot=slot, answers=answers, now=at)
    return tokens, krs
