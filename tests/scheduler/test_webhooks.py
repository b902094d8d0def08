"""Other tools follow okrbot through signed webhooks: a local receiver checks every signature, gets each event once,
gets it again after a 500 or a timeout, and hears of nothing private or secret."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.settings import Settings
from handlers.importer import ImportRejected, parse
from models.db import transaction
from models.okr_history import record_change
from models.org_queries import key_results_by_ref
from models.people_queries import period_by_name
from models.webhook_outbox import claim_due
from models.webhook_store import set_env_webhook, set_webhooks
from models.webhooks import Webhook, WebhookEvent
from scheduler.tick import tick
from scheduler.webhook_tick import deliver_due
from tests.digest_quarter import SUMMARY_AT, play_quarter
from tests.handlers.test_checkin import answer, fields
from tests.orgs import SMALL_ORG
from tests.webhook_receiver import Receiver

MONDAY = datetime(2026, 10, 5, 7, tzinfo=UTC)
SECRET = "whsec-very-secret-value"
ENV = {"OKRBOT_HOOK_SECRET": SECRET}
BLOCKER = "Wachten op de nieuwe enquêtetool"
PERSONAL_ORG = SMALL_ORG + """  - id: anna-growth
    objective: Ik word een betere coach
    level: person
    owner: U_ANNA
    period: 2026-Q4
    key_results:
      - {id: anna-coach, title: Vijf coachgesprekken gevoerd, kind: increase, baseline: 0, target: 5, owner: U_ANNA}
