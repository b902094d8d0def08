"""Delivering a tick through Slack: a 429 waits and retries, a big fan-out keeps to the posting rate, an
uninstalled workspace gets nothing (and the tick gives up on it instead of retrying forever)."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from models import Delivery
from models.slack_store import workspace_count
from scheduler.tick import MAX_ATTEMPTS, tick
from tests.bot.slack.conftest import NOW, TEAM, Scripted, slack_settings, start_slack_server, stop_slack_server
from tests.orgs import SMALL_ORG


def big_org(people: int) -> str:
    """``people`` members in Amsterdam, each with one key result, all due on Monday 09:00."""
    lines = ["periods:", "  - {name: 2026-Q4, start: 2026-10-01, end: 2026-12-31}", "people:"]
    lines += [f"  - {{id: U{n:04d}, name: Person {n}, tz: Europe/Amsterdam}}" for n in range(people)]
    lines += ["teams:", "  - name: Everyone", "    members: [" + ", ".join(f"U{n:04d}" for n in range(people)) + "]",
              "okrs:"]
    for n in range(people):
        lines += [f"  - objective: Goal of person {n}", "    level: person", f"    owner: U{n:04d}",
                  "    period: 2026-Q4", "    key_results:",
                  f"      - {{title: Tickets solved by {n} grow from 10 to 20, baseline: 10, target: 20}}"]
    return "\n".join(lines) + "\n"


async def test_a_429_is_retried_after_retry_after_and_delivered_once(slack_server, sessions, load_org, clock):
    await load_org(SMALL_ORG)
    slack_server.fake.fail("chat.postMessage", Scripted(429, {"ok": False, "error": "ratelimited"},
                                                        {"Retry-After": "7"}))
    report = await tick(sessions=sessions, messenger=slack_server.built.slack.messenger, now=NOW)

    posts = slack_server.fake.of("chat.postMessage")
    assert [c.args["channel"] for c in posts] == ["U_ANNA", "U_ANNA", "U_CARLA"]  # the first try got the 429
    assert report.sent["checkin"] == 2 and report.failed == 0
    assert 7 in clock.slept
    assert posts[1].at - posts[0].at >= 7  # waited Retry-After before trying again
    assert posts[2].at - posts[0].at >= 7  # ...and the whole workspace waited with it
    async with sessions() as session:
        statuses = (await session.execute(select(Delivery.status))).scalars().all()
    assert statuses == ["sent", "sent"]
    again = await tick(sessions=sessions, messenger=slack_server.built.slack.messenger, now=NOW + timedelta(minutes=1))
    assert not again.sent and len(slack_server.fake.of("chat.postMessage")) == 3


async def test_a_tick_of_200_people_stays_within_the_posting_rate(sessions, load_org, fake_slack, clock):
    settings = slack_settings(fake_slack, slack_posts_per_minute=60)
    server = await start_slack_server(sessions, fake_slack, clock, settings)
    try:
        await load_org(big_org(200))
        report = await tick(sessions=sessions, messenger=server.built.slack.messenger, now=NOW)
    finally:
        await stop_slack_server(server)
    moments = [c.at for c in fake_slack.of("chat.postMessage")]
    assert report.sent["checkin"] == 200 and len(moments) == 200
    # At most 60 posts in any minute: the 61st post after any post comes a full minute later or more.
    assert min(later - earlier for earlier, later in zip(moments, moments[60:], strict=False)) >= 60
    # ...and not slower than it has to be: 200 posts at one a second take 199 seconds.
    assert moments[-1] - moments[0] == 199
    assert len({c.args["channel"] for c in fake_slack.of("chat.postMessage")}) == 200


async def test_after_app_uninstalled_nothing_is_sent_and_the_tick_gives_up(slack_server, sessions, load_org):
    await load_org(SMALL_ORG)
    response = await slack_server.event({"type": "app_uninstalled"}, event_id="EvGone")
    assert response.status == 200
    await slack_server.drain()
    async with sessions() as session:
        assert await workspace_count(session, stopped=True) == 1

    messenger = slack_server.built.slack.messenger
    report = await tick(sessions=sessions, messenger=messenger, now=NOW)
    assert report.failed == 2 and not report.sent
    for attempt in range(1, MAX_ATTEMPTS + 2):  # each lease runs out; the claim is retried a bounded number of times
        await tick(sessions=sessions, messenger=messenger, now=NOW + attempt * timedelta(minutes=6))
    async with sessions() as session:
        statuses = (await session.execute(select(Delivery.status))).scalars().all()
    assert statuses == ["failed", "failed"]
    assert slack_server.fake.of("chat.postMessage") == []


async def test_revoked_bot_tokens_stop_deliveries_and_a_working_token_resumes_them(
        slack_server, sessions, load_org, fake_slack, clock):
    await load_org(SMALL_ORG)
    await slack_server.event({"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}, event_id="EvRev")
    await slack_server.drain()
    async with sessions() as session:
        assert await workspace_count(session, stopped=True) == 1
    # A restart with a token that passes auth.test (the app was installed again) delivers again.
    restarted = await start_slack_server(sessions, fake_slack, clock, slack_settings(fake_slack))
    try:
        report = await tick(sessions=sessions, messenger=restarted.built.slack.messenger, now=NOW)
    finally:
        await stop_slack_server(restarted)
    assert report.sent["checkin"] == 2


async def test_a_revoked_token_found_while_posting_stops_the_workspace(slack_server, sessions, load_org):
    await load_org(SMALL_ORG)
    slack_server.fake.fail("chat.postMessage", Scripted(200, {"ok": False, "error": "token_revoked"}))
    report = await tick(sessions=sessions, messenger=slack_server.built.slack.messenger, now=NOW)
    assert report.failed == 2 and len(slack_server.fake.of("chat.postMessage")) == 1
    async with sessions() as session:
        assert await workspace_count(session, stopped=True) == 1


async def test_a_team_channel_post_goes_through_the_same_edge(slack_server):
    from bot.messages import Message, Text

    message = Message("digest", "en", (Text("Support — progress in 2026-Q4", "heading"), Text("All on track.")))
    await slack_server.built.slack.messenger.post("C_SUPPORT", message)
    post = slack_server.fake.of("chat.postMessage")[-1]
    assert post.args["channel"] == "C_SUPPORT" and post.token == "xoxb-test-token"
    assert "All on track." in json.dumps(post.args["blocks"]) and TEAM


async def test_when_slack_cannot_be_reached_the_tick_reports_failures_for_a_later_retry(sessions, load_org, clock):
    import socket

    from bot.settings import Settings
    from bot.slack import build

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = Settings(slack_bot_token="xoxb-t", slack_signing_secret="s", slack_api_url=f"http://127.0.0.1:{port}/api/")
    await load_org(SMALL_ORG)
    built = build(settings, sessions, clock.utc, sleep=clock.sleep, monotonic=clock.monotonic)
    report = await tick(sessions=sessions, messenger=built.slack.messenger, now=NOW)
    await built.stop()
    assert report.failed == 2 and not report.sent
    async with sessions() as session:
        assert set((await session.execute(select(Delivery.status))).scalars()) == {"claimed"}
