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

from bot.console_render import render
from bot.demo_people import Simulation
from bot.messages import Message, ScaleQuestion, SelectQuestion
from handlers.ports import Recipient
from handlers.survey_privacy import leadership_rounds, threshold
from handlers.survey_results import leadership_blocks
from models import Period
from models.coach_queries import direct_reports
from models.db import SessionFactory
from models.people_queries import all_people

WHY = {
    "en": ["Reviews wait for days", "We talk about this in every 1:1", "I'd like more say in the roadmap",
           "Lots of firefighting lately", "Clear goals this quarter"],
    "nl": ["Reviews blijven dagen liggen", "We bespreken dit in elke 1-op-1", "Ik wil meer inspraak in de roadmap",
           "Veel brandjes blussen de laatste tijd", "Duidelijke doelen dit kwartaal"],
}
OPEN_ANSWERS = {
    "en": {"failure": ["The data team had no time for us", "We shipped too late to measure anything",
                       "Half the team was pulled into the migration", "Sales promised a different flow",
                       "Nobody owned the onboarding emails", "The pilot customers dropped out"],
           "minimum": ["The new flow live for every new customer"], "story": ["New customers told us it just works"],
           "gain": ["Proof that small experiments pay off"],
           "achieved": ["Most of what we aimed for", "Faster onboarding, though not yet for every customer",
                        "The new flow shipped; people adopt it more slowly than we hoped"],
           "learned": ["Measure from week one", "Small experiments beat big plans",
                       "Customers tell us more on a call than in a survey"],
           "differently": ["Start the risky part first", "Fewer key results, more focus",
                           "Talk to sales every month, not every quarter"],
           "one_up": ["One more engineer in October", "A pricing decision before the quarter starts",
                      "Fewer projects running at once"]},
    "nl": {"failure": ["Te weinig mensen in de drukke weken", "De kennisbank kwam te laat live",
                       "We bleven brandjes blussen", "Niemand schreef de artikelen", "Het ticketsysteem lag eruit",
                       "De piek in december overviel ons"],
           "minimum": ["Elke klant binnen een werkdag antwoord"], "story": ["Klanten noemden ons spontaan"],
           "gain": ["Rust in mijn week"],
           "achieved": ["Snellere antwoorden", "Minder tickets die terugkomen",
                        "De kennisbank staat, al groeit het gebruik langzaam"],
           "learned": ["Vroeg meten helpt", "Kleine experimenten werken beter dan grote plannen",
                       "Klanten vertellen aan de telefoon meer dan in een enquête"],
           "differently": ["Eerder om hulp vragen", "Minder key results, meer focus",
                           "Rekening houden met de feestdagen"],
           "one_up": ["Een extra collega in december", "Eerder duidelijkheid over de prioriteiten",
                      "Minder projecten tegelijk"]},
}


def is_survey(message: Message) -> bool:
    return message.context.get("kind") == "survey"


def survey_choice(rng: random.Random) -> str:
    """Everyone answers their surveys: most at once, some later."""
    return "answer" if rng.random() < 0.8 else "later"


def demo_fields(simulation: Simulation, message: Message, elapsed: float) -> tuple[dict[str, str], str]:
    """The fields a simulated person sends for a message, and what the demo counts the reply as."""
    if is_survey(message):
        return survey_fields(simulation.rng, message), "survey_answered"
    fields = simulation.fields(message, elapsed)
    for question in message.questions:
        if isinstance(question, SelectQuestion) and question.id.startswith("risk:"):
            fields[question.id] = "yes" if simulation.rng.random() < 0.6 else "no"
    return fields, "answered"


def survey_fields(rng: random.Random, message: Message) -> dict[str, str]:
    answers = OPEN_ANSWERS[message.locale]
    fields: dict[str, str] = {}
    for question in message.questions:
        if isinstance(question, ScaleQuestion):
            fields[question.id] = str(min(question.high, max(question.low, round(rng.gauss(0.72, 0.15)
                                                                                 * question.high))))
        elif question.id.endswith(":why"):
            if rng.random() < 0.4:
                fields[question.id] = rng.choice(WHY[message.locale])
        elif question.id == "failure":
            fields[question.id] = "\n".join(f"- {risk}" for risk in rng.sample(answers["failure"], 2))
        elif question.id in answers:
            fields[question.id] = rng.choice(answers[question.id])
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
            pages.append((f"{title} (to {found[0].name})", render(found[1])))
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
            parts.append(f"{manager.name} ({len(reports)} direct reports):\n{body}")
    title = "The leadership mood check as each manager sees it (averages only, from 3 respondents)"
    return title, "\n\n".join(parts) or "(no leadership mood check closed in this period)"
