"""Anna answers "Loop je ergens tegenaan?" with "Niets": nothing is in her way, so no channel post, 1:1 digest or
coach question may call it a blocker. A real blocker ("Geen toegang tot het CRM") still shows everywhere."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.messages import FormSubmitted, Text
from handlers.answers import says_nothing
from handlers.checkin_form import field_id
from handlers.commands import handle_command, handle_reply
from handlers.digest_data import load
from handlers.prep_digest import build_prep
from handlers.prep_message import prep_message
from handlers.summary_message import summary_message
from handlers.team_summary import build_summary
from models import CheckIn, Period, Team
from models.checkin_store import record_checkins
from models.db import transaction
from models.org_queries import key_results_by_ref
from models.people_queries import person_by_platform_id
from tests.orgs import SMALL_ORG

MONDAY = datetime(2026, 10, 5, 8, tzinfo=UTC)  # 10:00 in Amsterdam, the first check-in of 2026-Q4
SLOT = "2026-10-05"
MEETING = datetime(2026, 10, 8, 12, tzinfo=UTC)
REAL = "Geen toegang tot het CRM"
NOTHING = ("Niets", "n.v.t.", "-")


@pytest.mark.parametrize("text", [
    "", "  ", "-", "—", "–", "...", "Niets", "niets.", "NIKS!", "nee", "Nee hoor", "geen", "Geen blokkades",
    "n.v.t.", "N.V.T", "nvt", "niet echt", "Nee, niets", "none", "None.", "no", "No!", "nope", "nothing",
    "Nothing really", "not really", "n/a", "N/A", "nil", "no blockers", "Nope. All good!", "no, nothing",
])
def test_an_answer_that_says_nothing_is_no_blocker_in_either_language(text):
    assert says_nothing(text)


@pytest.mark.parametrize("text", [
    "No access to the CRM", "Geen toegang tot het CRM", "nee, de CRM ligt eruit", "geen tijd", "no time",
    "Niets werkt", "none of the reviews are done", "Waiting for the data team", "n.v.t. want ziek", "?!x",
])
def test_a_real_blocker_is_kept_even_when_it_starts_like_a_no(text):
    assert not says_nothing(text)


async def submit(sessions, user: str, typed: dict[str, str]) -> None:
    """A check-in form submitted as every edge does it (console, Slack modal, Teams card): a neutral reply."""
    async with transaction(sessions) as session:
        period = (await session.execute(select(Period))).scalar_one()
        context = {"kind": "checkin", "slot": SLOT, "period": str(period.id)}
        await handle_reply(session, reply=FormSubmitted(user, context, typed), platform=None, now=MONDAY)


def answer(kr_id: int, value: str, confidence: str, blockers: str, up: str = "") -> dict[str, str]:
    return {field_id(kr_id, "value"): value, field_id(kr_id, "confidence"): confidence,
            field_id(kr_id, "blockers"): blockers, field_id(kr_id, "up"): up}


def texts(message) -> str:
    return "\n".join(b.text for b in message.blocks if isinstance(b, Text))


async def test_niets_is_no_blocker(sessions, load_org):
    await load_org(SMALL_ORG)
    async with sessions() as session:
        krs = await key_results_by_ref(session, refs=["nps", "reply", "kb", "churn"])
        people = {u: await person_by_platform_id(session, platform_user_id=u) for u in ("U_ANNA", "U_BRAM", "U_CARLA")}
        period = (await session.execute(select(Period))).scalar_one()
        support = (await session.execute(select(Team).where(Team.name == "Support"))).scalar_one()
    await submit(sessions, "U_ANNA", {**answer(krs["nps"].id, "27", "7", "Niets", up="-"),
                                      **answer(krs["reply"].id, "6", "5", f"  {REAL}  ")})
    await submit(sessions, "U_BEN", answer(krs["churn"].id, "2,5", "8", "None."))
    async with transaction(sessions) as session:  # Carla's "n.v.t." was stored before "n.v.t." meant nothing
        await record_checkins(session, person_id=people["U_CARLA"].id, period_id=period.id, slot=SLOT, now=MONDAY,
                              answers=[{"key_result_id": krs["kb"].id, "value": 0.0, "confidence": 6,
                                        "one_level_up": "-", "blockers": "n.v.t."}])
    async with sessions() as session:
        rows = (await session.execute(select(CheckIn.key_result_id, CheckIn.blockers, CheckIn.one_level_up))).all()
        snapshot = await load(session, period=period)
    recorded = {kr_id: (blockers, up) for kr_id, blockers, up in rows}
    assert recorded[krs["nps"].id] == ("", "") and recorded[krs["churn"].id] == ("", "")  # Dutch and English
    assert recorded[krs["reply"].id] == (REAL, "")

    summary = build_summary(snapshot, team_id=support.id, slot=SLOT)
    assert [(b.key_result, b.text) for b in summary.blockers] == [("Eerste reactie binnen 2 uur", REAL)]
    in_channel = texts(summary_message(summary, locale="nl"))
    assert REAL in in_channel and not [word for word in NOTHING if f": {word}" in in_channel]

    anna = build_prep(snapshot, manager_id=people["U_BRAM"].id, report_id=people["U_ANNA"].id, meeting_at=MEETING,
                      since=datetime(2026, 10, 1, tzinfo=UTC))
    assert [said.text for said in anna.blockers] == [REAL] and anna.one_level_up == ()
    carla = build_prep(snapshot, manager_id=people["U_BRAM"].id, report_id=people["U_CARLA"].id, meeting_at=MEETING,
                       since=datetime(2026, 10, 1, tzinfo=UTC))
    assert carla.blockers == () and carla.one_level_up == () and "blocker" not in carla.situations
    digest = texts(prep_message(anna, locale="nl"))
    assert f"„{REAL}”" in digest and "„Niets”" not in digest and "„-”" not in digest

    async with transaction(sessions) as session:
        questions = texts(await handle_command(session, person=people["U_BRAM"], text="coach 1:1", now=MEETING))
    assert f"„Eerste reactie binnen 2 uur”: „{REAL}”" in questions
    assert not [word for word in NOTHING if f"„{word}”" in questions]
    carla_part = questions[questions.index("Carla Jansen"):questions.rindex("Begin bij")]  # then: where to start
    assert "blokkade" not in carla_part  # her old "n.v.t." brings no blocker question
