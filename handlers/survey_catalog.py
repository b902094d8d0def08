"""What each survey asks, how a survey is named in messages and deliveries, and when it closes. Pure functions.

Four surveys: two mood-check catalogs (statements answered on a 1-7 agreement scale, each with an optional "why"),
the pre-mortem (four open questions per objective) and the reflection (three open questions, a 1-10 and what
would have moved it one level up). Statements and questions come from ``prompts/locales/*/surveys.yaml``; admins
add mood-check statements in the organisation file (``surveys: statements:``), kept in ``SurveyStatement``.

A survey round is named by a ``SurveyRef``: the survey, the period and a key, the week's Monday for a mood check
(``2026-10-12``) or ``o<objective id>`` for a pre-mortem or a reflection. A message's context carries it as
``{"kind": "survey", "period": "<period id>", "slot": "<survey>:<key>"}`` (the same three keys a check-in uses,
so every edge passes it back unchanged).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from handlers.ids import is_id
from models.surveys import MOOD_CATALOGS, SURVEYS
from prompts import catalog, t

DELIVERY_KINDS = {
    "mood_development": "survey_mood_dev",
    "mood_leadership": "survey_mood_lead",
    "premortem": "survey_premortem",
    "reflection": "survey_reflection",
}
SURVEY_OF_KIND = {kind: survey for survey, kind in DELIVERY_KINDS.items()}
OPEN_QUESTIONS = {
    "premortem": ("failure", "minimum", "story", "gain"),
    "reflection": ("achieved", "learned", "differently", "closeness", "one_up"),
}
AGREE = (1, 7)
CLOSENESS = (1, 10)
MOOD_OPEN_DAYS = 13  # a mood check sent in a week can be answered until the Sunday of the week after
REFLECTION_OPEN_DAYS = 14  # after the period's end
KEY = re.compile(r"^(\d{4}-\d{2}-\d{2}|o\d{1,10})$")


@dataclass(frozen=True)
class SurveyRef:
    """One round of one survey: which survey, in which period, and its key (a week's Monday or ``o<id>``)."""

    survey: str
    period_id: int
    key: str

    @property
    def objective_id(self) -> int | None:
        return int(self.key[1:]) if self.key.startswith("o") else None

    @property
    def week(self) -> date | None:
        return None if self.key.startswith("o") else date.fromisoformat(self.key)

    @property
    def delivery_kind(self) -> str:
        return DELIVERY_KINDS[self.survey]

    @property
    def context(self) -> dict[str, str]:
        return {"kind": "survey", "period": str(self.period_id), "slot": f"{self.survey}:{self.key}"}


def mood_ref(survey: str, period_id: int, monday: date) -> SurveyRef:
    return SurveyRef(survey, period_id, monday.isoformat())


def objective_ref(survey: str, period_id: int, objective_id: int) -> SurveyRef:
    return SurveyRef(survey, period_id, f"o{objective_id}")


def ref_of_delivery(kind: str, period_id: int, slot: str) -> SurveyRef | None:
    """The round a survey delivery (kind, period, slot) is about; None for a delivery that is no survey."""
    survey = SURVEY_OF_KIND.get(kind)
    return _checked(survey, period_id, slot) if survey else None


def ref_of_context(context: Mapping[str, str]) -> SurveyRef | None:
    """The round a reply refers to, or None when the context is malformed (a forged or truncated payload)."""
    survey, _, key = str(context.get("slot", "")).partition(":")
    period = str(context.get("period", ""))
    if context.get("kind") != "survey" or not is_id(period):
        return None
    return _checked(survey, int(period), key)


def _checked(survey: str, period_id: int, key: str) -> SurveyRef | None:
    if survey not in SURVEYS or not KEY.match(key):
        return None
    is_objective = key.startswith("o")
    if is_objective != (survey not in MOOD_CATALOGS) or (is_objective and not is_id(key[1:])):
        return None
    if not is_objective:
        try:
            if date.fromisoformat(key).weekday() != 0:
                return None
        except ValueError:
            return None
    return SurveyRef(survey, period_id, key)


def last_open_day(ref: SurveyRef, period_end: date) -> date:
    """The last day (anywhere on earth) answers to this round are taken."""
    if ref.week is not None:
        return ref.week + timedelta(days=MOOD_OPEN_DAYS)
    return period_end + timedelta(days=REFLECTION_OPEN_DAYS if ref.survey == "reflection" else 0)


def closes_at(ref: SurveyRef, period_end: date) -> datetime:
    """The instant the round closes: noon UTC after its last open day, past that day's end in every zone."""
    return datetime.combine(last_open_day(ref, period_end) + timedelta(days=1), time(12), UTC)


# --- statements and questions -------------------------------------------------------------------------


@dataclass(frozen=True)
class Added:
    """A statement an admin added: both languages, and an optional tag such as #Growth."""

    catalog: str
    key: str
    text_en: str
    text_nl: str
    tag: str = ""


@dataclass(frozen=True)
class Statement:
    key: str
    text: str
    tag: str = ""


def builtin_keys(survey: str) -> tuple[str, ...]:
    """The statement keys of a mood-check catalog as the English catalog lists them."""
    prefix = f"surveys.statements.{survey}."
    return tuple(key.removeprefix(prefix) for key in catalog("en") if key.startswith(prefix))


def statements(survey: str, locale: str, added: Sequence[Added] = ()) -> list[Statement]:
    """The statements of a mood-check catalog in ``locale``: the built-in ones, then the ones admins added."""
    tags = catalog("en")
    found = [
        Statement(key, t(locale, f"surveys.statements.{survey}.{key}"), tags.get(f"surveys.tags.{survey}.{key}", ""))
        for key in builtin_keys(survey)
    ]
    found += [Statement(a.key, a.text_nl if locale == "nl" else a.text_en, a.tag) for a in added
              if a.catalog == survey]
    return found


def survey_name(survey: str, locale: str) -> str:
    return t(locale, f"surveys.names.{survey}")


def question_text(survey: str, key: str, locale: str, added: Sequence[Added] = ()) -> str:
    """The words of one question or statement, for a summary of what was answered."""
    if survey in MOOD_CATALOGS:
        return next((s.text for s in statements(survey, locale, added) if s.key == key), key)
    return t(locale, f"surveys.questions.{survey}.{key}")


def scale_of(survey: str, key: str) -> tuple[int, int] | None:
    """The score range of a question, or None for an open text question."""
    if survey in MOOD_CATALOGS:
        return AGREE
    return CLOSENESS if (survey, key) == ("reflection", "closeness") else None
