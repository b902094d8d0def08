"""A short narrative the AI model may write on top of a digest, summary or recap.

The digest is complete without it: no model, a failure or an answer that breaks the rules (too short or long, or
not plain words: a mention, a link, control characters; see handlers/model_text.py) all give None, and the caller
shows the deterministic digest alone. What goes to the model is the caller's ``facts``: only OKR data,
never a name, a survey answer or a mood.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from handlers.model_text import PlainText
from handlers.ports import AiClient
from prompts.llm import language_name, llm_prompt

KINDS = ("prep", "summary", "recap")


class Narrative(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    narrative: Annotated[PlainText, Field(min_length=20, max_length=600)]


async def narrative(ai: AiClient | None, *, kind: str, facts: Mapping[str, object], locale: str) -> str | None:
    """The model's 2-3 sentence narrative of ``facts`` for a digest of ``kind``, in ``locale``; None without one."""
    if ai is None:
        return None
    answer = await ai.ask_json(instructions=llm_prompt("digests", kind, language=language_name(locale)),
                               data=facts, answer=Narrative)
    return None if answer is None else answer.narrative
