"""Questions a manager can ask in the next 1:1, from each direct report's own key results and check-ins.

The questions come from a fixed catalog (``prompts/locales/*/coach.yaml``) picked by the signals of the
digest: a blocker, a confidence drop, a stall, confidence without movement, no check-ins yet. The AI model may
rephrase them. What goes to the model, per report and without any name: key-result titles, progress, the
confidence path, the three signals, the latest blocker text and the draft questions. Never a survey answer,
never a mood, never the free "one level up" text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from handlers.digest_data import load
from handlers.facts import account_of
from handlers.model_text import PlainText
from handlers.ports import AiClient
from handlers.report import KeyResultReport, objective_reports
from handlers.trends import unchanged_checkins
from handlers.visibility import visible_objectives
from models import Period, Person
from models.okr_queries import owned_key_results
from models.report_queries import objectives_of_person
from prompts import t
from prompts.formatting import percent
from prompts.llm import language_name, llm_prompt

MAX_QUESTIONS = 4  # per person: three about their key results, one open question
MAX_BLOCKER = 200
MAX_TITLE = 80


@dataclass(frozen=True)
class Prep:
    """One direct report's questions, and the key results they come from."""

    name: str
    key_results: tuple[KeyResultReport, ...]
    questions: tuple[str, ...]
    asked: bool = True  # a check-in reached the person this period (handlers/facts.py)


async def prepare(session, *, reports: Sequence[Person], period: Period, locale: str, now: datetime) -> list[Prep]:
    """Per direct report, in name order: the catalog's questions about the key results they own. "No check-ins
    yet" is said only of someone a check-in reached by ``now`` (handlers/facts.py)."""
    snapshot = await load(session, period=period, person_ids=[p.id for p in reports], personal=False)
    reached = {p.id for p in reports if p.id in snapshot.people
               and account_of(snapshot, p.id, as_of=now).delivered}
    objectives = {}
    for p in reports:  # what their manager may see of each report's objectives (handlers/visibility.py)
        theirs = await objectives_of_person(session, person_id=p.id, period_id=period.id)
        seen = await visible_objectives(session, viewer_id=p.manager_id, objectives=theirs) if p.manager_id else []
        objectives.update((o.id, o) for o in seen)
    owned = await owned_key_results(session, person_ids=[p.id for p in reports], period_ids=[period.id],
                                    asked_only=False)
    by_id = {kr.id: kr for o in await objective_reports(session, objectives=list(objectives.values()), period=period)
             for kr in o.key_results}
    preps = []
    for person in reports:
        krs = tuple(by_id[kr.id] for kr in owned if kr.owner_id == person.id and kr.id in by_id)
        asked = person.id in reached
        preps.append(Prep(person.name, krs, tuple(questions(krs, locale=locale, period=period.name, asked=asked)),
                          asked))
    return preps


def questions(krs: Sequence[KeyResultReport], *, locale: str, period: str, asked: bool = True) -> list[str]:
    """The most telling signals first (blocker, drop, stall, confident but still), then one open question.
    ``asked``: whether a check-in ever reached the person this period; if not, no key result "has no check-ins"."""
    if not krs:
        return [t(locale, "coach.q_no_key_results", period=period)]
    found, blockers = [], set()
    for kr in krs:
        blocker = _latest_blocker(kr)
        if blocker and blocker.casefold() not in blockers:  # one blocker named on several key results: ask once
            blockers.add(blocker.casefold())
            found.append(t(locale, "coach.q_blocker", title=_short(kr.title), blocker=blocker))
    found += [q for kr in krs if not kr.blockers for q in _signals(kr, locale, asked)]
    if not found:
        best = max(krs, key=lambda kr: kr.progress)
        found.append(t(locale, "coach.q_going_well", title=_short(best.title), percent=percent(best.progress)))
    return [*found[: MAX_QUESTIONS - 1], t(locale, "coach.q_general")]


