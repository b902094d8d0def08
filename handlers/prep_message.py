"""The 1:1 prep digest as a chat message: short lines, the changes first, then a suggested agenda. Pure."""

from __future__ import annotations

from bot.messages import Block, Message, Text
from handlers.agenda import agenda
from handlers.phase import status_line
from handlers.prep_model import KeyResultChange, ObjectiveChange, PrepDigest
from prompts import t
from prompts.formatting import clip, human_date, human_moment, number, percent
from scheduler.cadence import local_now

MAX_ANSWER = 300  # characters of a check-in answer shown; the chat stays readable
MAX_DAYS = 6  # missed check-in days listed by date


def prep_message(digest: PrepDigest, *, locale: str, narrative: str | None = None) -> Message:
    """The digest in ``locale``, with the meeting time in the manager's zone; ``narrative`` (the AI coach's) on top."""
    when = human_moment(locale, local_now(digest.manager_tz, digest.meeting_at))
    blocks: list[Block] = [Text(t(locale, "prep.heading", name=digest.report_name, when=when), "heading")]
    if narrative:
        blocks += [Text(t(locale, "prep.coach_heading"), "heading"), Text(narrative),
                   Text(t(locale, "prep.coach_source"), "muted")]
    blocks.append(Text(_intro(digest, locale), "muted"))
    if digest.phase is not None:
        blocks.append(Text(status_line(digest.phase, locale, digest.period), "muted"))
    blocks += _objectives(digest, locale) + _flagged(digest, locale) + _words(digest, locale)
    blocks += _risks(digest, locale) + _mood(digest, locale) + _checkins(digest, locale) + _agenda(digest, locale)
    blocks.append(Text(t(locale, "prep.closing"), "muted"))
    return Message("prep", locale, tuple(blocks), {"kind": "prep"})


def _intro(digest: PrepDigest, locale: str) -> str:
    since = human_date(locale, local_now(digest.manager_tz, digest.since).date())
    if digest.since_meeting:
        return t(locale, "prep.intro_since", date=since)
    if digest.first_checkin is None and not (digest.checkins and digest.checkins.delivered):
        return t(locale, "prep.intro_not_started", name=digest.report_name, period=digest.period)
    if digest.first_checkin == digest.since:
        return t(locale, "prep.intro_started", name=digest.report_name, date=since)
    return t(locale, "prep.intro_period", period=digest.period)


def _objectives(digest: PrepDigest, locale: str) -> list[Block]:
    if not digest.objectives:
        return []
    blocks: list[Block] = [Text(t(locale, "prep.objectives"), "heading")]
    for objective in digest.objectives:
        facts = t(locale, "prep.objective_facts", progress=progress_text(objective, locale),
                  confidence=confidence_text(objective, locale))
        blocks += [Text(objective.title), Text(facts, "note")]
    return blocks


def progress_text(objective: ObjectiveChange, locale: str) -> str:
    """e.g. "58% (▲ from 49%)"."""
    then = None if objective.progress_then is None else percent(objective.progress_then)
    return t(locale, f"prep.progress.{objective.progress_direction}", now=percent(objective.progress), then=then)


def confidence_text(objective: ObjectiveChange, locale: str) -> str:
    """e.g. "7 → 5 (▼)"."""
    if objective.confidence is None:
        return t(locale, "prep.confidence.none")
    now = number(locale, objective.confidence)
    then = None if objective.confidence_then is None else number(locale, objective.confidence_then)
    return t(locale, f"prep.confidence.{objective.confidence_direction}", now=now, then=then)


def _flagged(digest: PrepDigest, locale: str) -> list[Block]:
    lines = [Text(t(locale, "prep.flag_line", title=kr.title, signals="; ".join(_signals(kr, locale))))
             for kr in digest.flagged]
    return [Text(t(locale, "prep.flagged"), "heading"), *lines] if lines else []


def _signals(kr: KeyResultChange, locale: str) -> list[str]:
    params = {"before": kr.dropped_from, "after": kr.confidence, "n": kr.unchanged, "confidence": kr.confidence}
    return [t(locale, f"prep.signal.{signal}", **params) for signal in kr.signals]


def _words(digest: PrepDigest, locale: str) -> list[Block]:
    lines = [Text(t(locale, key, title=said.key_result, day=human_date(locale, said.day), text=short(said.text)))
             for key, said in [*(("prep.blocker_line", s) for s in digest.blockers),
                               *(("prep.lift_line", s) for s in digest.one_level_up)]]
    return [Text(t(locale, "prep.words", name=digest.report_name), "heading"), *lines] if lines else []


def _risks(digest: PrepDigest, locale: str) -> list[Block]:
    lines = [Text(t(locale, "prep.risk_line", text=short(r.text), objective=r.objective)) for r in digest.risks]
    return [Text(t(locale, "prep.risks"), "heading"), *lines] if lines else []


def _mood(digest: PrepDigest, locale: str) -> list[Block]:
    if not digest.mood:
        return []
    blocks: list[Block] = [Text(t(locale, "prep.mood", name=digest.report_name), "heading"),
                           Text(t(locale, "prep.mood_private", name=digest.report_name), "muted")]
    for trend in digest.mood:
        scores = " → ".join("–" if s is None else str(s) for s in trend.scores)
        blocks.append(Text(t(locale, "prep.mood_line", statement=trend.statement, scores=scores)))
        if trend.why:
            blocks.append(Text(t(locale, "prep.mood_why", text=short(trend.why)), "note"))
    return blocks


def _checkins(digest: PrepDigest, locale: str) -> list[Block]:
    """The count sentence, from handlers/facts.py's account: only check-ins that reached the report count."""
    record = digest.checkins
    if record is None:
        return []
    if not record.delivered:
        return [Text(t(locale, "prep.checkins_none", name=digest.report_name), "muted")]
    if record.checked_in == record.delivered and not record.partly:
        return [Text(t(locale, "prep.checkins_all", delivered=record.delivered), "muted")]
    parts = [t(locale, "prep.checkins_count", answered=record.checked_in, delivered=record.delivered)]
    parts += [t(locale, f"prep.checkins_{name}", n=n) for name, n in
              (("partly", record.partly), ("skipped", record.skipped), ("open", record.open)) if n]
    if record.missed:
        days = ", ".join(human_date(locale, day) for day in record.missed[:MAX_DAYS])
        days += ", …" if len(record.missed) > MAX_DAYS else ""
        parts.append(t(locale, "prep.checkins_missed", days=days))
    return [Text(" ".join(parts), "muted")]


def _agenda(digest: PrepDigest, locale: str) -> list[Block]:
    questions = agenda(digest.situations, locale, about=dict(digest.about), phase=digest.phase)
    return [Text(t(locale, "prep.agenda"), "heading"),
            *(Text(t(locale, "prep.agenda_question", n=n, question=q)) for n, q in enumerate(questions, 1))]


def short(text: str, limit: int = MAX_ANSWER) -> str:
    """One line of at most ``limit`` characters, cut at a word with an ellipsis."""
    return clip(text, limit)
