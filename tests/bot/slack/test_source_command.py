"""``/okr source`` in Slack: a key result's owner sets a source; a private address is refused, privately."""

from __future__ import annotations

import json

from sqlalchemy import select

from models.feeds import FeedSource
from tests.orgs import SMALL_ORG


async def _command(slack_server, text: str, user: str = "U_BEN") -> str:
    assert await slack_server.command(text, user=user) == 200
    await slack_server.drain()
    reply = slack_server.fake.responses[-1]
    assert reply["response_type"] == "ephemeral"
    return json.dumps(reply["blocks"], ensure_ascii=False)


async def test_an_owner_sets_a_source_and_a_private_address_is_refused(slack_server, sessions, load_org):
    await load_org(SMALL_ORG)
    refused = await _command(slack_server, "source renewals http_json url=http://169.254.169.254/latest path=x")
    assert "169.254.169.254 is an address inside a private network" in refused
    set_ = await _command(slack_server, "source renewals csv url=https://93.184.216.34/r.csv cell=B2 every=1d")
    assert "From now on “Renewal rate from 70% to 85%” takes its value from 93.184.216.34, read every day" in set_
    async with sessions() as session:
        assert [s.kind for s in (await session.execute(select(FeedSource))).scalars()] == ["csv"]
    kpi = await _command(slack_server, "kpi Uptime 99.9")
    assert "You own no KPI called “Uptime”." in kpi
