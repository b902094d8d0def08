"""A crafted quarter for the digest, summary and recap tests: every signal a digest should pick up, once.

Support (Amsterdam, check-ins Monday 09:00, channel C_SUPPORT): Bram leads Anna, Carla and Daan; Bram meets Anna
every Thursday at 14:00. Product (New York, Tuesday 10:00, channel C_PRODUCT): Maya leads Leo, and owns the
organisation's objective.

By the check-in of Monday 23 November (the eighth of the quarter):
* Anna's NPS key result: confidence dropped from 8 to 5, with a frustrated blocker and a "one level up" answer.
* Anna's first-reply time: the value stood still for three check-ins (stalled).
* Anna's personal API objective: confidence 8 but the value did not move (confident but not moving).
* Carla's knowledge base: a milestone without a number; her answer for 23 November comes late, on the 26th.
* Daan answered two of the eight check-ins.
* Anna named two pre-mortem risks (one still open); her development mood checks were given to Bram, except one
  given while Maya was her manager (``ANNA-OLD-MANAGER``), which Bram may not see.
* Leo's leadership answer (``LEO-SECRET``) is the only one for Maya: it must never show anywhere.
* Reflections: Anna on the team objective, and on her personal objective (``ANNA-PERSONAL-REFLECTION``), which the
  team channel may not see.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from models import (
    CheckIn,
    Delivery,
    KeyResult,
    OneOnOne,
    Period,
    Person,
    PremortemRisk,
    SurveyAnswer,
    SurveyRound,
    Team,
)
from models.db import transaction

QUARTER_ORG = """
periods:
  - {name: 2026-Q4, start: 2026-10-01, end: 2026-12-31}
people:
  - {id: U_BRAM, name: Bram Bakker, tz: Europe/Amsterdam, locale: nl}
  - {id: U_ANNA, name: Anna de Vries, tz: Europe/Amsterdam, locale: nl, manager: U_BRAM}
  - {id: U_CARLA, name: Carla Jansen, tz: Europe/Amsterdam, locale: en, manager: U_BRAM}
  - {id: U_DAAN, name: Daan Visser, tz: Europe/Amsterdam, locale: nl, manager: U_BRAM}
  - {id: U_MAYA, name: Maya Chen, tz: America/New_York, locale: en}
  - {id: U_LEO, name: Leo Martinez, tz: America/New_York, locale: en, manager: U_MAYA}
teams:
  - name: Support
    channel: C_SUPPORT
    country: NL
    members: [U_BRAM, U_ANNA, U_CARLA, U_DAAN]
    checkin: {day: monday, time: "09:00"}
  - name: Product
    channel: C_PRODUCT
    country: US
    members: [U_MAYA, U_LEO]
    checkin: {day: tuesday, time: "10:00"}
okrs:
  - id: org-loyal
    objective: Customers stay with us because we make their work easier
    level: org
    owner: U_MAYA
    period: 2026-Q4
    key_results:
      - {id: retention, title: Net revenue retention from 98% to 106%, baseline: 98, target: 106, unit: "%",
         owner: U_MAYA}
  - id: support-fans
    objective: Onze klanten zijn fan van onze dienstverlening
    level: team
    owner: Support
    period: 2026-Q4
    type: aspirational
    key_results:
      - {id: nps, title: NPS van 25 naar 45, baseline: 25, target: 45, unit: NPS, owner: U_ANNA}
      - {id: reply, title: Eerste reactie van 8 naar 2 uur, kind: decrease, baseline: 8, target: 2, unit: uur,
         owner: U_ANNA}
      - {id: kb, title: Knowledge base live, kind: milestone, owner: U_CARLA}
      - {id: bot, title: Chatbot beantwoordt 30% van de vragen, baseline: 0, target: 30, unit: "%", owner: U_DAAN}
  - id: anna-api
    objective: Ik word de expert in onze API
    level: person
    owner: U_ANNA
    period: 2026-Q4
    key_results:
      - {id: api, title: API-tickets zonder escalatie van 40% naar 70%, baseline: 40, target: 70, unit: "%",
         owner: U_ANNA}
      - {id: api-docs, title: API-vragen in de kennisbank van 10 naar 40, baseline: 10, target: 40, owner: U_ANNA}
  - id: product-onboarding
    objective: New customers get value in their first week
    level: team
    owner: Product
    period: 2026-Q4
    type: committed
    key_results:
      - {id: activation, title: Activation from 35% to 60%, baseline: 35, target: 60, unit: "%", owner: U_LEO}
      - {id: ttfr, title: Time to first report from 72 to 4 hours, kind: decrease, baseline: 72, target: 4,
         unit: h, owner: U_LEO}
