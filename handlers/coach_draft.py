"""A draft OKR from a frustration or a rough ambition: from the AI model when it answers well, else from a template.

What goes to the model: the person's text, their language and the period's name; in a planning round also the
ending period's learnings and the carried-over objectives, without names (handlers/coach_planning.py). Nothing
else (no name, no check-ins, no other survey answers). The model's answer is validated here (lengths, 2-4 key
results, kinds, numbers that fit the kind) before anyone sees it; a baseline the person never wrote is dropped,
and asked for instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from handlers.coach_catalog import catalog_texts, fresh_objective, near_copy, own_words
from handlers.model_text import PlainText
from handlers.ports import AiClient
from prompts.llm import language_name, llm_prompt

MIN_KRS, MAX_KRS = 2, 4
MAX_OBJECTIVE = 200
MAX_KR_TITLE = 150
MAX_QUESTION = 300
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


@dataclass(frozen=True)
class DraftKeyResult:
    title: str
    kind: str
    unit: str = ""
    baseline: float | None = None
    target: float | None = None
    example: tuple[float, float] | None = None  # a typical baseline and target, shown as an example only


@dataclass(frozen=True)
class Draft:
    objective: str
    key_results: tuple[DraftKeyResult, ...]
    questions: tuple[str, ...] = ()  # what the model asks back, beyond the baselines and targets
    source: str = "template"  # "ai" or "template"
    own_words: bool = False  # the objective is still the person's own text (no sub-topic, or all taken)
    topic: str = ""  # the catalog's sub-topic, e.g. "sales.retention"; "" for the model's or the generic draft
    existing: str = ""  # the objective the person already has that the catalog's first choice would copy


# --- what the model must answer ------------------------------------------------------------------------------

Question = Annotated[PlainText, Field(min_length=3, max_length=MAX_QUESTION)]


class AiKeyResult(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    title: PlainText = Field(min_length=3, max_length=MAX_KR_TITLE)
    kind: Literal["increase", "decrease", "stay_above", "stay_below", "milestone"] = "increase"
    unit: str = Field(default="", max_length=32, pattern=r"^[^<>@\[\]()\x00-\x1f]*$")
    baseline: float | None = Field(default=None, allow_inf_nan=False)
    target: float | None = Field(default=None, allow_inf_nan=False)

    @model_validator(mode="after")
    def _numbers_fit_the_kind(self) -> AiKeyResult:
        if self.baseline is not None and self.target is not None:
            if self.kind == "increase" and self.target <= self.baseline:
                raise ValueError("an increase needs a target above its baseline")
            if self.kind == "decrease" and self.target >= self.baseline:
                raise ValueError("a decrease needs a target below its baseline")
        return self


class AiDraft(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    objective: PlainText = Field(min_length=3, max_length=MAX_OBJECTIVE)
    key_results: list[AiKeyResult] = Field(min_length=MIN_KRS, max_length=MAX_KRS)
    questions: list[Question] = Field(default_factory=list, max_length=4)


# --- drafting ------------------------------------------------------------------------------------------------


async def draft_okr(text: str, *, locale: str, period: str, ai: AiClient | None, existing: Sequence[str] = (),
                    planning: Mapping[str, object] | None = None) -> Draft:
    """The model's draft when there is a model and its answer is valid and copies none of the ``existing``
    objectives, else the catalog's draft. ``planning``: the planning round's context, without names
    (handlers/coach_planning.py)."""
    if ai is not None:
        data = {"text": text, "language": language_name(locale), "period": period}
        answer = await ai.ask_json(
            instructions=llm_prompt("coach", "draft", language=language_name(locale), period=period or "-",
                                    min=MIN_KRS, max=MAX_KRS),
            data={**data, "planning": planning} if planning else data,
            answer=AiDraft,
        )
        if answer is not None and not any(near_copy(answer.objective, title) for title in existing):
            return _from_ai(answer, text)
    return template_draft(text, locale, existing)


def _from_ai(answer: AiDraft, text: str) -> Draft:
    stated = {float(n.replace(",", ".")) for n in _NUMBER.findall(text)}
    krs = tuple(
        DraftKeyResult(kr.title, kr.kind, kr.unit, kr.baseline if kr.baseline in stated else None, kr.target)
        for kr in answer.key_results
    )
    return Draft(answer.objective, krs, tuple(answer.questions), "ai")


def template_draft(text: str, locale: str, existing: Sequence[str] = ()) -> Draft:
    """The catalog's draft for the sub-topic of ``text``; its objective is the first of the sub-topic's that no
    objective in ``existing`` already says; with none left, or no clear sub-topic, the person's own words."""
    topic, texts = catalog_texts(text, locale)
    candidates = texts["objectives"] if topic else []
    objective, copied = fresh_objective(candidates, existing)
    krs = tuple(DraftKeyResult(kr["title"], kr["kind"], kr.get("unit") or "", example=tuple(kr["example"]))
                for kr in texts["key_results"])
    return Draft(objective or own_words(text), krs, own_words=objective is None, topic=topic or "",
                 existing=copied)
