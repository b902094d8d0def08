"""Every user-facing text, in English and Dutch.

Texts live in ``prompts/locales/<locale>/<namespace>.yaml``; a key is ``namespace.name``.
Placeholders use ``str.format`` syntax, so ``t("nl", "checkin.greeting", name="Anna")``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LOCALES = ("en", "nl")
DEFAULT_LOCALE = "en"
_ROOT = Path(__file__).parent / "locales"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed: the catalogs load 10x faster


@cache
def catalog(locale: str) -> dict[str, str]:
    """All texts of one locale, flattened to ``namespace.key`` -> text."""
    texts: dict[str, str] = {}
    for path in sorted((_ROOT / locale).glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
        _flatten(path.stem, data, texts)
    return texts


def preload() -> None:
    """Read every locale's texts now, so the first person who needs one does not wait while they are read."""
    for locale in LOCALES:
        catalog(locale)


def _flatten(prefix: str, data: dict, into: dict[str, str]) -> None:
    for key, value in data.items():
        name = f"{prefix}.{key}"
        if isinstance(value, dict):
            _flatten(name, value, into)
        else:
            into[name] = str(value)


def normalize_locale(locale: str | None) -> str:
    """Map ``nl-NL``, ``NL`` or an unknown locale to one we have."""
    short = (locale or "").split("-")[0].split("_")[0].lower()
    return short if short in LOCALES else DEFAULT_LOCALE


def t(locale: str | None, key: str, /, **params: object) -> str:
    """The text for ``key`` in ``locale`` (English when a locale lacks it), filled with ``params``."""
    texts = catalog(normalize_locale(locale))
    template = texts.get(key)
    if template is None:
        template = catalog(DEFAULT_LOCALE).get(key)
    if template is None:
        raise KeyError(f"no text for {key!r}")
    return template.format(**params) if params else template
