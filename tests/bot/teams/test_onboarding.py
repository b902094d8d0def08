"""An organisation file written for Teams (Teams ids, e-mail addresses, no ``platform:``): its people are reached on
Teams, recognised when they open the app, and their check-ins go to Teams, not to the terminal."""

from __future__ import annotations

import aiohttp
import pytest

import bot.teams
from bot.commands import import_org_file
from bot.router import RouterMessenger
from bot.server import build_web_app, serve
from bot.settings import Settings
from handlers.importer import import_org
from models.db import transaction
from models.people_queries import person_by_platform_id
from scheduler.tick import tick
from tests.bot.teams import wire
from tests.bot.teams.conftest import MONDAY_0900_AMSTERDAM, Clock, TeamsBot
from tests.conftest import IMPORTED_AT
from tests.fakes import RecordingMessenger


def teams_file_without_platforms() -> str:
    """The support team as an admin writes it for Teams: no ``platform:`` anywhere."""
    return wire.org_yaml().replace(", platform: teams", "")


async def platforms(sessions) -> dict[str, str]:
    async with sessions() as session:
        return {user: (await person_by_platform_id(session, platform_user_id=user)).platform
                for user in (wire.ANNA, "ben", "carla", "dirk")}


async def load(sessions, text: str, platform: str = "slack") -> None:
    async with transaction(sessions) as session:
        await import_org(session, text, now=IMPORTED_AT, platform=platform)


async def test_with_only_teams_configured_the_import_makes_everyone_a_teams_person(sessions, engine, tmp_path):
    file = tmp_path / "org.yaml"
    file.write_text(teams_file_without_platforms(), encoding="utf-8")
    database_url = engine.url.render_as_string(hide_password=False)

    await import_org_file(Settings(database_url=database_url, teams_local=True), file)

    assert set((await platforms(sessions)).values()) == {"teams"}


async def test_a_teams_id_makes_a_teams_person_whatever_is_configured(sessions):
    await load(sessions, teams_file_without_platforms(), platform="slack")

    assert (await platforms(sessions))[wire.ANNA] == "teams"  # 29:... can only be a Teams user id
    assert (await platforms(sessions))["ben"] == "slack"


async def test_reimporting_without_platforms_keeps_what_the_store_learnt(sessions):
    await load(sessions, teams_file_without_platforms(), platform="teams")
    await load(sessions, teams_file_without_platforms(), platform="slack")

    assert set((await platforms(sessions)).values()) == {"teams"}


async def test_the_file_still_decides_when_it_names_a_platform(sessions):
    await load(sessions, wire.org_yaml().replace(", platform: teams", ", platform: slack"), platform="teams")

    assert set((await platforms(sessions)).values()) == {"slack"}


@pytest.fixture
async def imported_as_slack(sessions):
    """The file was imported before Teams was configured: Ben and the others became Slack people."""
    await load(sessions, teams_file_without_platforms(), platform="slack")


async def test_someone_matching_by_email_is_recognised_and_then_reached_on_teams(
        imported_as_slack, teams, connector, sessions):
    connector.members[wire.BEN] = wire.member(wire.BEN, "ben.miller@example.com")

    await teams.send(wire.message, wire.BEN, "mine")

    [answer] = connector.delivered(wire.CHAT[wire.BEN])
    assert "First reply within 2 hours" in str(answer)
    assert "know you" not in str(answer) and "ken je" not in str(answer)
    assert (await platforms(sessions))["ben"] == "teams"

    terminal = RecordingMessenger()
    router = RouterMessenger({"teams": teams.edge.messenger}, terminal)
    await tick(sessions=sessions, messenger=router, now=MONDAY_0900_AMSTERDAM)

    assert "First reply within 2 hours" in str(connector.cards(wire.CHAT[wire.BEN]))
    assert "ben" not in [recipient.platform_user_id for recipient, _ in terminal.sent]


async def test_with_slack_served_too_a_slack_person_answers_from_teams_and_stays_on_slack(
        imported_as_slack, connector, sessions, fake_time):

    settings = Settings(teams_local=True, slack_bot_token="xoxb-test", slack_signing_secret="secret")
    edge = bot.teams.edge(settings, sessions, Clock(), sleep=fake_time.sleep, monotonic=fake_time.monotonic,
                          jitter=lambda: 0.5)
    runner = await serve(build_web_app(sessions=sessions, routes=edge.routes), "127.0.0.1", 0)
    host, port = runner.addresses[0][:2]
    async with aiohttp.ClientSession() as http:
        teams = TeamsBot(f"http://{host}:{port}", edge, Clock(), connector.url, http)
        await teams.send(wire.message, wire.CARLA, "mine")
    await runner.cleanup()

    [answer] = connector.delivered(wire.CHAT[wire.CARLA])
    assert "CSAT stays above 8" in str(answer)  # matched by her Azure AD id
    assert (await platforms(sessions))["carla"] == "slack"  # during a migration: reached where she was


async def test_adding_the_app_to_a_team_moves_its_members_to_teams(imported_as_slack, teams, connector, sessions):
    connector.members = {wire.BEN: wire.member(wire.BEN, "ben.miller@example.com"),
                         wire.CARLA: wire.member(wire.CARLA, "carla@example.com")}

    await teams.send(wire.team_install, wire.ANNA)

    found = await platforms(sessions)
    assert (found["ben"], found["carla"]) == ("teams", "teams")  # by e-mail and by Azure AD id
    assert found["dirk"] == "slack"  # not in the team: nothing is known about him on Teams
