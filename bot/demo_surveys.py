"""Surveys in the demo: how the simulated people answer them, and the pages that show one of each.

People answer every survey (most at once, some a few hours later), name a risk or two in their pre-mortem and say
in later check-ins whether each is still a risk. The closing pages show a mood-check DM, a pre-mortem DM, a
reflection DM, and the leadership aggregate as a manager with at least three respondents sees it, next to a manager
with fewer, who sees nothing.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta

from bot import demo_audience
from bot.console_render import render
from bot.demo_people import Simulation
from bot.demo_texts import SURVEY_QUESTIONS
from bot.messages import Message, ScaleQuestion, SelectQuestion
from handlers.ports import Recipient
from handlers.survey_privacy import leadership_rounds, threshold
from handlers.survey_results import leadership_blocks
from models import Period
from models.coach_queries import direct_reports
from models.db import SessionFactory
from models.people_queries import all_people


def is_survey(message: Message) -> bool:
    return message.context.get("kind") == "survey"


def survey_choice(rng: random.Random) -> str:
    """Everyone answers their surveys: most at once, some later."""
    return "answer" if rng.random() < 0.8 else "later"


def demo_fields(simulation: Simulation, message: Message, elapsed: float) -> tuple[dict[str, str], str]:
    """The fields a simulated person sends for a message, and what the demo counts the reply as."""
    if is_survey(message):
        return survey_fields(simulation, message), "survey_answered"
    fields = simulation.fields(message, elapsed)
    for question in message.questions:
        if isinstance(question, SelectQuestion) and question.id.startswith("risk:"):
            fields[question.id] = "yes" if simulation.rng.random() < 0.6 else "no"
    return fields, "answered"


def survey_fields(simulation: Simulation, message: Message) -> dict[str, str]:
    """A survey's answers, each open one from the pool of its own kind (bot/demo_texts.py)."""
    rng, texts, locale = simulation.rng, simulation.texts, message.locale
    why = "lead_why" if message.kind == "survey_mood_lead" else "dev_why"
    fields: dict[str, str] = {}
    for question in message.questions:
        if isinstance(question, ScaleQuestion):
            fields[question.id] = str(min(question.high, max(question.low, round(rng.gauss(0.72, 0.15)
                                                                                 * question.high))))
        elif question.id.endswith(":why"):
            if rng.random() < 0.4:
                fields[question.id] = texts.deal(why, locale)
        elif question.id == "failure":
            fields[question.id] = "\n".join(f"- {risk}" for risk in texts.deal_distinct("failure", locale, 2))
        elif question.id in SURVEY_QUESTIONS:
            fields[question.id] = texts.deal(question.id, locale)
    return fields


async def survey_examples(sessions: SessionFactory, period: Period,
                          examples: Mapping[tuple[str, str], tuple[Recipient, Message]], min_respondents: int = 3
                          ) -> list[tuple[str, str]]:
    """(title, body) of the pages that show one of each survey and one leadership aggregate."""
    pages = []
    for kind, title in (("survey_mood_dev", "A mood check in a DM (personal development, 1-7)"),
                        ("survey_mood_lead", "A mood check in a DM (leadership quality, 1-7)"),
                        ("survey_premortem", "A pre-mortem in a DM, in the period's first week"),
                        ("survey_reflection", "A reflection in a DM, in the period's last week")):
        found = examples.get((kind, "nl")) or examples.get((kind, "en"))
        if found:
            recipient, message = found
            audience = demo_audience.dm(recipient, message)
            pages.append((f"{title} (to {recipient.name})", f"{render(message)}\n{audience}"))
    pages.append(await _leadership_page(sessions, period, min_respondents))
    return pages


async def _leadership_page(sessions: SessionFactory, period: Period, min_respondents: int) -> tuple[str, str]:
    now = datetime.combine(period.end, time(12), UTC) + timedelta(days=3)
    parts = []
    async with sessions() as session:
        for manager in await all_people(session):
            reports = await direct_reports(session, manager_id=manager.id)
            rounds = await leadership_rounds(session, viewer=manager, now=now, min_respondents=min_respondents)
            if not rounds:
                continue
            blocks = leadership_blocks(rounds, manager.locale, threshold(min_respondents))
            body = render(Message("survey_results", manager.locale, tuple(blocks)))
            audience = demo_audience.only(manager.name, manager.locale)
            parts.append(f"{manager.name} ({len(reports)} direct reports):\n{body}\n{audience}")
    title = "The leadership mood check as each manager sees it (averages only, from 3 respondents)"
    return title, "\n\n".join(parts) or "(no leadership mood check closed in this period)"
