"""The command line's own words, from prompts/locales/*/cli.yaml, in the language of the admin's environment
(OKRBOT_LANG, else LC_ALL, LC_MESSAGES or LANG; English unless one of them says Dutch)."""

from __future__ import annotations

import os


def cli_locale() -> str:
    from prompts import normalize_locale

    for name in ("OKRBOT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(name):
            return normalize_locale(os.environ[name])
    return "en"


def say(key: str, /, **params: object) -> str:
    """The text ``cli.<key>``; with ``count``, its ``one`` or ``other`` form."""
    from prompts import t

    if "count" in params:
        key = f"{key}.{'one' if params['count'] == 1 else 'other'}"
    return t(cli_locale(), f"cli.{key}", **params)
