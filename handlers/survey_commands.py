"""The typed survey commands, the same on every edge (handlers/commands.py hands them over):

* ``survey`` (``vragenlijst``): the open survey, or the list of open ones; ``survey N`` opens number N.
* ``premortem``: a pre-mortem on an objective you own in the running period, at any time.
* ``results`` (``resultaten``): what the survey answers let you see (see handlers/survey_results.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message
from handlers.survey_results import results_message
from handlers.surveys import premortem_command, survey_command
from models import Person

SURVEY = ("survey", "surveys", "vragenlijst")
PREMORTEM = ("premortem", "pre-mortem")
RESULTS = ("results", "resultaten")
COMMANDS = SURVEY + PREMORTEM + RESULTS


async def run(session: AsyncSession, *, person: Person, name: str, argument: str, now: datetime,
              min_respondents: int = 3) -> Message:
    """Answer one of ``COMMANDS``; ``min_respondents`` is the process's OKRBOT_MIN_RESPONDENTS."""
    if name in PREMORTEM:
        return await premortem_command(session, person=person, argument=argument, now=now,
                                       min_respondents=min_respondents)
    if name in RESULTS:
        return await results_message(session, person=person, now=now, min_respondents=min_respondents)
    return await survey_command(session, person=person, argument=argument, now=now, min_respondents=min_respondents)
