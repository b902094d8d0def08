"""Any form again from the context a button carries: a chat edge opens it where the person clicked."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message
from handlers import okr_authoring, surveys
from handlers.checkin import notice
from handlers.checkin_slot import checkin_for_slot
from handlers.survey_catalog import ref_of_context
from models import Person


async def form_for(session: AsyncSession, *, person: Person, context: Mapping[str, str], now: datetime,
                   min_respondents: int = 3) -> Message:
    """The form a reply with this context answers, with the person's own answers so far filled in."""
    kind = context.get("kind")
    if kind == "survey":
        ref = ref_of_context(context)
        if ref is None:
            return notice(person.locale, "surveys.unknown")
        return await surveys.open_survey(session, person=person, ref=ref, now=now, min_respondents=min_respondents)
    if kind == "okr_new":
        return await okr_authoring.open_new_okr(session, person=person, now=now)
    return await checkin_for_slot(session, person=person, context=context)