"""


def org_with_webhook(url: str, events: str = "") -> str:
    return PERSONAL_ORG + f"webhooks:\n  - {{url: \"{url}\", secret_env: OKRBOT_HOOK_SECRET{events}}}\n"


class Org:
    def __init__(self, period: int, krs: dict[str, int]) -> None:
        self.period, self.krs = period, krs


async def loaded(sessions, load_org, url: str, events: str = "") -> Org:
    await load_org(org_with_webhook(url, events))
    async with sessions() as session:
        krs = await key_results_by_ref(session, refs=["nps", "reply", "anna-coach"])
        period = await period_by_name(session, name="2026-Q4")
    return Org(period.id, {ref: kr.id for ref, kr in krs.items()})


async def annas_checkin(sessions, org: Org) -> None:
    typed = {**fields(org.krs["nps"], "31", "7", blockers=BLOCKER), **fields(org.krs["anna-coach"], "2", "6")}
    await answer(sessions, org, "U_ANNA", typed)


async def statuses(sessions) -> list[tuple[str, str, int]]:
    async with sessions() as session:
        rows = await session.execute(select(WebhookEvent.event, WebhookEvent.status, WebhookEvent.attempts)
                                     .order_by(WebhookEvent.id))
        return [tuple(row) for row in rows]


async def test_a_checkin_reaches_the_receiver_once_signed_without_private_answers(sessions, load_org, messenger):
    async with Receiver(SECRET) as receiver:
        org = await loaded(sessions, load_org, receiver.url)
        await annas_checkin(sessions, org)
        for minute in range(3):
            await tick(sessions=sessions, messenger=messenger, now=MONDAY + timedelta(minutes=minute), feed_env=ENV)
    assert all(r["signed"] for r in receiver.received) and len(receiver.received) == 2
    [checkin] = receiver.events("checkin.recorded")
    [answered] = checkin["data"]["answers"]  # the personal objective's key result is not told
    assert (answered["key_result"]["ref"], answered["value"], answered["confidence"]) == ("nps", 31.0, 7)
    [changed] = receiver.events("key_result.changed")
    assert (changed["data"]["key_result"]["ref"], changed["data"]["before"], changed["data"]["after"]) == (
        "nps", None, 31.0)
    headers = receiver.received[0]["headers"]
    assert headers["X-Okrbot-Delivery"] == checkin["id"] or headers["X-Okrbot-Delivery"] == changed["id"]
    assert headers["X-Okrbot-Timestamp"] == str(int(MONDAY.timestamp()))
    everything = "".join(r["body"] for r in receiver.received)
    for private in (BLOCKER, "coachgesprekken", SECRET, "OKRBOT_HOOK_SECRET"):
        assert private not in everything
    assert sorted(await statuses(sessions)) == [("checkin.recorded", "delivered", 1),
                                                ("key_result.changed", "delivered", 1)]


async def test_an_endpoint_gets_only_the_events_it_follows(sessions, load_org):
    async with Receiver(SECRET) as receiver:
        org = await loaded(sessions, load_org, receiver.url, ", events: [key_result.changed]")
        await annas_checkin(sessions, org)
        async with transaction(sessions) as session:
            await record_change(session, objective_id=1, key_result_id=org.krs["nps"], what="target", before="45",
                                after="50", at=MONDAY)
        await deliver_due(sessions=sessions, now=MONDAY, env=ENV)
    assert [(e["type"], e["data"]["change"]) for e in receiver.events()] == [
        ("key_result.changed", "value"), ("key_result.changed", "target")]


async def test_a_500_is_tried_again_with_backoff_and_then_delivered(sessions, load_org):
    async with Receiver(SECRET) as receiver:
        receiver.statuses = [500, 500]
        org = await loaded(sessions, load_org, receiver.url, ", events: [checkin.recorded]")
        await annas_checkin(sessions, org)
        for seconds in (0, 30, 60, 90, 150, 180, 300):  # tried at 0, after 1 minute, after 2 more
            await deliver_due(sessions=sessions, now=MONDAY + timedelta(seconds=seconds), env=ENV)
    tries = [r["headers"]["X-Okrbot-Delivery"] for r in receiver.received]
    assert len(tries) == 3 and len(set(tries)) == 1  # the same delivery, three times
    assert await statuses(sessions) == [("checkin.recorded", "delivered", 3)]


async def test_a_receiver_that_never_answers_is_given_up_after_the_last_try_and_logged_once(
        sessions, load_org, caplog):
    async with Receiver(SECRET) as receiver:
        receiver.hang = True
        org = await loaded(sessions, load_org, receiver.url, ", events: [checkin.recorded]")
        await annas_checkin(sessions, org)
        with caplog.at_level(logging.WARNING, logger="scheduler.webhook_tick"):
            for hour in range(6):
                await deliver_due(sessions=sessions, now=MONDAY + timedelta(hours=hour), env=ENV, timeout=0.2,
                                  max_attempts=3)
    assert len(receiver.received) == 3
    assert await statuses(sessions) == [("checkin.recorded", "failed", 3)]
    [gave_up] = [r for r in caplog.records if "gave up" in r.getMessage()]
    assert "timeout" in gave_up.getMessage() and SECRET not in gave_up.getMessage()


async def test_without_its_secret_nothing_is_sent_unsigned(sessions, load_org):
    async with Receiver(SECRET) as receiver:
        org = await loaded(sessions, load_org, receiver.url, ", events: [checkin.recorded]")
        await annas_checkin(sessions, org)
        await deliver_due(sessions=sessions, now=MONDAY, env={})
        assert receiver.received == []
        await deliver_due(sessions=sessions, now=MONDAY + timedelta(minutes=1), env=ENV)
    assert len(receiver.events("checkin.recorded")) == 1


async def test_two_ticks_racing_deliver_each_event_once(sessions, load_org):
    async with Receiver(SECRET) as receiver:
        org = await loaded(sessions, load_org, receiver.url)
        for week in range(4):
            typed = fields(org.krs["reply"], str(7 - week), "6")
            await answer(sessions, org, "U_ANNA", typed, slot=f"2026-10-{5 + 7 * week:02d}",
                         now=MONDAY + timedelta(weeks=week))
        await asyncio.gather(*(deliver_due(sessions=sessions, now=MONDAY + timedelta(weeks=4), env=ENV)
                               for _ in range(2)))
    deliveries = [r["headers"]["X-Okrbot-Delivery"] for r in receiver.received]
    assert len(deliveries) == 8 and len(set(deliveries)) == 8  # 4 check-ins, 4 value changes, each once


async def test_a_claim_waiting_for_another_gets_none_of_its_events(sessions, load_org):
    """Two ticks claiming at the same moment: the second waits for the first one's rows, then finds them taken."""
    async with Receiver(SECRET) as receiver:
        org = await loaded(sessions, load_org, receiver.url)
    await annas_checkin(sessions, org)
    now = MONDAY + timedelta(minutes=1)
    async with sessions() as first, sessions() as second:
        async with first.begin():
            won_first = await claim_due(first, now=now, lease=timedelta(minutes=2), limit=64)
            racing = asyncio.create_task(_claim(second, now))
            await asyncio.wait({racing}, timeout=0.3)  # let it reach the rows the first holds
        won_second = await racing
    assert len(won_first) == 2 and won_second == []


async def _claim(session, now: datetime) -> list:
    async with session.begin():
        return await claim_due(session, now=now, lease=timedelta(minutes=2), limit=64)


