"""The check-in form: the message that asks, and the parsing of what comes back. Pure functions."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.messages import (
    MAX_TEXT,
    Choices,
    FreeText,
    KeyResultLine,
    Message,
    NumberQuestion,
    Option,
    ScaleQuestion,
    Text,
)
from handlers.answers import meant
from handlers.progress import kr_progress, shown_value
from handlers.visibility import BlockerAudience
from models.checkin_store import KeyResultHead
from models.okr_queries import OwnedKeyResult
from prompts import t
from prompts.formatting import amount, human_date, human_moment

FIELD = re.compile(r"^kr:(\d+):(value|confidence|up|blockers)$")
OPENERS = {"checkin": "checkin.greeting", "reminder": "checkin.reminder", "snoozed": "checkin.snoozed_again"}


@dataclass(frozen=True)
class Answer:
    key_result_id: int
    value: float | None
    confidence: int
    one_level_up: str | None = ""  # None: the answer did not carry this field (a confidence click), keep what was
    blockers: str | None = ""


def field_id(key_result_id: int, part: str) -> str:
    return f"kr:{key_result_id}:{part}"


def checkin_message(
    *, kind: str, name: str, locale: str, slot: str, period_id: int, key_results: Sequence[OwnedKeyResult],
    values: Mapping[str, str] | None = None, errors: Mapping[str, str] | None = None,
    readers: Mapping[int, BlockerAudience] | None = None, tz: str = "UTC",
) -> Message:
    """The check-in that asks a person, per key result, the value now, a confidence and two optional texts;
    next to the blocker question, who will read the answer (``readers``, from handlers/visibility.py)."""
    first_name = name.split()[0] if name else ""
    texts = _form_texts(locale)
    week = human_date(locale, date.fromisoformat(slot[:10]))
    blocks: list = [Text(t(locale, OPENERS[kind], name=first_name, week=week), "heading")]
    if errors:
        blocks.append(Text(texts.errors_heading, "error"))
    blocks.append(texts.intro)
    for kr in key_results:
        blocks.extend(_key_result_blocks(kr, locale, texts, (readers or {}).get(kr.id), tz))
    blocks.append(texts.actions)
    return Message(
        kind=kind, locale=locale, blocks=tuple(blocks),
        context={"kind": "checkin", "slot": slot, "period": str(period_id)},
        values=dict(values or {}), errors=dict(errors or {}),
    )


@dataclass(frozen=True)
class _FormTexts:
    """The texts of the form that are the same in every check-in of a locale; the blocks made of them are immutable,
    so every message shares them."""

    errors_heading: str
    intro: Text
    milestone_prompt: str
    confidence_prompt: str
    confidence_low: str
    confidence_high: str
    one_level_up: str
    blockers: str
    actions: Choices


@lru_cache(maxsize=64)
def _form_texts(locale: str) -> _FormTexts:
    return _FormTexts(
        errors_heading=t(locale, "checkin.errors_heading"),
        intro=Text(t(locale, "checkin.intro"), "muted"),
        milestone_prompt=t(locale, "checkin.value_prompt_milestone"),
        confidence_prompt=t(locale, "checkin.confidence_prompt"),
        confidence_low=t(locale, "checkin.confidence_low"),
        confidence_high=t(locale, "checkin.confidence_high"),
        one_level_up=t(locale, "checkin.one_level_up"),
        blockers=t(locale, "checkin.blockers"),
        actions=Choices("actions", t(locale, "checkin.actions"), _actions(locale)),
    )


@lru_cache(maxsize=1024)
def _value_prompt(locale: str, unit: str) -> str:
    return t(locale, "checkin.value_prompt", unit=unit or "#")


def _key_result_blocks(kr: OwnedKeyResult, locale: str, texts: _FormTexts, readers: BlockerAudience | None,
                       tz: str) -> list:
    value_prompt = texts.milestone_prompt if kr.kind == "milestone" else _value_prompt(locale, kr.unit)
    line = KeyResultLine(
        kr.id, kr.title, shown_value(kr.kind, kr.baseline, kr.current), kr.target, kr.unit,
        kr_progress(kr.kind, kr.baseline, kr.target, kr.current), kr.confidence, kind=kr.kind,
    )
    fed = [line] if kr.fed is None else [line, fed_note(kr, locale, tz)]
    if kr.fed is not None:  # a source gives the value: the person only corrects it when it is wrong
        value_prompt = t(locale, "feeds.value_correction", unit=kr.unit or "#")
    return [
        *fed,
        NumberQuestion(field_id(kr.id, "value"), value_prompt),
        ScaleQuestion(
            field_id(kr.id, "confidence"), texts.confidence_prompt, 1, 10, texts.confidence_low, texts.confidence_high,
        ),
        FreeText(field_id(kr.id, "up"), texts.one_level_up),
        FreeText(field_id(kr.id, "blockers"),
                 texts.blockers if readers is None else f"{texts.blockers} {readers_text(locale, readers)}"),
    ]


def fed_note(kr: OwnedKeyResult, locale: str, tz: str) -> Text:
    """Where a fed key result's value came from, and when: "76.5 % from CRM, on Sun 4 Oct at 03:00"."""
    moment = human_moment(locale, kr.fed.measured_at.astimezone(ZoneInfo(tz)))
    return Text(t(locale, "feeds.checkin_fed", value=_shown(locale, kr, kr.fed.value), source=kr.fed.origin,
                  moment=moment), "note")


