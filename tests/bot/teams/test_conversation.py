"""People install okrbot in Teams, write to it, and get the same answers as in the console and Slack."""

from __future__ import annotations

from datetime import date

import aiohttp
import pytest

from bot.app import create_app
from bot.settings import Settings
from bot.terminal import TerminalMessenger
from models import Person
from models.people_queries import person_by_platform_id
from tests.absences import last_days
from tests.bot.teams import wire
from tests.bot.teams.conftest import accounts, channels


@pytest.fixture
async def org(load_org):
    await load_org(wire.org_yaml())


async def person(sessions, user_id: str) -> Person:
    async with sessions() as session:
        return await person_by_platform_id(session, platform_user_id=user_id)


def texts(activity: dict) -> str:
    """Everything a person reads in an activity: its text and its cards, as one string."""
    return str(activity.get("text", "")) + str(activity.get("attachments", ""))


async def test_installing_the_app_remembers_the_chat_and_says_hello_once(teams, connector, sessions, org):
    await teams.send(wire.personal_install, wire.ANNA)
    hello = await teams.send(wire.personal_members_added, wire.ANNA)
    assert await teams.post(hello) in (200, 201)  # Teams delivers the same activity again

    anna = (await accounts(sessions))[wire.ANNA]
    assert (anna.conversation_id, anna.tenant_id, anna.service_url) == (wire.CHAT[wire.ANNA], wire.TENANT,
                                                                        connector.url)
    assert anna.aad_id == wire.ANNA_AAD and anna.bot_id == wire.BOT and not anna.dead
    [welcome] = connector.delivered(wire.CHAT[wire.ANNA])
    assert "Hoi Anna! Ik ben okrbot" in texts(welcome)


async def test_help_lists_the_same_commands_as_everywhere(teams, connector, org):
    await teams.send(wire.message, wire.ANNA, "help")

    [answer] = connector.delivered(wire.CHAT[wire.ANNA])
    [card] = connector.cards(wire.CHAT[wire.ANNA])
    commands = [fact["title"] for element in card["body"] if element["type"] == "FactSet" for fact in element["facts"]]
    assert {"checkin", "new", "mine", "team", "lang en|nl", "help"} <= set(commands)
    assert any(command.startswith("away ") for command in commands)
    assert answer["replyToId"] == connector.calls[-1].path.rsplit("/", 1)[-1]


async def test_someone_not_in_the_organisation_is_told_so_kindly(teams, connector, sessions, org):
    stranger = "29:1stranger-Qw3rTy"
    await teams.send(wire.message, stranger, "mine")

    [answer] = connector.delivered(f"a:1chat-{stranger[-8:]}")
    assert "ken je nog niet" in answer["text"]  # the locale of their Teams client
    assert stranger in await accounts(sessions)  # reachable once they are added to the organisation


async def test_a_person_known_by_email_is_found_through_the_member_lookup(teams, connector, sessions, org):
    connector.members[wire.BEN] = wire.member(wire.BEN, "ben.miller@example.com")

    await teams.send(wire.message, wire.BEN, "mine")
    await teams.send(wire.message, wire.BEN, "team")

    answers = connector.delivered(wire.CHAT[wire.BEN])
    assert "First reply within 2 hours" in texts(answers[0])
    assert "Support" in texts(answers[1])
    lookups = [c for c in connector.calls if "/members/" in c.path]
    assert len(lookups) == 1  # the e-mail address is kept, so the next message needs no lookup
    assert (await accounts(sessions))[wire.BEN].email == "ben.miller@example.com"


async def test_a_person_known_by_azure_ad_id_needs_no_lookup(teams, connector, org):
    await teams.send(wire.message, wire.CARLA, "mine")

    [answer] = connector.delivered(wire.CHAT[wire.CARLA])
    assert "CSAT stays above 8" in texts(answer)
    assert not [c for c in connector.calls if "/members/" in c.path]


async def test_language_and_away_are_set_by_typing(teams, connector, sessions, org):
    await teams.send(wire.message, wire.ANNA, "lang en")
    await teams.send(wire.message, wire.ANNA, "away 2026-12-24")

    anna = await person(sessions, wire.ANNA)
    assert anna.locale == "en"
    assert await last_days(sessions, wire.ANNA) == [(date(2026, 12, 24), "typed")]
    first, second = connector.delivered(wire.CHAT[wire.ANNA])
    assert "in English" in first["text"] and "away through 24 December" in second["text"]