def closing(preps: Sequence[Prep], *, locale: str, period: str) -> str:
    """Where to start: the most pressing signal across the team (a blocker first, then a confidence drop, a stall,
    confidence without movement, no check-ins, no key results, not asked yet), or, with nothing stuck, what goes
    best."""
    found = [signal for prep in preps for signal in _pressing(prep, period)]
    if found:
        _, key, params = min(found, key=lambda signal: signal[0])
        return t(locale, f"coach.close_{key}", **params)
    name, best = max(((p.name, kr) for p in preps for kr in p.key_results), key=lambda pair: pair[1].progress)
    return t(locale, "coach.close_going_well", name=name, title=_short(best.title), percent=percent(best.progress))


def _pressing(prep: Prep, period: str) -> list[tuple[int, str, dict]]:
    if not prep.key_results:
        return [(5, "no_key_results", {"name": prep.name, "period": period})]
    found = []
    for kr in prep.key_results:
        at = {"name": prep.name, "title": _short(kr.title)}
        if kr.blockers:
            found.append((0, "blocker", at))
        elif not kr.points:
            found.append((4, "no_checkins", at) if prep.asked else (6, "not_asked_yet", at))
        elif kr.confidence_dropped:
            found.append((1, "dropped", {**at, "before": kr.points[-2].confidence, "after": kr.points[-1].confidence}))
        elif kr.stalled:
            found.append((2, "stalled", {**at, "n": unchanged_checkins(kr.points)}))
        elif kr.confident_but_not_moving:
            found.append((3, "confident_not_moving", at))
    return found


def _latest_blocker(kr: KeyResultReport) -> str:
    blocker = " ".join(kr.blockers[-1].split()) if kr.blockers else ""
    return blocker if len(blocker) <= MAX_BLOCKER else blocker[: MAX_BLOCKER - 1] + "…"


def _signals(kr: KeyResultReport, locale: str, asked: bool) -> list[str]:
    title = _short(kr.title)
    if not kr.points:
        return [t(locale, "coach.q_no_checkins" if asked else "coach.q_not_asked_yet", title=title)]
    if kr.confidence_dropped:
        before, after = kr.points[-2].confidence, kr.points[-1].confidence
        return [t(locale, "coach.q_dropped", title=title, before=before, after=after)]
    if kr.stalled:
        return [t(locale, "coach.q_stalled", title=title, n=unchanged_checkins(kr.points))]
    if kr.confident_but_not_moving:
        return [t(locale, "coach.q_confident_not_moving", title=title, confidence=kr.points[-1].confidence)]
    return []


def _short(title: str) -> str:
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"


# --- optional polish by the AI model -------------------------------------------------------------------------

Polished = Annotated[PlainText, Field(min_length=3, max_length=300)]


class PolishedReport(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    questions: list[Polished] = Field(min_length=1, max_length=MAX_QUESTIONS)


class PolishedPrep(BaseModel):
    reports: list[PolishedReport] = Field(max_length=200)


async def polish(preps: list[Prep], *, locale: str, ai: AiClient | None) -> tuple[list[Prep], bool]:
    """The model's wording when it answers one valid entry per report; else the catalog's questions unchanged."""
    if ai is None or not preps:
        return preps, False
    answer = await ai.ask_json(
        instructions=llm_prompt("coach", "one_on_one", language=language_name(locale), count=len(preps)),
        data={"reports": [model_facts(p) for p in preps]},
        answer=PolishedPrep,
    )
    if answer is None or len(answer.reports) != len(preps):
        return preps, False
    return [replace(p, questions=tuple(r.questions)) for p, r in zip(preps, answer.reports, strict=True)], True


def model_facts(prep: Prep) -> dict:
    """Everything the model sees about one report: no name, no survey, no mood, no free-text reflections."""
    return {
        "key_results": [
            {"title": kr.title, "progress": round(kr.progress, 2), "confidences": list(kr.confidences),
             "stalled": kr.stalled, "confidence_dropped": kr.confidence_dropped,
             "confident_but_not_moving": kr.confident_but_not_moving,
             "latest_blocker": _latest_blocker(kr) or None}
            for kr in prep.key_results
        ],
        "questions": list(prep.questions),
    }
