"""The AI client: any OpenAI-compatible chat-completions server, through the official ``openai`` package.

It implements ``handlers.ports.AiClient``. Whatever goes wrong (no key, a timeout, a 5xx, a connection error, an
answer that is not JSON or not the expected JSON) it returns None and logs one line without secrets, so the
caller shows its deterministic text instead; the person never sees an error from the model.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

import openai
from pydantic import BaseModel, ValidationError

from bot.settings import Settings
from prompts.llm import llm_prompt

log = logging.getLogger(__name__)
MAX_RETRIES = 1  # one more try after a 5xx, a 429 or a dropped connection, all within the timeout
MAX_ANSWER_TOKENS = 1200


def ai_client(settings: Settings) -> OpenAiClient | None:
    """The client the settings describe, or None without ``OPENAI_API_KEY`` (the coach then works without AI)."""
    if not settings.openai_api_key:
        return None
    return OpenAiClient(settings.openai_api_key, settings.openai_base_url, settings.model,
                        settings.ai_timeout_seconds)


@dataclass(frozen=True)
class OpenAiClient:
    api_key: str = field(repr=False)
    base_url: str
    model: str
    timeout: float
    max_retries: int = MAX_RETRIES

    async def ask_json(self, *, instructions: str, data: Mapping[str, object], answer: type[BaseModel]
                       ) -> BaseModel | None:
        """One chat completion in JSON mode, validated by ``answer``; None on any failure, within ``timeout``."""
        try:
            content = await asyncio.wait_for(self._complete(instructions, data), self.timeout)
        except openai.OpenAIError as error:
            log.warning("AI model unavailable (%s%s); answering without it", type(error).__name__, _status(error))
            return None
        except TimeoutError:
            log.warning("AI model gave no answer within %s s; answering without it", self.timeout)
            return None
        except ValueError:  # JSON, UTF-8 or schema errors in the response body
            log.warning("AI model's server answered something that is not a chat completion; answering without it")
            return None
        if content is None:
            log.warning("AI model answered without content; answering without it")
            return None
        try:
            return answer.model_validate(json.loads(_unfenced(content)))
        except json.JSONDecodeError:
            log.warning("AI model answered with something other than JSON; answering without it")
        except ValidationError as error:
            log.warning("AI model's answer failed validation (%d problems, first: %s); answering without it",
                        error.error_count(), error.errors()[0]["msg"][:120])
        return None

    async def _complete(self, instructions: str, data: Mapping[str, object]) -> str | None:
        client = openai.AsyncOpenAI(api_key=self.api_key, base_url=self.base_url or None, timeout=self.timeout,
                                    max_retries=self.max_retries)
        async with client:
            raw = await client.chat.completions.with_raw_response.create(
                model=self.model,
                messages=[
                    {"role": "system", "content": f"{instructions}\n\n{llm_prompt('guard', 'data_guard')}"},
                    {"role": "user", "content": as_data(data)},
                ],
                response_format={"type": "json_object"},
                temperature=0.2,
                max_tokens=MAX_ANSWER_TOKENS,
            )
            body = await raw.http_response.aread()
        return completion_content(body)


class _Message(BaseModel):
    content: str | None = None


class _Choice(BaseModel):
    message: _Message | None = None


class _Completion(BaseModel):
    choices: list[_Choice] | None = None


def completion_content(body: bytes) -> str | None:
    """The first choice's text in a chat-completion body, parsed by our own schema rather than trusted: a server
    that answers garbage raises ValueError here, and one without a message gives None."""
    completion = _Completion.model_validate_json(body)
    first = completion.choices[0] if completion.choices else None
    return first.message.content if first and first.message else None


def as_data(data: Mapping[str, object]) -> str:
    """The user message: people's text JSON-encoded inside a ``data`` field, never spliced into instructions."""
    return json.dumps({"data": data}, ensure_ascii=False)


def _unfenced(content: str) -> str:
    """Some local models wrap JSON in a Markdown fence even in JSON mode; the JSON inside is what counts."""
    text = content.strip()
    if text.startswith("```") and text.endswith("```"):
        text = text[3:-3].removeprefix("json").strip()
    return text


def _status(error: Exception) -> str:
    status = getattr(error, "status_code", None)
    return f", HTTP {status}" if status else ""
