"""A draft OKR from a frustration or a rough ambition: from the AI model when it answers well, else from a template.

What goes to the model: the person's text, their language and the period's name. Nothing else (no name, no
check-ins, no survey answers). The model's answer is validated here (lengths, 2-4 key results, kinds, numbers that
fit the kind) before anyone sees it; a baseline the person never wrote is dropped, and asked for instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from handlers.model_text import PlainText
from handlers.ports import AiClient
from prompts.llm import language_name, llm_prompt

MIN_KRS, MAX_KRS = 2, 4
MAX_OBJECTIVE = 200
MAX_KR_TITLE = 150
MAX_QUESTION = 300
MAX_TOPIC = 150
_DRAFTS = Path(__file__).resolve().parent.parent / "prompts" / "coach_drafts.yaml"
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


@dataclass(frozen=True)
class DraftKeyResult:
    title: str
    kind: str
    unit: str = ""
    baseline: float | None = None
    target: float | None = None


@dataclass(frozen=True)
class Draft:
    objective: str
    key_results: tuple[DraftKeyResult, ...]
    questions: tuple[str, ...] = ()  # what the model asks back, beyond the baselines and targets
    source: str = "template"  # "ai" or "template"
    own_words: bool = False  # the objective is still the person's own text (no theme matched)


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


async def draft_okr(text: str, *, locale: str, period: str, ai: AiClient | None) -> Draft:
    """The model's draft when there is a model and its answer is valid, else the template draft."""
    if ai is not None:
        answer = await ai.ask_json(
            instructions=llm_prompt("coach", "draft", language=language_name(locale), period=period or "-",
                                    min=MIN_KRS, max=MAX_KRS),
            data={"text": text, "language": language_name(locale), "period": period},
            answer=AiDraft,
        )
        if answer is not None:
            return _from_ai(answer, text)
    return template_draft(text, locale)


def _from_ai(answer: AiDraft, text: str) -> Draft:
    stated = {float(n.replace(",", ".")) for n in _NUMBER.findall(text)}
    krs = tuple(
        DraftKeyResult(kr.title, kr.kind, kr.unit, kr.baseline if kr.baseline in stated else None, kr.target)
        for kr in answer.key_results
    )
    return Draft(answer.objective, krs, tuple(answer.questions), "ai")


def template_draft(text: str, locale: str) -> Draft:
    """The draft of the theme whose keywords the text mentions most; the generic one uses the text itself."""
    catalog = _catalog()
    theme = _best_theme(text, catalog["themes"])
    language = "nl" if locale == "nl" else "en"
    texts = (theme or catalog["generic"])[language]
    objective = Template(texts["objective"]).safe_substitute(topic=topic(text))
    krs = tuple(DraftKeyResult(kr["title"], kr["kind"], kr.get("unit") or "") for kr in texts["key_results"])
    return Draft(objective, krs, own_words=theme is None)


def topic(text: str) -> str:
    """What the person wrote as an objective line: one line, capitalised, without end punctuation, not too long."""
    line = " ".join(text.split()).rstrip(".!?…")
    if len(line) > MAX_TOPIC:
        line = line[: MAX_TOPIC - 1].rsplit(" ", 1)[0] + "…"
    return line[:1].upper() + line[1:]


def _best_theme(text: str, themes: list[dict]) -> dict | None:
    lowered = " ".join(re.findall(r"[\w'-]+", text.casefold()))
    words = lowered.split()
    scores = [(sum(_mentions(keyword, lowered, words) for keyword in theme["keywords"]), -i)
              for i, theme in enumerate(themes)]
    score, position = max(scores, default=(0, 0))
    return themes[-position] if score else None


def _mentions(keyword: str, lowered: str, words: list[str]) -> bool:
    keyword = keyword.casefold()
    if " " in keyword:
        return f" {keyword}" in f" {lowered}"
    return any(word.startswith(keyword) for word in words)


@cache
def _catalog() -> dict:
    return yaml.safe_load(_DRAFTS.read_text(encoding="utf-8"))
