"""The coach in a planning round: ``coach TEXT`` drafts for the next period and ``coach dN`` helps on a draft of the
round, with the ending period's learnings and the objectives carried over as context, without people's names.

What the model gets beyond the coach's usual data (handlers/coach_draft.py): the reflection's "what we learned"
and "what we'd do differently" texts on the objectives the person decides on, and the titles and key results of the
carried-over drafts they may see; every name of a person in the store is taken out of those texts. Without a model
the person reads the same context under the catalog's draft. The draft is shown, not saved: it becomes part of the
round through ``plan draft`` and ``propose``, so it is agreed like every other draft.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message, Text
from handlers.period_roll import weeks_before
from handlers.planning_round import Round, round_of
from models import Objective, Person
from models.name_queries import person_names
from models.planning_store import settings
from prompts import t
from prompts.formatting import clip
from scheduler.cadence import local_now

LESSONS = ("learned", "differently")
MAX_LESSONS = 6
NAME_GAP = "…"


@dataclass(frozen=True)
class PlanningContext:
    period: str
    lessons: tuple[tuple[str, str], ...]  # (learned | differently, text without names)
    carried: tuple[tuple[str, tuple[str, ...]], ...]  # (objective, its key results), without names
    titles: tuple[str, ...]  # every draft's title the person sees: never proposed again
    draft: Objective | None = None  # ``coach dN``: the draft helped on
    draft_key_results: tuple[str, ...] = ()  # what was proposed for it so far
    ref: str = ""  # "d2"

    def facts(self) -> dict:
        """What the model reads of the round."""
        facts = {"learnings": [{"question": q, "text": text} for q, text in self.lessons],
                 "carried_over": [{"objective": title, "key_results": list(krs)} for title, krs in self.carried]}
        if self.draft is not None:
            facts["proposed_so_far"] = list(self.draft_key_results)
        return facts


async def planning_context(session: AsyncSession, *, person: Person, now: datetime, ref: str = ""
                           ) -> PlanningContext | None:
    """The round ``person`` plans in now (its next period not begun yet), or None; ``ref`` ("d2") names a draft."""
    rnd = await round_of(session, person=person, now=now)
    if rnd is None or not await _planning_now(session, rnd, local_now(person.tz, now).date()):
        return None
    draft = _draft(rnd, ref)
    scrub = _scrubber(await person_names(session))
    lessons = [(question, scrub(text)) for objective in rnd.decide for question in LESSONS
               for text in rnd.learned.get(objective.id, {}).get(question, [])]
    carried = tuple((scrub(o.title), tuple(scrub(kr.title) for kr in rnd.key_results.get(o.id, [])))
                    for o in rnd.drafts if o.carried_from_id is not None)
    titles = tuple(o.title for o in rnd.drafts if o is not draft)
    proposed = tuple(scrub(kr.title) for kr in rnd.key_results.get(draft.id, [])) if draft else ()
    return PlanningContext(rnd.next.name, tuple(_unique(lessons))[:MAX_LESSONS], carried, titles, draft, proposed,
                           ref.strip().lower() if draft else "")


async def _planning_now(session: AsyncSession, rnd: Round, today: date) -> bool:
    """In the planning phase: the next period has not begun, and the ending one is within the earliest planning
    settings' weeks of its end (a next period a file gives long before is not planned yet)."""
    if rnd.next.start <= today:
        return False
    if rnd.ending is None:
        return True
    return today >= rnd.ending.end - timedelta(weeks=weeks_before(*await settings(session)))


def is_draft_ref(text: str) -> bool:
    return re.fullmatch(r"[dD]\d{1,3}", text.strip()) is not None


def context_blocks(context: PlanningContext, locale: str) -> list[Text]:
    """The context under the draft, and how to put the draft into the round."""
    blocks = [Text(t(locale, "planning.coach_context", period=context.period), "muted")]
    blocks += [Text(t(locale, f"planning.{question}", text=clip(text, 300)), "note")
               for question, text in context.lessons]
    blocks += [Text(t(locale, "planning.coach_carried", title=title), "note") for title, _ in context.carried]
    key = "planning.coach_propose" if context.draft is not None else "planning.coach_how"
    blocks.append(Text(t(locale, key, period=context.period, ref=context.ref), "muted"))
    return blocks


def with_context(message: Message, context: PlanningContext, locale: str) -> Message:
    return Message(message.kind, message.locale, (*message.blocks, *context_blocks(context, locale)),
                   message.context)


def _draft(rnd: Round, ref: str) -> Objective | None:
    number = ref.strip().lower().removeprefix("d")
    return rnd.drafts[int(number) - 1] if number.isdigit() and 0 < int(number) <= len(rnd.drafts) else None


def _scrubber(names: Iterable[str]):
    """Takes every person's full and first name out of a text (whole words, as written)."""
    words = sorted({part for name in names for part in (name, name.split()[0]) if len(part) > 1},
                   key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b") if words else None
    return (lambda text: pattern.sub(NAME_GAP, text)) if pattern else (lambda text: text)


def _unique(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(dict.fromkeys(items))
