"""Each delivery is built, sent and marked on its own: one that fails stops no other, a slow one keeps its claim,
and a process that dies mid fan-out leaves nothing marked that was not sent, and nothing sent that is not marked."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from models.deliveries import count
from scheduler.tick import LEASE, tick
from tests.fakes import Crash, RecordingMessenger
from tests.orgs import SMALL_ORG
from tests.scheduler.test_tick import AMSTERDAM_0900

# Bram's 1:1 with Anna on Mondays at 11:00: its prep digest is due with the Amsterdam check-ins at 09:00.
ORG_WITH_1ON1 = SMALL_ORG.replace("okrs:", """one_on_ones:
  - {manager: U_BRAM, report: U_ANNA, day: monday, time: "11:00", every_weeks: 1, prep_hours: 2}
okrs:""", 1)


class TokenFetchFails(RecordingMessenger):
    """An edge whose own machinery fails for one person (e.g. a token fetch raising a connection error)."""

    async def send(self, recipient, message):
        if recipient.platform_user_id == "U_ANNA" and not self.healed:
            raise ConnectionError("token endpoint unreachable")
        await super().send(recipient, message)

    healed: bool = False


class ModelPort:
    """The AI port as a test double: it breaks its contract (raises), or takes its time, as the test says."""

    def __init__(self, *, raises: bool = False, gate: asyncio.Event | None = None) -> None:
        self.raises, self.gate, self.calls = raises, gate, 0

    async def ask_json(self, *, instructions, data, answer):
        self.calls += 1
        if self.raises:
            raise RuntimeError("the model port blew up")
        if self.gate is not None:
            await self.gate.wait()
        return None


async def test_an_edge_fault_for_one_person_stops_no_other_and_is_retried(sessions, load_org):
    await load_org(SMALL_ORG)
    messenger = TokenFetchFails()
    report = await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900)
    assert messenger.kinds_to("U_CARLA") == ["checkin"] and report.failed == 1

    messenger.healed = True
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900 + LEASE + timedelta(minutes=1))
    assert messenger.kinds_to("U_ANNA") == ["checkin"]


async def test_a_message_that_cannot_be_built_loses_no_other_in_the_round(sessions, load_org, messenger):
    await load_org(ORG_WITH_1ON1)
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900, ai=ModelPort(raises=True))
    assert messenger.kinds_to("U_ANNA") == ["checkin"] and messenger.kinds_to("U_CARLA") == ["checkin"]
    assert "prep" not in messenger.kinds_to("U_BRAM")

    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900 + LEASE + timedelta(minutes=1),
               ai=ModelPort())
    assert messenger.kinds_to("U_BRAM") == ["prep"], "the digest that failed to build is tried again"


async def test_a_crash_mid_fan_out_leaves_every_sent_message_marked(sessions, load_org):
    await load_org(SMALL_ORG)
    dying = RecordingMessenger(crash_after=1)  # sends Anna's check-in, dies while sending Carla's
    with pytest.raises(Crash):
        await tick(sessions=sessions, messenger=dying, now=AMSTERDAM_0900)
    async with sessions() as session:
        assert await count(session, kind="checkin", status="sent") == 1

    after = RecordingMessenger()
    await tick(sessions=sessions, messenger=after, now=AMSTERDAM_0900 + LEASE + timedelta(minutes=1))
    delivered = [r.platform_user_id for r, _ in dying.sent + after.sent]
    assert sorted(delivered) == ["U_ANNA", "U_CARLA"], "nobody twice, nobody lost"


async def test_a_slow_model_keeps_the_digest_claimed_so_another_process_sends_it_not_again(sessions, load_org):
    """Real seconds on a two-second lease: the first process is still building the digest (its model is slow)
    when a second one ticks three seconds later; without renewed leases the second would take the claim over."""
    await load_org(ORG_WITH_1ON1)
    lease, gate = timedelta(seconds=2), asyncio.Event()
    slow, first = ModelPort(gate=gate), RecordingMessenger()
    building = asyncio.create_task(tick(sessions=sessions, messenger=first, now=AMSTERDAM_0900, lease=lease, ai=slow))
    while not slow.calls:
        await asyncio.sleep(0.01)
    await asyncio.sleep(3.0)
    second = RecordingMessenger()
    await tick(sessions=sessions, messenger=second, now=AMSTERDAM_0900 + timedelta(seconds=3), lease=lease,
               ai=ModelPort())
    gate.set()
    await building
    preps = [m for m in first.to("U_BRAM") + second.to("U_BRAM") if m.kind == "prep"]
    assert len(preps) == 1


async def test_a_send_held_up_longer_than_the_lease_keeps_every_claim(sessions, load_org):
    """A platform makes the first send wait (a 429 with Retry-After) longer than the whole two-second lease; a
    second process ticking meanwhile must not take over the check-ins not sent yet."""
    await load_org(SMALL_ORG)
    lease, gate = timedelta(seconds=2), asyncio.Event()

    class Throttled(RecordingMessenger):
        async def send(self, recipient, message):
            if not self.sent:
                await gate.wait()
            await super().send(recipient, message)

    throttled, other = Throttled(), RecordingMessenger()
    sending = asyncio.create_task(tick(sessions=sessions, messenger=throttled, now=AMSTERDAM_0900, lease=lease))
    await asyncio.sleep(3.0)
    await tick(sessions=sessions, messenger=other, now=AMSTERDAM_0900 + timedelta(seconds=3), lease=lease)
    gate.set()
    await sending
    assert sorted(r.platform_user_id for r, _ in throttled.sent) == ["U_ANNA", "U_CARLA"]
    assert other.sent == []


async def test_a_slow_model_writing_summaries_keeps_them_claimed_so_none_is_posted_twice(sessions, load_org):
    from tests.digest_quarter import SUMMARY_AT, play_quarter

    await play_quarter(sessions, load_org)
    lease, gate = timedelta(seconds=2), asyncio.Event()
    slow, first = ModelPort(gate=gate), RecordingMessenger()
    posting = asyncio.create_task(tick(sessions=sessions, messenger=first, now=SUMMARY_AT, lease=lease, ai=slow))
    while not slow.calls:
        await asyncio.sleep(0.01)
    await asyncio.sleep(3.0)
    second = RecordingMessenger()
    await tick(sessions=sessions, messenger=second, now=SUMMARY_AT + timedelta(seconds=3), lease=lease,
               ai=ModelPort())
    gate.set()
    await posting
    summaries = [m for _, m in first.posts + second.posts if m.kind == "summary"]
    assert len(summaries) == 1


async def test_check_ins_go_out_while_a_later_batch_is_still_being_built(sessions, load_org, monkeypatch):
    """Messages are built a batch at a time and sent before the next batch is built: the check-ins do not wait
    for a slow digest, and a tick holds one batch of messages, not the whole organisation's."""
    monkeypatch.setattr("scheduler.tick.BATCH", 1)
    await load_org(ORG_WITH_1ON1)
    messenger = RecordingMessenger()

    class Watching(ModelPort):
        async def ask_json(self, **kwargs):
            self.sent_by_then = sorted(r.platform_user_id for r, _ in messenger.sent)
            return await super().ask_json(**kwargs)

    model = Watching()
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900, ai=model)
    assert model.sent_by_then == ["U_ANNA", "U_CARLA"], "both check-ins were out before the digest was built"
    assert messenger.kinds_to("U_BRAM") == ["prep"]


async def test_a_batch_that_cannot_be_built_stops_no_later_batch(sessions, load_org, monkeypatch, messenger):
    monkeypatch.setattr("scheduler.tick.BATCH", 2)
    await load_org(ORG_WITH_1ON1)
    await tick(sessions=sessions, messenger=messenger, now=AMSTERDAM_0900, ai=ModelPort(raises=True))
    assert messenger.kinds_to("U_ANNA") == ["checkin"] and messenger.kinds_to("U_CARLA") == ["checkin"]
    assert "prep" not in messenger.kinds_to("U_BRAM")
    async with sessions() as session:
        assert await count(session, kind="checkin", status="sent") == 2
