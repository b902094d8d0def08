"""The goal-setting 1:1: in a period's planning phase, the manager's prep for a talk about the next period's goals.

From ``weeks_before`` weeks before a period ends (the planning settings of the report's primary team, else the
organisation's, else two weeks: handlers/period_roll.py ``team_weeks_before``) the first 1:1 gets this prep INSTEAD
of the usual one (handlers/prep_outbox.py). It follows the agenda of the product's 1:1 template (opening,
brainstorm, defining key results, support, closing), filled with where the report's objectives stand from the usual
digest (handlers/prep_digest.py, so the same privacy rules hold: no development answers, only what the manager may
see) and the tips that fit the report's history. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import cache

from bot.messages import Block, Message, Text
from handlers.digest_data import Snapshot
from handlers.period_roll import team_weeks_before
from handlers.prep_model import ObjectiveChange, PrepDigest
from models import OneOnOne
from prompts import catalog, t
from prompts.formatting import clip, human_moment, number, percent
from scheduler.cadence import local_now
from scheduler.digest_calendar import previous_meeting

WELL_SHORT = 0.4  # objectives that ended, on average, below this share of the way fell well short (0.6-0.7 is a
# good result for an ambitious objective)
LESSONS = ("learned", "differently")  # the reflection questions whose answers feed the next period
SECTIONS = ("opening", "brainstorm", "defining", "support", "closing")
_JUST_BEFORE = timedelta(microseconds=1)


def planning_weeks(snapshot: Snapshot, report_id: int) -> int:
    """The planning phase's length in weeks for the report's primary team, as the planning round counts it."""
    org, teams = snapshot.planning
    return team_weeks_before(org, teams.get(snapshot.primary_team.get(report_id, -1)))


def planning_starts(period_end: date, weeks: int) -> date:
    """The first day of the planning phase of a period ending on ``period_end``."""
    return period_end - timedelta(weeks=weeks) + timedelta(days=1)


def is_goalsetting(snapshot: Snapshot, rule: OneOnOne, meeting_at: datetime) -> bool:
    """Whether the 1:1 at ``meeting_at`` is the first one in the planning phase of the snapshot's period."""
    tz = snapshot.people[rule.manager_id].tz
    start = planning_starts(snapshot.period.end, planning_weeks(snapshot, rule.report_id))
    if not start <= local_now(tz, meeting_at).date() <= snapshot.period.end:
        return False
    previous = previous_meeting(rule, tz, meeting_at - _JUST_BEFORE)
    return previous is None or local_now(tz, previous).date() < start


def fell_well_short(digest: PrepDigest) -> bool:
    """Whether the report's objectives ended, on average, well short of their key results: only then is a minimum
    outcome beside the ambition worth offering."""
    progress = [objective.progress for objective in digest.objectives]
    return bool(progress) and sum(progress) / len(progress) < WELL_SHORT


def confidence_path(snapshot: Snapshot, report_id: int, meeting_at: datetime) -> tuple[int, ...]:
    """The report's confidence over the period, per check-in round the mean of their key results' answers."""
    rounds: dict[str, list[int]] = {}
    for kr in snapshot.key_results_owned_by(report_id):
        for row in snapshot.history.get(kr.id, ()):
            if row.person_id == report_id and row.confidence is not None and row.answered_at <= meeting_at:
                rounds.setdefault(row.slot, []).append(row.confidence)
    return tuple(round(sum(found) / len(found)) for _, found in sorted(rounds.items()))


def lessons(snapshot: Snapshot, digest: PrepDigest) -> tuple[str, ...]:
    """The report's own reflection answers on what they learned and would do differently, on the objectives the
    digest shows the manager (team objectives: their reflections are read by the team, handlers/survey_privacy.py)."""
    shown = {objective.title for objective in digest.objectives}
    return tuple(answer.text.strip() for objective in snapshot.objectives_of_person(digest.report_id)
                 if objective.title in shown for answer in snapshot.reflections.get(objective.id, ())
                 if answer.name == digest.report_name and answer.question in LESSONS and answer.text.strip())


def tips(digest: PrepDigest) -> tuple[str, ...]:
    """The tips that fit the report's history, by key under ``goalsetting.tip``."""
    frustrated = bool({"frustration", "blocker", "confidence_drop", "stalled"} & digest.situations)
    found = ["success_story", *(["frustrations"] if frustrated else []), "personal",
             *(["minimum_outcome"] if fell_well_short(digest) else []), "scale", "premortem"]
    return tuple(found)


def goalsetting_message(digest: PrepDigest, *, locale: str, path: Sequence[int] = (), learned: Sequence[str] = ()
                        ) -> Message:
    """The goal-setting prep in ``locale``: the last period, then the agenda with the fitting tips."""
    when = human_moment(locale, local_now(digest.manager_tz, digest.meeting_at))
    blocks: list[Block] = [Text(t(locale, "goalsetting.heading", name=digest.report_name, when=when), "heading"),
                           Text(t(locale, "goalsetting.intro", period=digest.period), "muted")]
    blocks += _last_period(digest, locale, path)
    blocks += [Text(t(locale, "goalsetting.lesson_line", text=clip(text, 300))) for text in learned]
    for section in SECTIONS:
        blocks.append(Text(t(locale, f"goalsetting.section.{section}"), "heading"))
        blocks += [Text(t(locale, "goalsetting.question_line", text=question))
                   for question in _questions(section, locale)]
    blocks.append(Text(t(locale, "goalsetting.tips"), "heading"))
    blocks += [Text(t(locale, "goalsetting.question_line", text=t(locale, f"goalsetting.tip.{tip}")))
               for tip in tips(digest)]
    blocks.append(Text(t(locale, "goalsetting.closing", name=digest.report_name), "muted"))
    return Message("goalsetting", locale, tuple(blocks), {"kind": "goalsetting"})


def _last_period(digest: PrepDigest, locale: str, path: Sequence[int]) -> list[Block]:
    blocks: list[Block] = [Text(t(locale, "goalsetting.last_period", period=digest.period), "heading")]
    if not digest.objectives:
        return [*blocks, Text(t(locale, "goalsetting.no_objectives", name=digest.report_name), "note")]
    for objective in digest.objectives:
        blocks += [Text(objective.title), Text(t(locale, "goalsetting.ended_at", progress=percent(objective.progress),
                                                   confidence=_confidence(objective, locale)), "note")]
    if len(path) > 1:
        blocks.append(Text(t(locale, "goalsetting.confidence_path", path=" → ".join(str(c) for c in path)), "note"))
    blocks += [Text(t(locale, "goalsetting.risk_line", text=clip(risk.text.strip(), 200), objective=risk.objective))
               for risk in digest.risks]
    return blocks


def _confidence(objective: ObjectiveChange, locale: str) -> str:
    if objective.confidence is None:
        return t(locale, "prep.confidence.none")
    return t(locale, "goalsetting.confidence", now=number(locale, objective.confidence))


def _questions(section: str, locale: str) -> list[str]:
    return [t(locale, key) for key in _keys(section)]


@cache
def _keys(section: str) -> tuple[str, ...]:
    """The agenda's questions of one section, in the order the English file lists them."""
    prefix = f"goalsetting.agenda.{section}."
    return tuple(key for key in catalog("en") if key.startswith(prefix))