async def test_a_message_delivered_twice_is_answered_and_recorded_once(teams, connector, sessions, org):
    activity = await teams.send(wire.message, wire.ANNA, "lang en")
    assert await teams.post({**activity, "text": "lang nl"}) in (200, 201)  # same id: a retry, not a new message

    assert (await person(sessions, wire.ANNA)).locale == "en"
    assert len(connector.delivered(wire.CHAT[wire.ANNA])) == 1


async def test_in_a_channel_personal_answers_go_to_the_private_chat(teams, connector, sessions, org):
    await teams.send(wire.personal_install, wire.ANNA)
    await teams.send(wire.channel_message, wire.ANNA, "mine")
    await teams.send(wire.channel_message, wire.ANNA, "team")

    [private] = connector.delivered(wire.CHAT[wire.ANNA])
    assert "NPS stijgt van 25 naar 45" in texts(private)
    in_channel = connector.delivered()
    note = next(a for a in in_channel if "privéchat" in a.get("text", ""))
    assert "NPS" not in texts(note)
    assert any("Support" in texts(a) and "NPS" in texts(a) for a in in_channel if a is not private)
    assert wire.TEAM in await channels(sessions)


async def test_adding_the_app_to_a_team_keeps_the_channel_and_its_members(teams, connector, sessions, org):
    for user, mail in ((wire.ANNA, "anna@example.com"), (wire.BEN, "ben.miller@example.com"),
                       (wire.CARLA, "carla@example.com")):
        connector.members[user] = wire.member(user, mail)

    await teams.send(wire.team_install, wire.ANNA)

    general = (await channels(sessions))[wire.TEAM]
    assert (general.team_id, general.name, general.tenant_id, general.dead) == (wire.TEAM, "Support", wire.TENANT,
                                                                               False)
    known = await accounts(sessions)
    assert known[wire.BEN].email == "ben.miller@example.com" and known[wire.BEN].conversation_id is None
    assert set(known) == {wire.ANNA, wire.BEN, wire.CARLA}  # two pages of members
    [welcome] = connector.delivered(wire.TEAM)
    assert "Hoi Support! okrbot plaatst" in welcome["text"]  # the team speaks Dutch


async def test_removing_the_app_stops_deliveries_there(teams, connector, sessions, org):
    await teams.send(wire.personal_install, wire.ANNA)
    await teams.send(wire.team_install, wire.ANNA)
    await teams.send(wire.personal_uninstall, wire.ANNA)
    await teams.send(wire.team_uninstall, wire.ANNA)

    assert (await accounts(sessions))[wire.ANNA].dead
    assert (await channels(sessions))[wire.TEAM].dead


async def test_the_endpoint_refuses_what_is_not_an_activity(teams):
    async with teams.http.post(teams.url + "/api/messages", data="hello", headers={"Content-Type": "text/plain"}
                               ) as response:
        assert response.status == 415
    async with teams.http.post(teams.url + "/api/messages", data="{not json",
                               headers={"Content-Type": "application/json"}) as response:
        assert response.status == 400


async def test_with_an_app_id_requests_without_a_token_are_refused(tmp_path):
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
                        microsoft_app_id="00000000-0000-0000-0000-0000000000a1", microsoft_app_password="s3cret")
    app = await create_app(settings, fallback=TerminalMessenger(print))
    try:
        [edge] = app.edges
        assert edge.platform == "teams"
        from bot.server import build_web_app, serve

        runner = await serve(build_web_app(sessions=app.sessions, routes=edge.routes), "127.0.0.1", 0)
        host, port = runner.addresses[0][:2]
        activity = wire.message("http://127.0.0.1:9/", wire.ANNA, "help")
        async with aiohttp.ClientSession() as http, http.post(f"http://{host}:{port}/api/messages",
                                                              json=activity) as response:
            assert response.status == 401
            assert "s3cret" not in await response.text()
        await runner.cleanup()
    finally:
        await app.close()
