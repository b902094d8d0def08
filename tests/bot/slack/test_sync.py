"""``okrbot slack sync``: people's names, time zones and languages from users.list, page by page."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import date, timedelta

from sqlalchemy import select

from bot.slack.sync import sync_people
from models import Person
from models.slack_store import team_of_member
from tests.absences import set_absence, spans
from tests.bot.slack.conftest import NOW, TEAM, Scripted, slack_settings
from tests.conftest import ROOT
from tests.orgs import SMALL_ORG


def member(user_id: str, name: str, tz: str = "Europe/Amsterdam", locale: str = "en-US", **extra) -> dict:
    return {"id": user_id, "team_id": TEAM, "name": name.lower(), "real_name": name, "tz": tz, "locale": locale,
            "deleted": False, "is_bot": False, "profile": {"real_name": name, "status_emoji": "", "status_text": ""},
            **extra}


def workspace_members() -> list[dict]:
    strangers = [member(f"U_X{n:03d}", f"Stranger {n}") for n in range(300)]
    known = [
        member("U_ANNA", "Anna de Vries-Jansen", locale="nl-NL"),
        member("U_BEN", "Ben Miller", tz="America/Chicago", locale="en-GB"),
        member("U_CARLA", "Carla Jansen", tz="Mars/Olympus", locale="nl-BE",
               profile={"real_name": "Carla Jansen", "status_emoji": ":palm_tree:", "status_text": "Vacationing"}),
        member("U_BRAM", "Bram Bakker", deleted=True),
        member("B_HELPER", "Helper bot", is_bot=True),
    ]
    return strangers[:150] + known + strangers[150:]


async def _people(sessions) -> dict[str, Person]:
    async with sessions() as session:
        return {p.platform_user_id: p for p in (await session.execute(select(Person))).scalars()}


async def test_sync_pages_through_users_list_and_fills_known_people(sessions, load_org, fake_slack, clock):
    await load_org(SMALL_ORG)
    fake_slack.users = workspace_members()
    fake_slack.fail("users.list", Scripted(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "30"}))

    report = await sync_people(slack_settings(fake_slack), sessions, clock.utc, sleep=clock.sleep)

    pages = [c.args.get("cursor") for c in fake_slack.of("users.list")]
    assert pages == [None, None, "200"]  # a 429, the same first page again, then the cursor Slack gave
    assert all(c.args["limit"] == "200" and c.args["include_locale"] in ("1", "true", "True")
               for c in fake_slack.of("users.list"))
    assert clock.slept == [30]
    assert (report.members, report.known) == (304, 3)
    people = await _people(sessions)
    anna, ben, carla, bram = (people[u] for u in ("U_ANNA", "U_BEN", "U_CARLA", "U_BRAM"))
    assert (anna.name, anna.tz, anna.locale) == ("Anna de Vries-Jansen", "Europe/Amsterdam", "nl")
    assert (ben.tz, ben.locale) == ("America/Chicago", "en")
    assert carla.tz == "Europe/Amsterdam"  # an unknown zone is not taken over
    assert await spans(sessions, "U_CARLA") == [(NOW.date(), None, "status")]  # Vacationing without an end
    assert bram.name == "Bram Bakker" and "U_X001" not in people
    async with sessions() as session:
        assert await team_of_member(session, user_id="U_X299") == TEAM


async def test_a_later_sync_ends_the_status_absence_and_leaves_the_typed_one(sessions, load_org, fake_slack, clock):
    await load_org(SMALL_ORG)
    fake_slack.users = workspace_members()
    await set_absence(sessions, "U_CARLA", date(2026, 10, 12), date(2026, 10, 16))  # typed: a week planned
    await sync_people(slack_settings(fake_slack), sessions, clock.utc, sleep=clock.sleep)
    again = await sync_people(slack_settings(fake_slack), sessions, clock.utc, sleep=clock.sleep)
    assert again.updated == 0, "the same status again moves nothing"

    fake_slack.users = [member("U_CARLA", "Carla Jansen", tz="Europe/Amsterdam", locale="nl-BE")]
    clock.now = NOW + timedelta(days=2)
    report = await sync_people(slack_settings(fake_slack), sessions, clock.utc, sleep=clock.sleep)
    assert report.updated == 1
    assert await spans(sessions, "U_CARLA") == [(date(2026, 10, 5), date(2026, 10, 6), "status"),
                                                (date(2026, 10, 12), date(2026, 10, 16), "typed")]


async def test_okrbot_slack_sync_from_the_command_line(tmp_path, fake_slack):
    fake_slack.users = [member("U01ANNA", "Anna de Vries", locale="nl-NL", tz="Europe/Brussels")]
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'sync.db'}", "SLACK_API_URL": fake_slack.url,
           "SLACK_BOT_TOKEN": "xoxb-cli-token"}
    env.pop("SLACK_SIGNING_SECRET", None)

    async def okrbot(*args: str) -> tuple[int, str]:
        process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", *args, cwd=ROOT, env=env,
                                                       stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(process.communicate(), 60)
        return process.returncode, out.decode() + err.decode()

    assert (await okrbot("import", "examples/org.yaml"))[0] == 0
    code, output = await okrbot("slack", "sync")
    assert code == 0, output
    assert "1 members, 1 of them known to okrbot, 1 updated" in output
    assert "xoxb-cli-token" not in output
    assert fake_slack.of("users.list")[0].token == "xoxb-cli-token"
