"""One account of what happened, told the same in every message.

An organisation starts with okrbot mid-quarter (Friday 4 December, examples/org.yaml). A week of ticks runs; Anna
answers one of her two key results and then goes away, Daan skips, Fleur snoozes and answers later, Bram says
nothing; in Product Priya is away before her check-in, Leo answers, Maya answers part. Then every message that
states a count about people (the prep digests the tick sent and their previews, the team summaries the tick posted
and their previews) is read back, and each count is checked against the count computed here, independently, from
the delivery and check-in rows.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from bot.console_render import render
from handlers.checkin import skip, snooze
from handlers.commands import handle_command
from handlers.post_outbox import preview_summary
from handlers.prep_outbox import preview_preps
from models import CheckIn, Delivery, KeyResult, Membership, Objective, Person, Team
from models.absence import Absence
from models.checkin_store import record_checkins
from models.db import transaction
from models.people_queries import person_by_platform_id
from scheduler.tick import tick

ORG = Path(__file__).resolve().parent.parent / "examples" / "org.yaml"
START = datetime(2026, 12, 4, 0, tzinfo=UTC)  # Friday: okrbot is installed
HOUR = timedelta(hours=1)
END = datetime(2026, 12, 11, 12, tzinfo=UTC)  # the Friday after
AWAY_AT = datetime(2026, 12, 7, 17, tzinfo=UTC)  # Anna, after answering: away from today to Wednesday
PERIOD_ID = 1
SUPPORT_SLOT, PRODUCT_SLOT = "2026-12-07", "2026-12-08"
CHECKIN_KINDS = ("checkin", "reminder", "snoozed")
PREP_COUNT = re.compile(r"(?:Check-ins this period|Check-ins deze periode): (?:(\d+) (?:of|van) )?(?:all |alle )?(\d+) "
                        r"(?:answered|beantwoord)")
TURNOUT = re.compile(r"(?:Checked in|Ingecheckt): (\d+) (?:of|van de) (\d+)")
ALL_IN = ("Everyone who got this check-in checked in.", "Iedereen die deze check-in kreeg, heeft ingecheckt.")


async def _person(session, user: str) -> Person:
    return await person_by_platform_id(session, platform_user_id=user)


async def _owned(session, person: Person) -> list[int]:
    return list((await session.execute(select(KeyResult.id).where(KeyResult.owner_id == person.id)
                                       .order_by(KeyResult.id))).scalars())


async def _answer(sessions, user: str, slot: str, how_many: int | None, at: datetime) -> None:
    async with transaction(sessions) as session:
        person = await _person(session, user)
        krs = (await _owned(session, person))[:how_many]
        answers = [{"key_result_id": kr, "value": None, "confidence": 6, "one_level_up": "", "blockers": ""}
                   for kr in krs]
        await record_checkins(session, person_id=person.id, period_id=PERIOD_ID, slot=slot, answers=answers, now=at)


async def _go_away(sessions, user: str, first: date, last: date, at: datetime) -> None:
    """The person types ``away FIRST LAST`` in chat, as anyone would."""
    async with transaction(sessions) as session:
        person = await _person(session, user)
        answer = await handle_command(session, person=person, text=f"away {first} {last}", now=at)
    assert answer.kind != "error", render(answer)
    async with sessions() as session:
        rows = (await session.execute(select(Absence).where(Absence.person_id == person.id))).scalars().all()
    assert [(a.first_day, a.last_day) for a in rows] == [(first, last)], render(answer)


async def _play_week(sessions, messenger) -> None:
    """Hourly ticks (every send window is longer than an hour) with the people's doings in between."""
    doings = {
        datetime(2026, 12, 7, 6, tzinfo=UTC): lambda: _go_away(sessions, "U01PRIYA", date(2026, 12, 7),
                                                              date(2026, 12, 18), START + 3 * 24 * HOUR),
        datetime(2026, 12, 7, 10, tzinfo=UTC): lambda: _answer(sessions, "U01ANNA", SUPPORT_SLOT, 1,
                                                               datetime(2026, 12, 7, 10, tzinfo=UTC)),
        datetime(2026, 12, 7, 11, tzinfo=UTC): lambda: _reply(sessions, "U01DAAN", skip),
        datetime(2026, 12, 7, 12, tzinfo=UTC): lambda: _reply(sessions, "U01FLEUR", snooze),
        datetime(2026, 12, 7, 16, tzinfo=UTC): lambda: _answer(sessions, "U01FLEUR", SUPPORT_SLOT, None,
                                                               datetime(2026, 12, 7, 16, tzinfo=UTC)),
        datetime(2026, 12, 7, 17, tzinfo=UTC): lambda: _go_away(sessions, "U01ANNA", date(2026, 12, 7),
                                                                date(2026, 12, 9), AWAY_AT),
        datetime(2026, 12, 8, 20, tzinfo=UTC): lambda: _answer(sessions, "U01LEO", PRODUCT_SLOT, None,
                                                               datetime(2026, 12, 8, 20, tzinfo=UTC)),
        datetime(2026, 12, 8, 21, tzinfo=UTC): lambda: _answer(sessions, "U01MAYA", PRODUCT_SLOT, 1,
                                                               datetime(2026, 12, 8, 21, tzinfo=UTC)),
    }
    now = START
    while now <= END:
        await tick(sessions=sessions, messenger=messenger, now=now)
        if now in doings:
            await doings[now]()
        now += HOUR


