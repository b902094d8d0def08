"""An organisation for the survey tests, and helpers to tick it and answer as its people.

Bram leads Anna, Carla and Daan (three reports) in Support, Amsterdam, check-ins on Monday; Maya leads Leo and
Priya (two reports) in Product, New York, check-ins on Tuesday. With the default schedule (11:00 on the check-in
day) in 2026-Q4: pre-mortems on the period's first day, Thu 1 Oct; development mood checks in the weeks of
12 Oct and 7 Dec, the leadership mood check in the week of 9 Nov (open until Sun 22 Nov), reflections on Mon 28 /
Tue 29 Dec.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.messages import FormSubmitted, Message
from handlers.commands import handle_command, handle_reply
from models import Person
from models.db import transaction
from models.people_queries import person_by_platform_id
from scheduler.tick import tick

SURVEY_ORG = """
periods:
  - {name: 2026-Q4, start: 2026-10-01, end: 2026-12-31}
people:
  - {id: U_BRAM, name: Bram Bakker, tz: Europe/Amsterdam, locale: nl}
  - {id: U_ANNA, name: Anna de Vries, tz: Europe/Amsterdam, locale: nl, manager: U_BRAM}
  - {id: U_CARLA, name: Carla Jansen, tz: Europe/Amsterdam, locale: en, manager: U_BRAM}
  - {id: U_DAAN, name: Daan Visser, tz: Europe/Amsterdam, locale: nl, manager: U_BRAM}
  - {id: U_MAYA, name: Maya Chen, tz: America/New_York, locale: en}
  - {id: U_LEO, name: Leo Martinez, tz: America/New_York, locale: en, manager: U_MAYA}
  - {id: U_PRIYA, name: Priya Nair, tz: America/New_York, locale: en, manager: U_MAYA}
teams:
  - name: Support
    country: NL
    members: [U_BRAM, U_ANNA, U_CARLA, U_DAAN]
    checkin: {day: monday, time: "09:00"}
  - name: Product
    country: US
    members: [U_MAYA, U_LEO, U_PRIYA]
    checkin: {day: tuesday, time: "10:00"}
okrs:
  - id: support-fans
    objective: Onze klanten zijn fan van onze dienstverlening
    level: team
    owner: Support
    period: 2026-Q4
    key_results:
      - {id: nps, title: NPS van 25 naar 45, baseline: 25, target: 45, owner: U_ANNA}
      - {id: kb, title: Kennisbank live, kind: milestone, owner: U_CARLA}
  - id: product-onboarding
    objective: New customers get value in their first week
    level: team
    owner: Product
    period: 2026-Q4
    key_results:
      - {id: activation, title: Activation from 35% to 60%, baseline: 35, target: 60, unit: "%", owner: U_LEO}
      - {id: ttfr, title: Time to first report from 72 to 4 hours, kind: decrease, baseline: 72, target: 4,
         owner: U_PRIYA}
"""

PREMORTEM_AMSTERDAM = datetime(2026, 10, 1, 9, tzinfo=UTC)  # Thu 1 Oct, the period's first day, 11:00 in Amsterdam
PREMORTEM_NEW_YORK = datetime(2026, 10, 1, 15, tzinfo=UTC)  # 11:00 in New York
MOOD_DEV_AMSTERDAM = datetime(2026, 10, 12, 9, tzinfo=UTC)
MOOD_LEAD_AMSTERDAM = datetime(2026, 11, 9, 10, tzinfo=UTC)  # winter time: 11:00 is 10:00 UTC
MOOD_LEAD_NEW_YORK = datetime(2026, 11, 10, 16, tzinfo=UTC)
LEAD_CLOSED = datetime(2026, 11, 23, 13, tzinfo=UTC)  # the leadership round was open until Sun 22 Nov
REFLECTION_AMSTERDAM = datetime(2026, 12, 28, 10, tzinfo=UTC)


async def person(sessions, user_id: str) -> Person:
    async with sessions() as session:
        return await person_by_platform_id(session, platform_user_id=user_id)


async def run_tick(sessions, messenger, now: datetime):
    return await tick(sessions=sessions, messenger=messenger, now=now)


async def reply(sessions, user_id: str, context, fields, now: datetime) -> Message:
    async with transaction(sessions) as session:
        return await handle_reply(session, reply=FormSubmitted(user_id, dict(context), fields), platform=None, now=now)


async def command(sessions, user_id: str, text: str, now: datetime, min_respondents: int = 3) -> Message:
    async with transaction(sessions) as session:
        who = await person_by_platform_id(session, platform_user_id=user_id)
        return await handle_command(session, person=who, text=text, now=now, min_respondents=min_respondents)


def survey_to(messenger, user_id: str, kind: str) -> Message:
    [message] = [m for m in messenger.to(user_id) if m.kind == kind]
    return message


def text_of(message: Message) -> str:
    """Everything a person could read in a message: texts, questions, typed values and errors."""
    parts = [getattr(b, "text", "") or getattr(b, "prompt", "") for b in message.blocks]
    return "\n".join([*parts, *message.values.values(), *message.errors.values()])