async def test_a_posted_summary_is_told(sessions, load_org, messenger):
    await play_quarter(sessions, load_org)
    async with Receiver(SECRET) as receiver:
        async with transaction(sessions) as session:
            await set_webhooks(session, wanted={receiver.url: ("OKRBOT_HOOK_SECRET", "summary.posted")})
        await tick(sessions=sessions, messenger=messenger, now=SUMMARY_AT, feed_env=ENV)
        await tick(sessions=sessions, messenger=messenger, now=SUMMARY_AT + timedelta(minutes=1), feed_env=ENV)
    posted = [e["data"] for e in receiver.events("summary.posted")]
    assert {(p["kind"], p["team"]) for p in posted} == {("summary", t) for t in _teams_posted(messenger)}
    assert len(posted) == len(_teams_posted(messenger))


def _teams_posted(messenger) -> list[str]:
    return [name for name, channel in (("Support", "C_SUPPORT"), ("Product", "C_PRODUCT"))
            if messenger.posted_in(channel)]


@pytest.mark.parametrize("webhook", [
    '{url: "ftp://example.org/hooks", secret_env: HOOK}',
    '{url: "https://user:pw@example.org/hooks", secret_env: HOOK}',
    '{url: "https://example.org/hooks", secret_env: "whsec-abc 123"}',
    '{url: "https://example.org/hooks", secret_env: HOOK, events: [everything]}',
])
def test_a_wrong_webhook_in_the_file_is_refused_with_its_place(webhook):
    with pytest.raises(ImportRejected) as refused:
        parse(SMALL_ORG + f"webhooks:\n  - {webhook}\n")
    assert "webhooks" in str(refused.value.problems[0])


async def test_an_endpoint_from_the_environment_lives_beside_the_files(sessions, load_org):
    settings = Settings.from_env({"OKRBOT_WEBHOOK_URL": "https://ops.example.org/okrbot",
                                  "OKRBOT_WEBHOOK_EVENTS": "summary.posted"})
    assert settings.webhook_events == ("summary.posted",)
    async with transaction(sessions) as session:
        await set_env_webhook(session, url=settings.webhook_url, events=settings.webhook_events)
    await load_org(org_with_webhook("https://tools.example.org/hooks"))
    assert await endpoints(sessions) == [("https://ops.example.org/okrbot", "OKRBOT_WEBHOOK_SECRET", "env"),
                                         ("https://tools.example.org/hooks", "OKRBOT_HOOK_SECRET", "file")]
    async with transaction(sessions) as session:  # the variable was unset: its endpoint goes, the file's stays
        await set_env_webhook(session, url="", events=())
    await load_org(PERSONAL_ORG)  # a file without webhooks leaves them as they are
    assert await endpoints(sessions) == [("https://tools.example.org/hooks", "OKRBOT_HOOK_SECRET", "file")]


def test_a_wrong_webhook_in_the_environment_is_a_setting_that_cannot_work():
    with pytest.raises(ValueError, match=r"OKRBOT_WEBHOOK_URL.*https://"):
        Settings.from_env({"OKRBOT_WEBHOOK_URL": "hooks.example.org"})
    with pytest.raises(ValueError, match="OKRBOT_WEBHOOK_EVENTS"):
        Settings.from_env({"OKRBOT_WEBHOOK_URL": "https://hooks.example.org", "OKRBOT_WEBHOOK_EVENTS": "all"})


async def endpoints(sessions) -> list[tuple[str, str, str]]:
    async with sessions() as session:
        rows = await session.execute(select(Webhook.url, Webhook.secret_env, Webhook.origin).order_by(Webhook.url))
        return [tuple(row) for row in rows]


async def test_the_readme_check_accepts_a_real_delivery_and_refuses_a_changed_one(sessions, load_org):
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Outgoing webhooks", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(code, namespace)
    async with Receiver(SECRET) as receiver:
        org = await loaded(sessions, load_org, receiver.url, ", events: [checkin.recorded]")
        await annas_checkin(sessions, org)
        await deliver_due(sessions=sessions, now=MONDAY, env=ENV)
    [request] = receiver.received
    body, headers = request["body"].encode(), request["headers"]
    assert namespace["verified"](SECRET, headers, body, tolerance=10**9)
    assert not namespace["verified"](SECRET, headers, body.replace(b"31", b"41"), tolerance=10**9)
    assert not namespace["verified"](SECRET, headers, body)  # sent long ago (a fixed instant): a replay