"""

SUPPORT_SLOTS = [date(2026, 10, 5) + timedelta(weeks=w) for w in range(8)]  # Mondays 5 Oct .. 23 Nov
PRODUCT_SLOTS = [date(2026, 10, 6) + timedelta(weeks=w) for w in range(8)]  # Tuesdays 6 Oct .. 24 Nov

# (values, confidences) per key result ref, one per slot; None: no answer in that slot.
HISTORY = {
    "nps": ([26, 27, 29, 30, 32, 33, 35, 36], [6, 6, 7, 7, 8, 8, 8, 5]),
    "reply": ([8, 7.5, 7, 6, 5, 5, 5, 5], [5, 5, 6, 6, 6, 6, 5, 5]),
    "api": ([40, 45, 50, 52, 55, 58, 60, 60], [7, 7, 7, 8, 8, 8, 8, 8]),
    "api-docs": ([10, 12, 15, 18, 20, 24, 26, 30], [6, 6, 6, 7, 7, 7, 7, 7]),
    "kb": ([None] * 8, [6, 6, 6, 7, 7, 6, 6, 6]),
    "activation": ([36, 37, 38, 40, 41, 43, 44, 46], [6, 6, 7, 7, 7, 7, 7, 7]),
    "ttfr": ([70, 60, 50, 40, 30, 25, 20, 18], [6, 6, 7, 7, 7, 8, 8, 8]),
    "retention": ([98, 99, 99, 100, 101, 101, 102, 103], [6, 6, 6, 7, 7, 7, 6, 7]),
}
DAAN_ANSWERED = {0: (5.0, 6), 2: (8.0, 5)}  # slot index -> (value, confidence) of the chatbot key result
BLOCKER = "Wachten op de nieuwe enquêtetool, erg frustrerend"
ONE_LEVEL_UP = "Als product de enquête in de app toont"
LATE_ANSWER_AT = datetime(2026, 11, 26, 9, tzinfo=UTC)  # Carla's answer for 23 Nov, after the summary went out

LAST_SLOT = "2026-11-23"
PREP_AT = datetime(2026, 11, 26, 11, tzinfo=UTC)  # Thu 26 Nov 12:00 Amsterdam: 2 h before Bram meets Anna
SUMMARY_AT = datetime(2026, 11, 25, 8, tzinfo=UTC)  # Wed 25 Nov 09:00 Amsterdam: 48 h after the 23 Nov check-in
RECAP_AT = datetime(2027, 1, 4, 9, tzinfo=UTC)  # Mon 4 Jan 10:00 Amsterdam: first working day after the quarter

SECRETS = ("LEO-SECRET", "ANNA-OLD-MANAGER")
PERSONAL_REFLECTION = "ANNA-PERSONAL-REFLECTION"
TEAM_LEARNING = "Snel terugbellen beweegt de NPS meer dan een nieuwe FAQ"
ACHIEVED = "De NPS steeg naar 36"  # a reflection answer, but no lesson: the recap's numbers say it already


async def play_quarter(sessions, load_org) -> None:
    """Import the organisation and record its quarter up to 26 November (see the module)."""
    await load_org(QUARTER_ORG)
    async with transaction(sessions) as session:
        people = {p.platform_user_id: p for p in (await session.execute(select(Person))).scalars()}
        krs = {kr.ref.split("/")[-1]: kr for kr in (await session.execute(select(KeyResult))).scalars()}
        period = (await session.execute(select(Period))).scalar_one()
        session.add(OneOnOne(manager_id=people["U_BRAM"].id, report_id=people["U_ANNA"].id, weekday=3,
                             local_time="14:00", anchor=date(2026, 10, 1)))
        _checkins(session, krs, period)
        _deliveries(session, krs, period)
        await _surveys(session, people, krs, period)


async def played_quarter(sessions, load_org) -> tuple[Period, dict[str, Team]]:
    """The quarter played, with its period and its teams by name (the fixture of the digest tests)."""
    await play_quarter(sessions, load_org)
    async with sessions() as session:
        period = (await session.execute(select(Period))).scalar_one()
        return period, {team.name: team for team in (await session.execute(select(Team))).scalars()}


def _ref(krs: dict[str, KeyResult], ref: str) -> KeyResult:
    return next(kr for key, kr in krs.items() if key == ref or key.endswith(ref))


def _checkins(session, krs, period) -> None:
    for ref, (values, confidences) in HISTORY.items():
        kr = _ref(krs, ref)
        slots = PRODUCT_SLOTS if ref in ("activation", "ttfr", "retention") else SUPPORT_SLOTS
        for index, (slot, value, confidence) in enumerate(zip(slots, values, confidences, strict=True)):
            late = ref == "kb" and index == len(slots) - 1
            answered = LATE_ANSWER_AT if late else datetime.combine(slot, datetime.min.time(), UTC) + timedelta(hours=9)
            last = index == len(slots) - 1
            session.add(CheckIn(
                person_id=kr.owner_id, key_result_id=kr.id, period_id=period.id, slot=slot.isoformat(), value=value,
                confidence=confidence, answered_at=answered,
                blockers=BLOCKER if ref == "nps" and last else "",
                one_level_up=ONE_LEVEL_UP if ref == "nps" and last else "",
            ))
        if values[-1] is not None:
            kr.current = values[-1]
            session.add(kr)
    bot = _ref(krs, "bot")
    for index, (value, confidence) in DAAN_ANSWERED.items():
        slot = SUPPORT_SLOTS[index]
        session.add(CheckIn(person_id=bot.owner_id, key_result_id=bot.id, period_id=period.id, slot=slot.isoformat(),
                            value=value, confidence=confidence,
                            answered_at=datetime.combine(slot, datetime.min.time(), UTC) + timedelta(hours=10)))


def _deliveries(session, krs, period) -> None:
    """Each check-in slot reached every key-result holder of the team, early that morning (06:00 UTC)."""
    holders = {(kr.owner_id, ref in ("activation", "ttfr", "retention"))
               for ref, kr in ((ref, _ref(krs, ref)) for ref in [*HISTORY, "bot"])}
    for person_id, product in sorted(holders):
        for slot in PRODUCT_SLOTS if product else SUPPORT_SLOTS:
            sent_at = datetime.combine(slot, datetime.min.time(), UTC) + timedelta(hours=6)
            session.add(Delivery(kind="checkin", person_id=person_id, period_id=period.id, slot=slot.isoformat(),
                                 status="sent", claimed_at=sent_at, lease_until=sent_at, sent_at=sent_at))


async def _surveys(session, people, krs, period) -> None:
    anna, bram, maya, leo = (people[u].id for u in ("U_ANNA", "U_BRAM", "U_MAYA", "U_LEO"))
    team_objective, personal = _ref(krs, "nps").objective_id, _ref(krs, "api").objective_id
    at = datetime(2026, 10, 13, 9, tzinfo=UTC)

    async def round_(survey: str, key: str, objective_id: int | None = None) -> int:
        row = SurveyRound(survey=survey, period_id=period.id, key=key, objective_id=objective_id,
                          closes_at=at + timedelta(days=120 if survey == "reflection" else 7))
        session.add(row)
        await session.flush()
        return row.id

    def answer(round_id, person_id, question, score, text, manager_id=None, team_id=None):
        session.add(SurveyAnswer(round_id=round_id, person_id=person_id, question=question, score=score, text=text,
                                 manager_id=manager_id, answered_at=at, team_id=team_id))

    early = await round_("mood_development", "2026-10-05")
    answer(early, anna, "career", 6, "ANNA-OLD-MANAGER: ik twijfel over mijn rol", manager_id=maya)
    moods = (("2026-10-12", 5, "Meer feedback gekregen"), ("2026-11-09", 3, "Ik zie geen volgende stap"))
    for key, score, why in moods:
        round_id = await round_("mood_development", key)
        answer(round_id, anna, "career", score, why, manager_id=bram)
        answer(round_id, anna, "feedback", score + 1, "", manager_id=bram)
    lead = await round_("mood_leadership", "2026-11-09")
    answer(lead, leo, "satisfied", 1, "LEO-SECRET", manager_id=maya)
    premortem = await round_("premortem", f"o{team_objective}", team_objective)
    answer(premortem, anna, "why_failed", None, "De enquêtetool komt te laat", manager_id=bram)
    for position, (text, status) in enumerate((("De enquêtetool komt te laat", "open"),
                                               ("Te weinig mensen in december", "gone"))):
        session.add(PremortemRisk(round_id=premortem, person_id=anna, objective_id=team_objective,
                                  period_id=period.id, position=position, text=text, status=status, updated_at=at))
    reflection = await round_("reflection", f"o{team_objective}", team_objective)
    answer(reflection, anna, "learned", None, TEAM_LEARNING, manager_id=bram)
    answer(reflection, anna, "achieved", None, ACHIEVED, manager_id=bram)
    answer(reflection, anna, "closeness", 7, "", manager_id=bram)
    mine = await round_("reflection", f"o{personal}", personal)
    answer(mine, anna, "learned", None, PERSONAL_REFLECTION, manager_id=bram)
