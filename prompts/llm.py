"""Prompt templates for the language model, kept apart from code in ``prompts/llm/*.yaml``.

Placeholders use ``$name`` (``string.Template``), so JSON examples in a template need no escaping.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from string import Template

import yaml

_ROOT = Path(__file__).parent / "llm"
LANGUAGES = {"en": "English", "nl": "Dutch"}


@cache
def _templates(name: str) -> dict[str, str]:
    return yaml.safe_load((_ROOT / f"{name}.yaml").read_text(encoding="utf-8"))


def llm_prompt(name: str, key: str, /, **params: object) -> str:
    """The template ``key`` of ``prompts/llm/<name>.yaml``, filled with ``params``; a missing one is an error."""
    return Template(_templates(name)[key]).substitute(params).strip()


def language_name(locale: str) -> str:
    """How the instructions name the language the model must answer in."""
    return LANGUAGES.get(locale, LANGUAGES["en"])
