"""A survey as a neutral message, and the parsing of what comes back. Pure functions.

Unlike a check-in, a survey keeps every valid answer of a submission: a score outside its scale or a text over
3 000 characters is refused with a message next to that field, and everything else is saved. Field ids are the
statement key (the 1-7) and ``<key>:why`` for a mood check, and the question key for a pre-mortem or reflection.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.messages import MAX_TEXT, FreeText, Message, ScaleQuestion, Text
from handlers.phase import PeriodPhase, moment, phase_params
from handlers.survey_catalog import OPEN_QUESTIONS, Statement, SurveyRef, scale_of
from models.surveys import MOOD_CATALOGS
from prompts import t
from prompts.formatting import human_date

WHY = ":why"


@dataclass(frozen=True)
class Greeting:
    """Who a survey message is for and what it is about, for its opening and its privacy notice."""

    name: str
    period: str
    manager: str = ""
    objective: str = ""
    minimum: int = 3
    phase: PeriodPhase | None = None  # where the period stands for the person: picks a pre-mortem's opening


@dataclass(frozen=True)
class Given:
    """What one submission says about one question; None where that part was left empty or was refused."""

    question: str
    score: int | None
    text: str | None


def question_keys(survey: str, statements: Sequence[Statement]) -> tuple[str, ...]:
    return tuple(s.key for s in statements) if survey in MOOD_CATALOGS else OPEN_QUESTIONS[survey]


def survey_message(
    *, ref: SurveyRef, locale: str, greeting: Greeting, statements: Sequence[Statement], last_day: date,
    values: Mapping[str, str] | None = None, errors: Mapping[str, str] | None = None, notice: str | None = None,
) -> Message:
    """The survey to fill in: its opening, who will see the answers, the questions, and until when it is open.

    ``notice`` is the key of a text shown above the questions when the form comes back with ``errors``.
    """
    blocks: list = [
        Text(greeting_text(ref.survey, locale, greeting), "heading"),
        Text(privacy_notice(ref.survey, locale, greeting), "muted"),
    ]
    if notice:
        blocks.append(Text(t(locale, notice), "error"))
    blocks.extend(_questions(ref.survey, locale, statements))
    blocks.append(Text(t(locale, "surveys.open_until", date=human_date(locale, last_day)), "muted"))
    return Message(ref.delivery_kind, locale, tuple(blocks), ref.context, dict(values or {}), dict(errors or {}))


def greeting_text(survey: str, locale: str, greeting: Greeting) -> str:
    """The survey's opening; a pre-mortem's or reflection's speaks of the period as it stands for the person."""
    first_name = greeting.name.split()[0] if greeting.name else ""
    params = {"name": first_name, "manager": greeting.manager, "period": greeting.period,
              "objective": greeting.objective}
    key = f"surveys.greeting.{survey}"
    if greeting.phase is not None and survey in ("premortem", "reflection"):
        key = f"surveys.greeting_by_phase.{survey}.{moment(greeting.phase)}"
        params |= phase_params(greeting.phase, locale)
    return t(locale, key, **params)


def privacy_notice(survey: str, locale: str, greeting: Greeting) -> str:
    """Who will see the answers, stated in every survey."""
    key = "mood_development_alone" if survey == "mood_development" and not greeting.manager else survey
    return t(locale, f"surveys.privacy.{key}", manager=greeting.manager, minimum=greeting.minimum)


def _questions(survey: str, locale: str, statements: Sequence[Statement]) -> list:
    if survey in MOOD_CATALOGS:
        low, high = t(locale, "surveys.scale.agree_low"), t(locale, "surveys.scale.agree_high")
        why = t(locale, "surveys.why")
        return [block for s in statements
                for block in (ScaleQuestion(s.key, s.text, 1, 7, low, high), FreeText(s.key + WHY, why))]
    blocks: list = []
    for key in OPEN_QUESTIONS[survey]:
        prompt = t(locale, f"surveys.questions.{survey}.{key}")
        scale = scale_of(survey, key)
        if scale:
            low, high = t(locale, "surveys.scale.close_low"), t(locale, "surveys.scale.close_high")
            blocks.append(ScaleQuestion(key, prompt, scale[0], scale[1], low, high))
        else:
            blocks.append(FreeText(key, prompt))
    return blocks


def parse_survey(
    survey: str, fields: Mapping[str, str], *, keys: Sequence[str], locale: str
) -> tuple[list[Given], dict[str, str]]:
    """The valid answers of a submission, and a message per refused field; fields of other forms are ignored."""
    given: list[Given] = []
    errors: dict[str, str] = {}
    for key in keys:
        scale = scale_of(survey, key)
        if survey in MOOD_CATALOGS:
            score = _score(fields.get(key, ""), scale, locale, errors, key)
            text = _text(fields.get(key + WHY, ""), locale, errors, key + WHY)
        elif scale:
            score, text = _score(fields.get(key, ""), scale, locale, errors, key), None
        else:
            score, text = None, _text(fields.get(key, ""), locale, errors, key)
        if score is not None or text is not None:
            given.append(Given(key, score, text))
    return given, errors


def _score(raw: str, scale: tuple[int, int], locale: str, errors: dict[str, str], field: str) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    low, high = scale
    if not re.fullmatch(r"\d{1,2}", raw) or not low <= int(raw) <= high:
        errors[field] = t(locale, "surveys.error_scale", low=low, high=high)
        return None
    return int(raw)


def _text(raw: str, locale: str, errors: dict[str, str], field: str) -> str | None:
    text = (raw or "").strip()
    if not text:
        return None
    if len(text) > MAX_TEXT:
        errors[field] = t(locale, "surveys.error_too_long", limit=MAX_TEXT, length=len(text))
        return None
    return text


def form_values(survey: str, answers: Mapping[str, tuple[int | None, str]]) -> dict[str, str]:
    """Stored answers (question -> (score, text)) as the form's typed values, so a reopened survey shows them."""
    values: dict[str, str] = {}
    for key, (score, text) in answers.items():
        if score is not None:
            values[key] = str(score)
        if text:
            values[key + WHY if survey in MOOD_CATALOGS else key] = text
    return values


def recorded_message(
    *, ref: SurveyRef, locale: str, name: str, lines: Sequence[tuple[str, int | None, str]], last_day: date,
    extra: Sequence[str] = (),
) -> Message:
    """What was saved: per question its words, the score and the text; then until when it can still change."""
    first_name = name.split()[0] if name else ""
    blocks: list = [Text(t(locale, "surveys.recorded_heading", name=first_name), "heading")]
    for question, score, text in lines:
        if score is not None:
            blocks.append(Text(t(locale, "surveys.recorded_score", question=question, score=score)))
        if text and score is not None:
            blocks.append(Text(text, "note"))
        elif text:
            blocks.append(Text(t(locale, "surveys.recorded_text", question=question, text=text)))
    blocks.extend(Text(line, "muted") for line in extra)
    blocks.append(Text(t(locale, "surveys.open_until", date=human_date(locale, last_day)), "muted"))
    return Message("survey_recorded", locale, tuple(blocks), {"kind": "survey_recorded", **_slot(ref)})


def _slot(ref: SurveyRef) -> dict[str, str]:
    return {"period": str(ref.period_id), "slot": ref.context["slot"]}
