"""People answer their check-in: values and confidences are recorded, mistakes come back to them, never half-saved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.messages import Message, Text
from handlers.checkin import open_checkin, snooze, submit_checkin
from handlers.checkin_form import field_id, parse_answers, parse_number
from models import CheckIn, KeyResult, Person, SlotStatus
from models.db import transaction
from models.org_queries import key_results_by_ref
from models.people_queries import period_by_name, person_by_platform_id
from tests.orgs import SMALL_ORG

MONDAY = datetime(2026, 10, 5, 7, tzinfo=UTC)  # 09:00 in Amsterdam, the first check-in of 2026-Q4
NEXT_MONDAY = MONDAY + timedelta(weeks=1)
FIRST_SLOT, SECOND_SLOT = "2026-10-05", "2026-10-12"


@dataclass(frozen=True)
class Org:
    period: int
    nps: int  # Anna's, increase 25 -> 45
    reply: int  # Anna's, decrease 8 -> 2 hours
    kb: int  # Carla's milestone
    renewals: int  # Ben's, increase 70 -> 85 %
    churn: int  # Ben's, stay below 3 %


@pytest.fixture
async def org(load_org, sessions) -> Org:
    await load_org(SMALL_ORG)
    async with sessions() as session:
        krs = await key_results_by_ref(session, refs=["nps", "reply", "kb", "renewals", "churn"])
        period = await period_by_name(session, name="2026-Q4")
    return Org(period.id, *(krs[ref].id for ref in ("nps", "reply", "kb", "renewals", "churn")))


def fields(kr_id: int, value: str = "", confidence: str = "", up: str = "", blockers: str = "") -> dict[str, str]:
    """The form fields of one key result as a person fills them in."""
    return {field_id(kr_id, "value"): value, field_id(kr_id, "confidence"): confidence,
            field_id(kr_id, "up"): up, field_id(kr_id, "blockers"): blockers}


async def answer(sessions, org: Org, user_id: str, typed: dict[str, str], *, slot: str = FIRST_SLOT,
                 now: datetime = MONDAY) -> Message:
    async with transaction(sessions) as session:
        person = await person_by_platform_id(session, platform_user_id=user_id)
        context = {"kind": "checkin", "slot": slot, "period": str(org.period)}
        return await submit_checkin(session, person=person, context=context, fields=typed, now=now)


async def stored(sessions) -> list[tuple]:
    """Every recorded answer as (key result, slot, value, confidence, one level up, blockers)."""
    async with sessions() as session:
        rows = await session.execute(
            select(CheckIn.key_result_id, CheckIn.slot, CheckIn.value, CheckIn.confidence, CheckIn.one_level_up,
                   CheckIn.blockers).order_by(CheckIn.key_result_id, CheckIn.slot)
        )
        return [tuple(row) for row in rows]


async def everything_answered(sessions) -> tuple[list[tuple], list[tuple]]:
    """The recorded answers and where every key result stands."""
    async with sessions() as session:
        standing = await session.execute(select(KeyResult.id, KeyResult.current).order_by(KeyResult.id))
        return await stored(sessions), [tuple(row) for row in standing]


async def current(sessions, kr_id: int) -> float | None:
    async with sessions() as session:
        return (await session.execute(select(KeyResult.current).where(KeyResult.id == kr_id))).scalar_one()


async def person(sessions, user_id: str) -> Person:
    async with sessions() as session:
        return await person_by_platform_id(session, platform_user_id=user_id)


def texts(message: Message) -> list[str]:
    return [b.text for b in message.blocks if isinstance(b, Text)]


# --- answering ---------------------------------------------------------------------------------------------------


async def test_anna_records_her_key_results_and_is_thanked_in_dutch(sessions, org):
    reply = await answer(sessions, org, "U_ANNA", {
        **fields(org.nps, "32", "7", up="Meer klantinterviews", blockers="Wachten op data"),
        **fields(org.reply, "5,5", "6"),
    })

    assert reply.kind == "checkin_recorded" and reply.locale == "nl"
    assert texts(reply) == [
        "Dank je Anna, vastgelegd voor de week van ma 5 okt:",
        "NPS stijgt van 25 naar 45: 32 NPS, vertrouwen 7/10",
        "Eerste reactie binnen 2 uur: 5,5 uur, vertrouwen 6/10",
    ]
    assert await stored(sessions) == [
        (org.nps, FIRST_SLOT, 32.0, 7, "Meer klantinterviews", "Wachten op data"),
        (org.reply, FIRST_SLOT, 5.5, 6, "", ""),
    ]
    assert (await current(sessions, org.nps), await current(sessions, org.reply)) == (32.0, 5.5)


async def test_ben_is_thanked_in_english(sessions, org):
    reply = await answer(sessions, org, "U_BEN", fields(org.renewals, "72.5%", "8"))

    assert texts(reply) == [
        "Thanks Ben, recorded for the week of Mon 5 Oct:",
        "Renewal rate from 70% to 85%: 72.5%, confidence 8/10",
    ]
    assert await current(sessions, org.renewals) == 72.5


async def test_answering_the_same_week_again_replaces_the_answer(sessions, org):
    await answer(sessions, org, "U_ANNA", fields(org.nps, "30", "7", blockers="Geen data"))

    await answer(sessions, org, "U_ANNA", fields(org.nps, "31", "5"), now=MONDAY + timedelta(hours=3))

    assert await stored(sessions) == [(org.nps, FIRST_SLOT, 31.0, 5, "", "")]
    assert await current(sessions, org.nps) == 31.0


async def test_a_late_answer_fills_its_own_week_and_leaves_the_newer_value_standing(sessions, org):
    await answer(sessions, org, "U_ANNA", fields(org.nps, "35", "8"), slot=SECOND_SLOT, now=NEXT_MONDAY)

    await answer(sessions, org, "U_ANNA", fields(org.nps, "30", "6"), slot=FIRST_SLOT, now=NEXT_MONDAY)

    assert await stored(sessions) == [(org.nps, FIRST_SLOT, 30.0, 6, "", ""), (org.nps, SECOND_SLOT, 35.0, 8, "", "")]
    assert await current(sessions, org.nps) == 35.0


async def test_a_confidence_only_answer_carries_last_weeks_value_forward(sessions, org):
    await answer(sessions, org, "U_ANNA", fields(org.nps, "30", "7"))

    reply = await answer(sessions, org, "U_ANNA", fields(org.nps, confidence="5"), slot=SECOND_SLOT, now=NEXT_MONDAY)

    assert texts(reply)[1] == "NPS stijgt van 25 naar 45: vertrouwen 5/10"
    assert await stored(sessions) == [(org.nps, FIRST_SLOT, 30.0, 7, "", ""), (org.nps, SECOND_SLOT, 30.0, 5, "", "")]
    assert await current(sessions, org.nps) == 30.0


async def test_changing_only_the_confidence_keeps_this_weeks_value(sessions, org):
    await answer(sessions, org, "U_ANNA", fields(org.nps, "30", "7"))

    await answer(sessions, org, "U_ANNA", fields(org.nps, confidence="4"))

    assert await stored(sessions) == [(org.nps, FIRST_SLOT, 30.0, 4, "", "")]


async def test_a_first_answer_with_only_a_confidence_has_no_value_yet(sessions, org):
    await answer(sessions, org, "U_ANNA", fields(org.nps, confidence="6"))

    assert await stored(sessions) == [(org.nps, FIRST_SLOT, None, 6, "", "")]
    assert await current(sessions, org.nps) is None


async def test_a_late_confidence_only_answer_does_not_borrow_a_later_weeks_value(sessions, org):
    """Week 2 said 35; week 1, filled in afterwards with a confidence only, did not know that yet."""
    await answer(sessions, org, "U_ANNA", fields(org.nps, "35", "8"), slot=SECOND_SLOT, now=NEXT_MONDAY)

    await answer(sessions, org, "U_ANNA", fields(org.nps, confidence="6"), slot=FIRST_SLOT, now=NEXT_MONDAY)

    assert await stored(sessions) == [(org.nps, FIRST_SLOT, None, 6, "", ""), (org.nps, SECOND_SLOT, 35.0, 8, "", "")]
    assert await current(sessions, org.nps) == 35.0


async def test_a_dutch_decimal_comma_and_a_percent_sign_are_read_as_numbers(sessions, org):
    await answer(sessions, org, "U_ANNA", fields(org.reply, "3,5", "7"))
    await answer(sessions, org, "U_BEN", fields(org.renewals, "72,5%", "7"))

    assert (await current(sessions, org.reply), await current(sessions, org.renewals)) == (3.5, 72.5)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("3,5", 3.5), ("3.5", 3.5), ("45%", 45.0), (" 4 ", 4.0), ("1.234,5", 1234.5), ("-2", -2.0),
     ("abc", None), ("", None), ("nan", None), ("inf", None), ("3,5,1", None)],
)
def test_numbers_are_read_the_way_people_type_them(typed, value):
    assert parse_number(typed) == value


async def test_a_milestone_is_answered_with_ja_or_nee(sessions, org):
    await answer(sessions, org, "U_CARLA", fields(org.kb, "ja", "8"))
    assert await current(sessions, org.kb) == 1.0

    await answer(sessions, org, "U_CARLA", fields(org.kb, "nee", "6"))
    assert await current(sessions, org.kb) == 0.0


@pytest.mark.parametrize(
    ("locale", "typed", "done"),
    [("nl", "ja", 1.0), ("nl", "Ja", 1.0), ("nl", "yes", 1.0), ("nl", "nee", 0.0), ("nl", "nog niet", 0.0),
     ("en", "yes", 1.0), ("en", "done", 1.0), ("en", "no", 0.0), ("en", "not yet", 0.0)],
)
def test_a_milestone_takes_yes_or_no_in_either_language(locale, typed, done):
    answers, errors = parse_answers(fields(3, typed, "7"), kinds={3: "milestone"}, locale=locale)
    assert (errors, [a.value for a in answers]) == ({}, [done])


# --- mistakes come back to the person, nothing of them is saved ----------------------------------------------------


def bad_answers(org: Org) -> dict[str, tuple[str, dict[str, str], str, str]]:
    """Case -> (who, the mistake they typed, the field it is reported on, the message they read)."""
    return {
        "confidence 11": ("U_ANNA", fields(org.nps, "33", "11"), field_id(org.nps, "confidence"),
                          "Vertrouwen is een heel getal van 1 tot en met 10."),
        "confidence 0": ("U_ANNA", fields(org.nps, "33", "0"), field_id(org.nps, "confidence"),
                         "Vertrouwen is een heel getal van 1 tot en met 10."),
        "confidence 7.5": ("U_ANNA", fields(org.nps, "33", "7.5"), field_id(org.nps, "confidence"),
                           "Vertrouwen is een heel getal van 1 tot en met 10."),
        "confidence abc": ("U_ANNA", fields(org.nps, "33", "abc"), field_id(org.nps, "confidence"),
                           "Vertrouwen is een heel getal van 1 tot en met 10."),
        "a value but no confidence": ("U_ANNA", fields(org.nps, "33"), field_id(org.nps, "confidence"),
                                      "Geef ook je vertrouwen, van 1 tot en met 10."),
        "text as the value": ("U_ANNA", fields(org.nps, "ongeveer dertig", "7"), field_id(org.nps, "value"),
                              '„ongeveer dertig” is geen getal. Gebruik cijfers, zoals 42 of 3,5.'),
        "a milestone answered maybe": ("U_CARLA", fields(org.kb, "misschien", "7"), field_id(org.kb, "value"),
                                       "Antwoord met ja of nee."),
        "a 10 000 character blocker": ("U_ANNA", fields(org.nps, "33", "7", blockers="x" * 10_000),
                                       field_id(org.nps, "blockers"),
                                       "Houd dit onder de 3000 tekens (het zijn er 10000)."),
        "someone else's key result": ("U_ANNA", fields(org.renewals, "80", "7"), field_id(org.renewals, "confidence"),
                                      f"Key result {org.renewals} is niet van jou, dus daar kun je niet op inchecken."),
        "an unknown key result": ("U_ANNA", fields(9999, "1", "7"), field_id(9999, "confidence"),
                                  "Key result 9999 bestaat niet."),
        "a key result id no database holds": ("U_ANNA", fields(10**20, "1", "7"), field_id(10**20, "confidence"),
                                              f"Key result {10**20} bestaat niet."),
        "confidence 11 in English": ("U_BEN", fields(org.renewals, "80", "11"), field_id(org.renewals, "confidence"),
                                     "Confidence is a whole number from 1 to 10."),
    }


BAD_ANSWERS = [
    "confidence 11", "confidence 0", "confidence 7.5", "confidence abc", "a value but no confidence",
    "text as the value", "a milestone answered maybe", "a 10 000 character blocker", "someone else's key result",
    "an unknown key result", "a key result id no database holds", "confidence 11 in English",
]


@pytest.mark.parametrize("case", BAD_ANSWERS)
async def test_a_mistake_brings_the_form_back_with_what_was_typed_and_saves_nothing(sessions, org, case):
    user_id, mistake, wrong_field, explanation = bad_answers(org)[case]
    owned = {"U_ANNA": [org.nps, org.reply], "U_BEN": [org.renewals, org.churn], "U_CARLA": [org.kb]}[user_id]
    await answer(sessions, org, user_id, fields(owned[0], "nee" if owned[0] == org.kb else "30", "7"))  # last week
    before = await everything_answered(sessions)
    good = fields(owned[1], "2,5", "9") if len(owned) > 1 else {}  # a good answer next to the bad one
    typed = {**good, **mistake}

    form = await answer(sessions, org, user_id, typed, slot=SECOND_SLOT, now=NEXT_MONDAY)

    assert form.kind == "checkin"
    assert form.context == {"kind": "checkin", "slot": SECOND_SLOT, "period": str(org.period)}
    assert form.errors[wrong_field] == explanation
    assert dict(form.values) == typed
    [heading] = [b.text for b in form.blocks if isinstance(b, Text) and b.style == "error"]
    assert heading.startswith({"nl": "Een paar antwoorden vragen nog aandacht", "en": "Some answers need"}[form.locale])
    assert [q.id for q in form.questions if q.id.endswith(":confidence")] == [field_id(k, "confidence") for k in owned]
    assert await everything_answered(sessions) == before


def test_every_bad_answer_case_is_run():
    assert sorted(BAD_ANSWERS) == sorted(bad_answers(Org(1, 1, 2, 3, 4, 5)))


async def test_a_mistake_in_the_same_week_keeps_the_earlier_answer_of_that_week(sessions, org):
    await answer(sessions, org, "U_ANNA", fields(org.nps, "30", "7", up="Meer interviews"))

    form = await answer(sessions, org, "U_ANNA", fields(org.nps, "33", "11"), now=MONDAY + timedelta(hours=1))

    assert form.errors == {field_id(org.nps, "confidence"): "Vertrouwen is een heel getal van 1 tot en met 10."}
    assert await stored(sessions) == [(org.nps, FIRST_SLOT, 30.0, 7, "Meer interviews", "")]
    assert await current(sessions, org.nps) == 30.0


@pytest.mark.parametrize("what", ["nothing", "blank fields", "only a text"])
async def test_an_empty_submission_asks_for_at_least_one_answer(sessions, org, what):
    typed = {
        "nothing": {},
        "blank fields": {**fields(org.nps), **fields(org.reply, "  ", " ")},
        "only a text": fields(org.nps, up="Meer interviews"),
    }[what]

    form = await answer(sessions, org, "U_ANNA", typed)

    assert form.kind == "checkin" and form.locale == "nl"
    assert form.errors == {
        "form": "Je hebt nog geen enkel key result beantwoord. Geef voor minstens één ervan je vertrouwen."}
    assert dict(form.values) == typed
    assert await stored(sessions) == []


# --- opening a check-in ------------------------------------------------------------------------------------------


async def open_for(sessions, user_id: str, now: datetime) -> Message:
    async with sessions() as session:
        return await open_checkin(session, person=await person_by_platform_id(session, platform_user_id=user_id),
                                  now=now)


async def test_asking_for_the_check_in_gives_this_weeks_form(sessions, org):
    form = await open_for(sessions, "U_ANNA", MONDAY + timedelta(days=2))

    assert form.kind == "checkin" and form.locale == "nl"
    assert texts(form)[0] == "Hoi Anna, tijd voor je check-in voor de week van ma 5 okt."
    assert form.context == {"kind": "checkin", "slot": FIRST_SLOT, "period": str(org.period)}
    assert [q.id for q in form.questions if q.id.endswith(":value")] == [
        field_id(org.nps, "value"), field_id(org.reply, "value")]
    assert form.errors == {}


async def test_a_week_later_the_form_is_for_the_next_week_and_shows_the_last_answer(sessions, org):
    await answer(sessions, org, "U_ANNA", fields(org.nps, "35", "8"))

    form = await open_for(sessions, "U_ANNA", NEXT_MONDAY)

    assert form.context["slot"] == SECOND_SLOT
    [nps_line] = [b for b in form.blocks if getattr(b, "key_result_id", None) == org.nps]
    assert (nps_line.value, nps_line.progress, nps_line.confidence) == (35.0, 0.5, 8)


async def test_before_the_first_monday_of_the_period_the_form_is_for_that_monday(sessions, org):
    thursday_the_first = datetime(2026, 10, 1, 10, tzinfo=UTC)

    form = await open_for(sessions, "U_ANNA", thursday_the_first)

    assert form.context["slot"] == FIRST_SLOT


async def test_someone_without_key_results_is_told_so(sessions, org):
    notice = await open_for(sessions, "U_BRAM", MONDAY)

    assert texts(notice) == ["Je bent nog geen eigenaar van key results in 2026-Q4, dus er valt niets in te checken."]


async def test_someone_outside_every_team_is_told_to_ask_the_admin(sessions, org, load_org):
    await load_org("people:\n  - {id: U_DIRK, name: Dirk Visser, tz: Europe/Amsterdam, locale: nl}\n")

    notice = await open_for(sessions, "U_DIRK", MONDAY)

    assert texts(notice) == ["Je zit nog niet in een team, dus je hebt nog geen check-inritme. "
                             "Vraag je beheerder om je toe te voegen."]


async def test_between_periods_there_is_nothing_to_check_in_on(sessions, org):
    notice = await open_for(sessions, "U_BEN", datetime(2027, 1, 12, 15, tzinfo=UTC))

    assert texts(notice) == ["There is no OKR period running right now."]


# --- snoozing (going away: tests/handlers/test_away.py) ------------------------------------------------------------


async def snooze_tomorrow(sessions, org: Org, user_id: str, now: datetime, slot: str = FIRST_SLOT) -> Message:
    async with transaction(sessions) as session:
        someone = await person_by_platform_id(session, platform_user_id=user_id)
        context = {"kind": "checkin", "slot": slot, "period": str(org.period)}
        return await snooze(session, person=someone, context=context, choice="tomorrow", now=now)


async def snoozed_until(sessions) -> list[datetime]:
    async with sessions() as session:
        return list((await session.execute(select(SlotStatus.snoozed_until))).scalars())


async def test_snoozing_until_tomorrow_on_a_thursday_asks_again_on_friday_morning(sessions, org):
    thursday_afternoon = datetime(2026, 10, 8, 13, tzinfo=UTC)  # 15:00 in Amsterdam

    reply = await snooze_tomorrow(sessions, org, "U_ANNA", thursday_afternoon)

    assert texts(reply) == ["Uitgesteld. Ik vraag het je opnieuw op vr 9 okt om 09:00."]
    assert await snoozed_until(sessions) == [datetime(2026, 10, 9, 7, tzinfo=UTC)]


async def test_snoozing_on_a_friday_into_mondays_check_in_is_refused_honestly(sessions, org):
    """Monday 09:00 the next week's check-in is due: a snooze until then would never come back on its own."""
    friday_afternoon = datetime(2026, 10, 9, 13, tzinfo=UTC)  # 15:00 in Amsterdam

    reply = await snooze_tomorrow(sessions, org, "U_ANNA", friday_afternoon)

    assert texts(reply) == ["Uitstellen zou deze check-in pas op ma 12 okt om 09:00 terugbrengen, als de volgende al "
                            "klaarstaat (op ma 12 okt om 09:00). Vul hem daarvoor in met checkin, of sla deze week "
                            "over."]
    assert await snoozed_until(sessions) == []