@lru_cache(maxsize=4096)  # a tick words the same few audiences for thousands of key results; keyed by the names
def readers_text(locale: str, audience: BlockerAudience) -> str:
    """Who reads a blocker answer, in words: "(who sees this: your manager Maya and …)"."""
    parts = [t(locale, "checkin.reader_manager", name=audience.manager)] if audience.manager else []
    parts += list(audience.people)
    parts += [t(locale, "checkin.reader_channel", team=team) for team in audience.channels]
    if not parts:
        return t(locale, "checkin.readers_nobody")
    listed = parts[0] if len(parts) == 1 else t(locale, "checkin.readers_and", first=", ".join(parts[:-1]),
                                                                last=parts[-1])
    return t(locale, "checkin.readers", readers=listed)


def _actions(locale: str) -> tuple[Option, ...]:
    return (
        Option("snooze:2h", t(locale, "checkin.snooze_2h")),
        Option("snooze:tomorrow", t(locale, "checkin.snooze_tomorrow")),
        Option("skip", t(locale, "checkin.skip")),
        Option("away", t(locale, "checkin.away")),
    )


def recorded_message(
    *, name: str, locale: str, slot: str, answers: Sequence[Answer],
    key_results: Sequence[OwnedKeyResult | KeyResultHead],
) -> Message:
    week = human_date(locale, date.fromisoformat(slot[:10]))
    lines = [Text(t(locale, "checkin.recorded_heading", name=name.split()[0] if name else "", week=week), "heading")]
    by_id = {kr.id: kr for kr in key_results}
    for a in answers:
        kr = by_id[a.key_result_id]
        key = "checkin.recorded_line" if a.value is not None else "checkin.recorded_line_no_value"
        lines.append(Text(t(locale, key, title=kr.title, value=_shown(locale, kr, a.value), confidence=a.confidence)))
    return Message("checkin_recorded", locale, tuple(lines), {"kind": "checkin_recorded", "slot": slot})


def _shown(locale: str, kr: OwnedKeyResult | KeyResultHead, value: float | None) -> str:
    if value is None:  # only a confidence was given: the line says no value
        return ""
    if kr.kind == "milestone":
        return t(locale, "report.done") if value >= 1 else t(locale, "report.not_done")
    return amount(locale, value, kr.unit)


def parse_answers(
    fields: Mapping[str, str], *, kinds: Mapping[int, str], locale: str
) -> tuple[list[Answer], dict[str, str]]:
    """Turn typed fields into answers; ``kinds`` holds the key results this person may answer.

    A key result with neither a value nor a confidence was not answered. Every problem is reported per field
    so the form can come back with the person's own text and the message next to it.
    """
    grouped: dict[int, dict[str, str]] = {}
    for name, raw in fields.items():
        match = FIELD.match(name)
        if match:
            grouped.setdefault(int(match[1]), {})[match[2]] = (raw or "").strip()
    answers: list[Answer] = []
    errors: dict[str, str] = {}
    for kr_id, parts in grouped.items():
        if not any(parts.get(p) for p in ("value", "confidence")):
            continue
        answer = _parse_one(kr_id, parts, kinds.get(kr_id), locale, errors)
        if answer:
            answers.append(answer)
    return answers, errors


def _parse_one(kr_id: int, parts: dict[str, str], kind: str | None, locale: str, errors: dict) -> Answer | None:
    before = len(errors)
    if kind is None:
        errors[field_id(kr_id, "confidence")] = t(locale, "checkin.error_not_yours", id=kr_id)
        return None
    value = _value(parts.get("value", ""), kind, locale, errors, field_id(kr_id, "value"))
    raw_confidence = parts.get("confidence", "")
    if kind == "milestone" and value == 1.0 and not raw_confidence:
        raw_confidence = "10"  # a milestone marked done is certain; its confidence is not asked
    confidence = _confidence(raw_confidence, locale, errors, field_id(kr_id, "confidence"))
    texts = {p: _text(parts[p], locale, errors, field_id(kr_id, p)) if p in parts else None for p in ("up", "blockers")}
    if len(errors) > before:
        return None
    # "Niets" or "-" under "Anything blocking you?" is no blocker, and is stored as no text (handlers/answers.py)
    up, blockers = (None if texts[p] is None else meant(texts[p]) for p in ("up", "blockers"))
    return Answer(kr_id, value, confidence, up, blockers)


def _value(raw: str, kind: str, locale: str, errors: dict, key: str) -> float | None:
    if not raw:
        return None
    if kind == "milestone":
        return _milestone(raw, locale, errors, key)
    parsed = parse_number(raw)
    if parsed is None:
        errors[key] = t(locale, "checkin.error_number", value=raw[:40])
    return parsed


def parse_number(raw: str) -> float | None:
    """42, 3.5, 3,5, 1.234,5 or 45% as a float; None for anything that isn't a finite number."""
    text = raw.strip().rstrip("%").replace(" ", "").replace("\u00a0", "")
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and abs(value) < 1e12 else None


def _milestone(raw: str, locale: str, errors: dict, key: str) -> float | None:
    word = raw.lower()
    if word in t(locale, "common.yes_words").split(",") or word in t("en", "common.yes_words").split(","):
        return 1.0
    if word in t(locale, "common.no_words").split(",") or word in t("en", "common.no_words").split(","):
        return 0.0
    errors[key] = t(locale, "checkin.error_milestone")
    return None


def _confidence(raw: str, locale: str, errors: dict, key: str) -> int:
    if not raw:
        errors[key] = t(locale, "checkin.error_confidence_missing")
        return 0
    if not re.fullmatch(r"\d{1,2}", raw) or not 1 <= int(raw) <= 10:
        errors[key] = t(locale, "checkin.error_confidence_range")
        return 0
    return int(raw)


def _text(raw: str, locale: str, errors: dict, key: str) -> str:
    if len(raw) > MAX_TEXT:
        errors[key] = t(locale, "checkin.error_too_long", limit=MAX_TEXT, length=len(raw))
    return raw
