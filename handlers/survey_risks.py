"""Pre-mortem follow-up: the risks a person named come back in their check-ins as "still a risk?" (yes/no).

The pre-mortem's "what happened?" answer is split into risks, one per line (a single line with semicolons is
split at them; bullets and numbers are dropped), at most ``MAX_RISKS``. Each open risk is asked in its owner's
check-ins of the same period, at most ``PER_CHECKIN`` at a time, the ones asked longest ago first; "no" closes it,
"yes" keeps it open. The questions are ``SelectQuestion``s with ids ``risk:<id>`` added to the check-in form
before its actions; the check-in's own validation ignores them, and nothing here is part of any grade.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Choices, Message, Option, SelectQuestion, Text
from handlers.ids import is_id
from models import Person
from models.risk_store import open_risks_of, record_risk_answers
from models.surveys import PremortemRisk
from prompts import t

MAX_RISKS = 10
PER_CHECKIN = 3
RISK_FIELD = re.compile(r"^risk:(\d{1,10})$")
BULLET = re.compile(r"^\s*(?:[-*•·]+|\d{1,2}[.)])\s*")
SHOWN = 200


def split_risks(text: str) -> list[str]:
    """The risks in a "what happened?" answer: one per line, or per semicolon when it is one line."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) == 1 and ";" in lines[0]:
        lines = lines[0].split(";")
    risks = [BULLET.sub("", line).strip() for line in lines]
    return [risk for risk in risks if risk][:MAX_RISKS]


def risk_blocks(risks: Sequence[PremortemRisk], locale: str) -> list:
    if not risks:
        return []
    options = (Option("yes", t(locale, "surveys.risks.yes")), Option("no", t(locale, "surveys.risks.no")))
    blocks: list = [Text(t(locale, "surveys.risks.heading"), "heading")]
    for risk in risks[:PER_CHECKIN]:
        blocks.append(SelectQuestion(f"risk:{risk.id}", t(locale, "surveys.risks.question", risk=_short(risk.text)),
                                     options))
    return blocks


def _short(text: str) -> str:
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def with_risk_questions(message: Message, risks: Sequence[PremortemRisk]) -> Message:
    """The check-in ``message`` with its owner's open risks asked before its actions."""
    extra = risk_blocks(risks, message.locale)
    if not extra:
        return message
    blocks = list(message.blocks)
    at = next((i for i in range(len(blocks) - 1, -1, -1) if isinstance(blocks[i], Choices)), len(blocks))
    return replace(message, blocks=tuple(blocks[:at] + extra + blocks[at:]))


def _is_checkin_form(message: Message) -> bool:
    return message.context.get("kind") == "checkin" and is_id(str(message.context.get("period", "")))


async def add_risk_questions(session: AsyncSession, outgoing: Sequence) -> list:
    """The tick's outgoing messages, each check-in with its owner's open risks (one query for all of them)."""
    pairs = [(o.recipient.person_id, int(o.message.context["period"])) for o in outgoing
             if _is_checkin_form(o.message)]
    if not pairs:
        return list(outgoing)
    found = await open_risks_of(session, pairs=pairs)
    return [replace(o, message=with_risk_questions(o.message, risks)) if (risks := _risks_of(o, found)) else o
            for o in outgoing]


def _risks_of(outgoing, found: Mapping[tuple[int, int], list[PremortemRisk]]) -> list[PremortemRisk]:
    if not _is_checkin_form(outgoing.message):
        return []
    return found.get((outgoing.recipient.person_id, int(outgoing.message.context["period"])), [])


async def checkin_with_risks(session: AsyncSession, *, person: Person, message: Message) -> Message:
    """A check-in form a person opened themselves, with their open risks."""
    if not _is_checkin_form(message):
        return message
    period_id = int(message.context["period"])
    found = await open_risks_of(session, pairs=[(person.id, period_id)])
    return with_risk_questions(message, found.get((person.id, period_id), []))


def parse_risk_answers(fields: Mapping[str, str], locale: str) -> tuple[dict[int, bool], dict[str, str]]:
    """risk id -> still a risk, from the ``risk:<id>`` fields; a message per field that is neither yes nor no."""
    answers: dict[int, bool] = {}
    errors: dict[str, str] = {}
    yes = {"yes", *t(locale, "common.yes_words").split(","), *t("en", "common.yes_words").split(",")}
    no = {"no", *t(locale, "common.no_words").split(","), *t("en", "common.no_words").split(",")}
    for name, raw in fields.items():
        match = RISK_FIELD.match(name)
        value = (raw or "").strip().lower()
        if not match or not value:
            continue
        if value in yes or value == t(locale, "surveys.risks.yes").lower():
            answers[int(match[1])] = True
        elif value in no or value == t(locale, "surveys.risks.no").lower():
            answers[int(match[1])] = False
        else:
            errors[name] = t(locale, "surveys.risks.error")
    return answers, errors


async def after_checkin(
    session: AsyncSession, *, person: Person, context: Mapping[str, str], fields: Mapping[str, str],
    answer: Message, now: datetime,
) -> Message:
    """Follow a check-in submission: when it came back to be corrected, ask the risks again (with what was
    typed); when it was recorded, record the risk answers too and say what was recorded."""
    if answer.errors:
        return await checkin_with_risks(session, person=person, message=answer)
    answers, errors = parse_risk_answers(fields, person.locale)
    if answer.kind != "checkin_recorded" or not (answers or errors):
        return answer
    still, gone = await record_risk_answers(session, person_id=person.id, answers=answers,
                                            slot=str(context.get("slot", ""))[:32], now=now)
    extra = [Text(t(person.locale, "surveys.risks.recorded", still=still, gone=gone))] if still or gone else []
    extra += [Text(error, "error") for error in errors.values()][:1]
    return replace(answer, blocks=answer.blocks + tuple(extra))
