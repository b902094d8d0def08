"""The planning round's commands, in English and Dutch: ``plan`` (overview), ``plan carry|rework|close N``,
``plan draft [team|org] TITLE``, ``propose dN TITLE FROM -> TO UNIT``, the edits of a draft (``plan title dN TITLE``,
``plan change dN.K TITLE FROM -> TO UNIT``, ``plan remove dN.K``) and ``agree [dN]``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Message, Text
from handlers import planning_drafts as drafts
from handlers.adjust_parse import parse_measure
from handlers.planning_message import overview
from handlers.planning_round import Round, agreer_of, round_of
from models import KeyResult, Objective, Person
from models.people_queries import primary_team
from prompts import t

PLAN, PROPOSE, AGREE = ("plan", "plannen"), ("propose", "voorstel", "voorstellen"), ("agree", "akkoord")
COMMANDS = PLAN + PROPOSE + AGREE
CHOICES = {"carry": "carry", "meenemen": "carry", "rework": "rework", "herzien": "rework", "close": "close",
           "afsluiten": "close"}
DRAFT = ("draft", "nieuw")
LEVELS = {"team": "team", "org": "org", "organisatie": "org"}
EDITS = {"title": "title", "titel": "title", "change": "change", "wijzig": "change", "remove": "remove",
         "schrap": "remove"}


async def run(session: AsyncSession, *, person: Person, name: str, argument: str, now: datetime) -> Message:
    rnd = await round_of(session, person=person, now=now)
    if rnd is None:
        return _say(person.locale, "planning.no_round")
    if name in PLAN:
        return await _plan(session, person, rnd, argument, now)
    if name in PROPOSE:
        return await _propose(session, person, rnd, argument, now)
    return await _agree(session, person, rnd, argument, now)


async def _plan(session: AsyncSession, person: Person, rnd: Round, argument: str, now: datetime) -> Message:
    word, _, rest = argument.partition(" ")
    word = word.lower()
    if not word:
        return overview(person.locale, rnd)
    if word in DRAFT:
        return await _draft(session, person, rnd, rest.strip(), now)
    if word in EDITS:
        return await _edit(session, person, rnd, EDITS[word], rest.strip(), now)
    if word not in CHOICES:
        return _say(person.locale, "planning.usage")
    objective = _numbered(rnd.decide, rest.strip())
    if objective is None:
        return _say(person.locale, "planning.which", count=len(rnd.decide))
    if objective.id in rnd.decided:
        return _say(person.locale, "planning.already", title=objective.title)
    if CHOICES[word] == "close":
        await drafts.close_at_end(session, objective=objective, person=person, now=now)
    else:
        await drafts.carry_over(session, rnd=rnd, objective=objective, person=person, now=now,
                                rework=CHOICES[word] == "rework")
    return await _after(session, person, now, f"planning.done_{CHOICES[word]}", title=objective.title)


async def _draft(session: AsyncSession, person: Person, rnd: Round, text: str, now: datetime) -> Message:
    word, _, rest = text.partition(" ")
    level = LEVELS.get(word.lower(), "person")
    title = rest.strip() if level != "person" else text
    if not title:
        return _say(person.locale, "planning.usage")
    team_id = None
    if level == "team":
        team = await primary_team(session, person_id=person.id)
        team_id = next(iter(rnd.led), None) or (team.id if team else None)
        if team_id is None:
            return _say(person.locale, "planning.no_team")
    await drafts.new_draft(session, rnd=rnd, title=title[:500], level=level, person=person, team_id=team_id, now=now)
    return await _after(session, person, now, "planning.done_draft", title=title)


async def _propose(session: AsyncSession, person: Person, rnd: Round, argument: str, now: datetime) -> Message:
    ref, _, text = argument.partition(" ")
    draft = _numbered(rnd.drafts, ref.lower().removeprefix("d"))
    if draft is None or draft.status != "draft":
        return _say(person.locale, "planning.which_draft", count=len(rnd.drafts))
    text = text.strip()
    if not text:
        return _say(person.locale, "planning.propose_usage")
    measured = parse_measure(text)
    if measured is None:
        return _say(person.locale, "planning.propose_usage")
    await drafts.propose(session, draft=draft, person=person, title=measured.title, kind=measured.kind,
                         baseline=measured.baseline, target=measured.target, unit=measured.unit, now=now)
    return await _after(session, person, now, "planning.done_propose", title=measured.title, objective=draft.title)


async def _agree(session: AsyncSession, person: Person, rnd: Round, argument: str, now: datetime) -> Message:
    led = {team_id: person.id for team_id in rnd.led}
    mine = [o for o in rnd.drafts if o.status == "draft" and agreer_of(o, led, rnd.circle.managers) == person.id]
    if argument.strip():
        one = _numbered(rnd.drafts, argument.strip().lower().removeprefix("d"))
        if one is None or one not in mine:
            return _say(person.locale, "planning.not_yours")
        mine = [one]
    if not mine:
        return _say(person.locale, "planning.nothing_to_agree")
    empty = [o for o in mine if not rnd.key_results.get(o.id)]
    if empty:
        return _say(person.locale, "planning.agree_empty", title=empty[0].title)
    await drafts.agree(session, drafts=mine, person=person, now=now)
    return await _after(session, person, now, "planning.done_agree", count=len(mine), period=rnd.next.name)


async def _edit(session: AsyncSession, person: Person, rnd: Round, edit: str, text: str, now: datetime) -> Message:
    """Change a draft before it is agreed: its title (its owner or who agrees it), or a key result (also who
    proposed it), typed again or removed."""
    ref, _, text = text.partition(" ")
    number, _, k = ref.lower().removeprefix("d").partition(".")
    draft = _numbered(rnd.drafts, number)
    krs = rnd.key_results.get(draft.id, []) if draft else []
    kr = krs[int(k) - 1] if k.isdigit() and 0 < int(k) <= len(krs) else None
    if draft is None or (edit != "title" and kr is None):
        return _say(person.locale, "planning.edit_usage")
    if draft.status != "draft":
        return _say(person.locale, "planning.edit_agreed", title=draft.title)
    if not _may_edit(rnd, person, draft, kr if edit != "title" else None):
        return _say(person.locale, "planning.edit_not_yours", title=draft.title)
    text = text.strip()
    if edit == "remove":
        await drafts.withdraw(session, kr=kr, person=person, now=now)
        return await _after(session, person, now, "planning.done_remove", title=kr.title)
    if not text:
        return _say(person.locale, "planning.edit_usage")
    if edit == "title":
        await drafts.retitle(session, draft=draft, title=text[:500], person=person, now=now)
        return await _after(session, person, now, "planning.done_title", title=text[:500])
    measured = parse_measure(text)
    if measured is None:
        return _say(person.locale, "planning.edit_usage")
    await drafts.revise(session, kr=kr, person=person, title=measured.title, kind=measured.kind,
                        baseline=measured.baseline, target=measured.target, unit=measured.unit, now=now)
    return await _after(session, person, now, "planning.done_change", title=measured.title)


def _may_edit(rnd: Round, person: Person, draft: Objective, kr: KeyResult | None) -> bool:
    led = {team_id: person.id for team_id in rnd.led}
    return person.id in (agreer_of(draft, led, rnd.circle.managers), draft.owner_person_id,
                         kr.owner_id if kr else None)


def _numbered(items: list[Objective], text: str) -> Objective | None:
    return items[int(text) - 1] if text.isdigit() and 0 < int(text) <= len(items) else None


async def _after(session: AsyncSession, person: Person, now: datetime, key: str, **params: object) -> Message:
    """What was done, then the round as it stands now."""
    rnd = await round_of(session, person=person, now=now)
    return overview(person.locale, rnd, intro=t(person.locale, key, **params))


def _say(locale: str, key: str, **params: object) -> Message:
    return Message("plan", locale, (Text(t(locale, key, **params)),))