async def _reply(sessions, user: str, act) -> None:
    at = datetime(2026, 12, 7, 12, tzinfo=UTC)
    async with transaction(sessions) as session:
        person = await _person(session, user)
        context = {"slot": SUPPORT_SLOT, "period": str(PERIOD_ID)}
        if act is snooze:
            await snooze(session, person=person, context=context, choice="2h", now=at)
        else:
            await skip(session, person=person, context=context)


# --- the independent count: plain selects on the rows --------------------------------------------------------

async def _reached_and_answered(sessions, person_id: int, as_of: datetime) -> tuple[set[str], set[str]]:
    async with sessions() as session:
        sent = (await session.execute(select(Delivery.slot).where(
            Delivery.person_id == person_id, Delivery.kind.in_(CHECKIN_KINDS), Delivery.status == "sent",
            Delivery.sent_at <= as_of, Delivery.period_id == PERIOD_ID))).scalars()
        answered = (await session.execute(select(CheckIn.slot).where(
            CheckIn.person_id == person_id, CheckIn.answered_at <= as_of))).scalars()
        reached = {slot.split("@")[0] for slot in sent}
        return reached, set(answered)


async def _team_round(sessions, team_name: str, slot: str, as_of: datetime) -> tuple[int, int]:
    """(checked in, reached) among the members holding a key result of the team's objectives."""
    async with sessions() as session:
        team = (await session.execute(select(Team).where(Team.name == team_name))).scalar_one()
        members = set((await session.execute(select(Membership.person_id).where(
            Membership.team_id == team.id))).scalars())
        objectives = (await session.execute(select(Objective.id).where(
            (Objective.owner_team_id == team.id) | ((Objective.owner_person_id.in_(members))
                                                   & (Objective.level == "person"))))).scalars()
        holders = set((await session.execute(select(KeyResult.owner_id).where(
            KeyResult.objective_id.in_(list(objectives))))).scalars()) & members
    reached = checked = 0
    for person_id in holders:
        sent, answered = await _reached_and_answered(sessions, person_id, as_of)
        reached += slot in sent | answered
        checked += slot in answered
    return checked, reached


def _prep_count(text: str) -> tuple[int, int]:
    found = PREP_COUNT.search(text)
    assert found, text
    answered, delivered = found.groups()
    return (int(answered) if answered is not None else int(delivered)), int(delivered)


def _turnout(text: str, expected_reached: int) -> tuple[int, int]:
    if any(line in text for line in ALL_IN):
        return expected_reached, expected_reached
    found = TURNOUT.search(text)
    assert found, text
    return int(found[1]), int(found[2])