async def test_snoozing_until_tomorrow_skips_a_public_holiday(sessions, org):
    """Thursday 26 November 2026 is Thanksgiving, a holiday for Ben's US team."""
    wednesday_afternoon = datetime(2026, 11, 25, 20, tzinfo=UTC)  # 15:00 in New York

    reply = await snooze_tomorrow(sessions, org, "U_BEN", wednesday_afternoon, slot="2026-11-23")

    assert texts(reply) == ["Snoozed. I'll ask again on Fri 27 Nov at 09:00."]
    assert await snoozed_until(sessions) == [datetime(2026, 11, 27, 14, tzinfo=UTC)]


async def archive(sessions, kr_id: int) -> None:
    async with transaction(sessions) as session:
        (await session.get(KeyResult, kr_id)).archived_at = MONDAY


async def test_an_answer_to_a_key_result_removed_after_the_form_went_out_is_set_aside_and_said(sessions, org):
    await archive(sessions, org.nps)  # removed in chat while Anna's form was open

    reply = await answer(sessions, org, "U_ANNA", {**fields(org.nps, "32", "7"), **fields(org.reply, "5,5", "6")})

    assert reply.kind == "checkin_recorded"
    assert texts(reply) == [
        "Dank je Anna, vastgelegd voor de week van ma 5 okt:",
        "Eerste reactie binnen 2 uur: 5,5 uur, vertrouwen 6/10",
        "Op „NPS stijgt van 25 naar 45” check je niet meer in (het is geschrapt, of het objective is gepauzeerd of "
        "afgesloten), dus dat antwoord is niet vastgelegd.",
    ]
    assert await stored(sessions) == [(org.reply, FIRST_SLOT, 5.5, 6, "", "")]


async def test_only_an_answer_to_a_removed_key_result_brings_the_form_back_saying_why(sessions, org):
    await archive(sessions, org.renewals)

    form = await answer(sessions, org, "U_BEN", fields(org.renewals, "72", "8"))

    assert form.kind == "checkin" and form.locale == "en"
    assert form.errors == {"form": "“Renewal rate from 70% to 85%” is no longer checked in on (it was removed, or "
                                   "its objective paused or closed), so that answer was not recorded."}
    assert await stored(sessions) == []


async def test_a_key_result_read_before_the_answer_shows_the_new_value_in_the_same_session(sessions, org):
    async with transaction(sessions) as session:
        nps = await session.get(KeyResult, org.nps)  # e.g. a summary built after recording, in the same session
        anna = await person_by_platform_id(session, platform_user_id="U_ANNA")
        context = {"kind": "checkin", "slot": FIRST_SLOT, "period": str(org.period)}
        await submit_checkin(session, person=anna, context=context, fields=fields(org.nps, "33", "7"), now=MONDAY)

        assert nps.current == 33.0
