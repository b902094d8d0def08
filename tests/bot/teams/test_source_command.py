"""``bron`` typed to okrbot in Teams: the same answer as in the console and Slack."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models.feeds import FeedSource
from tests.bot.teams import wire


@pytest.fixture
async def org(load_org):
    await load_org(wire.org_yaml())


async def test_an_owner_sets_and_removes_a_source_by_typing(teams, connector, sessions, org):
    await teams.send(wire.message, wire.ANNA, "bron nps http_json url=https://93.184.216.34/nps.json path=score")
    async with sessions() as session:
        assert [s.name for s in (await session.execute(select(FeedSource))).scalars()] == ["93.184.216.34"]
    await teams.send(wire.message, wire.ANNA, "bron nps uit")
    first, second = connector.delivered(wire.CHAT[wire.ANNA])
    assert "Vanaf nu haalt „NPS stijgt van 25 naar 45” zijn waarde uit 93.184.216.34" in first["text"]
    assert "heeft geen bron meer" in second["text"]