async def test_every_message_counts_what_the_rows_say(sessions, load_org, messenger):
    await load_org(ORG.read_text())
    await _play_week(sessions, messenger)

    async with sessions() as session:
        people = {p.platform_user_id: p for p in (await session.execute(select(Person))).scalars()}
    assert "snoozed" in messenger.kinds_to("U01FLEUR")
    assert "checkin" not in messenger.kinds_to("U01PRIYA"), "Priya was away before her check-in"

    # the prep digest the tick sent Bram before his 1:1 with Anna on Thursday 10 December
    [sent_prep] = [m for m in messenger.to("U01BRAM") if m.kind == "prep"]
    shown = render(sent_prep)
    meeting = datetime(2026, 12, 10, 13, tzinfo=UTC)
    reached, answered = await _reached_and_answered(sessions, people["U01ANNA"].id, meeting)
    assert _prep_count(shown) == (len(answered), len(reached | answered)) == (1, 1)
    assert "sinds jullie vorige 1-op-1" not in shown, "no 1:1 was held since okrbot reached Anna"
    assert "sinds okrbot voor Anna de Vries begon op ma 7 dec" in shown

    # the previews at the end of the week: Bram's 1:1 with Anna, Maya's with Leo
    async with sessions() as session:
        previews = [*await preview_preps(session, manager=people["U01BRAM"], now=END),
                    *await preview_preps(session, manager=people["U01MAYA"], now=END)]
    for preview, user in zip(previews, ("U01ANNA", "U01LEO"), strict=True):
        text = render(preview)
        reached, answered = await _reached_and_answered(sessions, people[user].id, END)
        assert _prep_count(text) == (len(answered), len(reached | answered)), text
        if user == "U01ANNA":  # the 1:1 of Thursday 10 Dec was held after okrbot first reached Anna
            assert "sinds jullie vorige 1-op-1 op do 10 dec" in text
        else:
            assert "since your last 1:1" not in text and "since okrbot started for Leo Martinez" in text

    # the summaries the tick posted, and their previews now
    for channel, team, slot, posted_at in (
            ("C01SUPPORT", "Klantenservice", SUPPORT_SLOT, datetime(2026, 12, 9, 8, tzinfo=UTC)),  # Wed 09:00
            ("C01PRODUCT", "Product", PRODUCT_SLOT, datetime(2026, 12, 10, 15, tzinfo=UTC))):  # Thu 10:00 New York
        posted = [m for m in messenger.posted_in(channel) if m.kind == "summary"]
        assert [m.context["slot"] for m in posted] == [slot], "only the round people received"
        checked, reached = await _team_round(sessions, team, slot, posted_at)
        assert _turnout(render(posted[0]), reached) == (checked, reached)
        async with sessions() as session:
            row = (await session.execute(select(Team).where(Team.name == team))).scalar_one()
            preview = await preview_summary(session, team=row, now=END)
        checked, reached = await _team_round(sessions, team, slot, END)
        assert _turnout(render(preview), reached) == (checked, reached)
    checked, reached = await _team_round(sessions, "Klantenservice", SUPPORT_SLOT, END)
    assert (checked, reached) == (2, 4), "Anna (partly) and Fleur checked in; Daan skipped, Bram did not answer"
    checked, reached = await _team_round(sessions, "Product", PRODUCT_SLOT, END)
    assert (checked, reached) == (2, 2), "Leo and Maya; Priya was away, so the round did not reach her"


async def test_fresh_install_blames_nobody(sessions, load_org, messenger):
    await load_org(ORG.read_text())
    at = datetime(2026, 12, 4, 9, tzinfo=UTC)
    async with sessions() as session:
        maya, bram = (await _person(session, "U01MAYA")), (await _person(session, "U01BRAM"))
        digests = [render(m) for m in [*await preview_preps(session, manager=maya, now=at),
                                       *await preview_preps(session, manager=bram, now=at)]]
        teams = list((await session.execute(select(Team))).scalars())
        summaries = [await preview_summary(session, team=team, now=at) for team in teams]
    assert len(digests) == 2
    for text in digests:
        assert not re.search(r"\b0 (?:of|van) \d+", text), text
        assert "since your last 1:1" not in text and "sinds jullie vorige 1-op-1" not in text
        assert "no answer for" not in text.lower() and "geen antwoord op" not in text.lower()
    assert "okrbot hasn't sent Leo Martinez a check-in in 2026-Q4 yet" in digests[0]
    assert summaries == [None, None], "no summary of a round nobody received"
    for now in (datetime(2026, 12, 4, 4, 10, tzinfo=UTC), at, datetime(2026, 12, 4, 15, tzinfo=UTC)):
        await tick(sessions=sessions, messenger=messenger, now=now)
    assert messenger.posted_in("C01SUPPORT") == [] and messenger.posted_in("C01PRODUCT") == []


async def test_an_answer_nobody_asked_for_is_not_called_never_asked(sessions, load_org):
    """Anna types ``checkin`` on a fresh install and answers: her manager's digest counts that answer and does not
    say okrbot never asked her, nor does it pretend a check-in reached her that she did not open herself."""
    await load_org(ORG.read_text())
    at = datetime(2026, 12, 4, 8, tzinfo=UTC)
    await _answer(sessions, "U01ANNA", "2026-11-30", None, at)
    async with sessions() as session:
        bram = await _person(session, "U01BRAM")
        [digest] = [render(m) for m in await preview_preps(session, manager=bram, now=at)]
    assert "nog geen check-in gestuurd" not in digest, digest
    assert "Check-ins deze periode: alle 1 beantwoord." in digest
