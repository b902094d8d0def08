"""The form for a new objective with its key results, and the validation of what comes back. Pure functions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.messages import FreeText, Message, NumberQuestion, Option, SelectQuestion, Text
from handlers.checkin_form import parse_number
from handlers.ids import as_id
from models.okrs import KR_KINDS, LEVELS, OBJECTIVE_TYPES
from prompts import t

MAX_KRS = 5
# One key result is enough to save; fewer than two is the linter's warning (handlers/lint.py), as in the file.
MIN_KRS = 1
MAX_TITLE = 500
MAX_UNIT = 32


@dataclass(frozen=True)
class KeyResultInput:
    title: str
    kind: str
    baseline: float
    target: float
    unit: str


@dataclass(frozen=True)
class ObjectiveInput:
    title: str
    level: str
    type: str
    parent_id: int | None
    key_results: tuple[KeyResultInput, ...]


def new_okr_form(*, locale: str, period: str, parents: Sequence[tuple[int, str]],
                 values: Mapping[str, str] | None = None, errors: Mapping[str, str] | None = None) -> Message:
    """Objective, level, type, parent, then five key-result groups (title, kind, baseline, target, unit)."""
    blocks: list = [Text(t(locale, "okr.new_heading", period=period), "heading")]
    if errors:
        blocks.append(Text(t(locale, "okr.errors_heading"), "error"))
    blocks += [
        Text(t(locale, "okr.new_intro"), "muted"),
        FreeText("objective", t(locale, "okr.objective"), optional=False, max_length=MAX_TITLE),
        SelectQuestion("level", t(locale, "okr.level"), _options(locale, "level", LEVELS), optional=False),
        SelectQuestion("type", t(locale, "okr.type"), _options(locale, "type", OBJECTIVE_TYPES), optional=False),
    ]
    if parents:
        options = tuple(Option(str(pid), title[:75]) for pid, title in parents)
        blocks.append(SelectQuestion("parent", t(locale, "okr.parent"), options))
    for n in range(1, MAX_KRS + 1):
        blocks += _kr_questions(locale, n)
    return Message("okr_new", locale, tuple(blocks), {"kind": "okr_new", "period": period},
                   values=dict(values or {}), errors=dict(errors or {}))


def _options(locale: str, prefix: str, ids: Sequence[str]) -> tuple[Option, ...]:
    return tuple(Option(i, t(locale, f"okr.{prefix}_{i}")) for i in ids)


def _kr_questions(locale: str, n: int) -> list:
    required = n <= MIN_KRS
    return [
        FreeText(f"kr{n}:title", t(locale, "okr.kr_title", n=n), optional=not required, max_length=MAX_TITLE),
        SelectQuestion(f"kr{n}:kind", t(locale, "okr.kr_kind", n=n), _options(locale, "kind", KR_KINDS)),
        NumberQuestion(f"kr{n}:baseline", t(locale, "okr.kr_baseline", n=n)),
        NumberQuestion(f"kr{n}:target", t(locale, "okr.kr_target", n=n)),
        FreeText(f"kr{n}:unit", t(locale, "okr.kr_unit", n=n), max_length=MAX_UNIT),
    ]


def parse_okr(fields: Mapping[str, str], *, locale: str, parent_ids: set[int]
              ) -> tuple[ObjectiveInput | None, dict[str, str]]:
    """The objective the fields describe, or the message per field that is wrong."""
    value = {k: (v or "").strip() for k, v in fields.items()}
    errors: dict[str, str] = {}
    title = _text(value, "objective", MAX_TITLE, locale, errors, required=True)
    level = _choice(value, "level", LEVELS, locale, errors)
    kind_of_objective = _choice(value, "type", OBJECTIVE_TYPES, locale, errors)
    parent = value.get("parent") or ""
    if parent and as_id(parent) not in parent_ids:
        errors["parent"] = t(locale, "okr.error_choice")
    key_results = [kr for n in range(1, MAX_KRS + 1) if (kr := _key_result(value, n, locale, errors))]
    if len(key_results) < MIN_KRS and not any(k.startswith("kr") for k in errors):
        errors[f"kr{len(key_results) + 1}:title"] = t(locale, "okr.error_min_krs")
    if errors:
        return None, errors
    return ObjectiveInput(title, level, kind_of_objective, int(parent) if parent else None, tuple(key_results)), {}


def _text(value: Mapping[str, str], key: str, limit: int, locale: str, errors: dict, required: bool = False) -> str:
    text = value.get(key, "")
    if required and not text:
        errors[key] = t(locale, "okr.error_required")
    elif len(text) > limit:
        errors[key] = t(locale, "okr.error_too_long", limit=limit, length=len(text))
    return text


def _choice(value: Mapping[str, str], key: str, allowed: Sequence[str], locale: str, errors: dict) -> str:
    chosen = value.get(key, "")
    if chosen not in allowed:
        errors[key] = t(locale, "okr.error_choice")
    return chosen


def _key_result(value: Mapping[str, str], n: int, locale: str, errors: dict) -> KeyResultInput | None:
    prefix = f"kr{n}:"
    if not any(value.get(prefix + part) for part in ("title", "baseline", "target", "unit")):
        return None
    before = len(errors)
    title = _text(value, prefix + "title", MAX_TITLE, locale, errors, required=True)
    unit = _text(value, prefix + "unit", MAX_UNIT, locale, errors)
    kind = value.get(prefix + "kind") or "increase"
    if kind not in KR_KINDS:
        errors[prefix + "kind"] = t(locale, "okr.error_choice")
    baseline, target = (_number(value, prefix + part, locale, errors) for part in ("baseline", "target"))
    if len(errors) == before:
        baseline, target = _measure(kind, baseline, target, prefix, locale, errors)
    if len(errors) > before:
        return None
    return KeyResultInput(title, kind, baseline, target, unit)


def _number(value: Mapping[str, str], key: str, locale: str, errors: dict) -> float | None:
    raw = value.get(key, "")
    if not raw:
        return None
    number = parse_number(raw)
    if number is None:
        errors[key] = t(locale, "okr.error_number", value=raw[:40])
    return number


def _measure(kind: str, baseline: float | None, target: float | None, prefix: str, locale: str,
             errors: dict) -> tuple[float, float]:
    """The same rules as the organisation file: what each kind needs to be measurable."""
    if kind == "milestone":
        return 0.0, 1.0
    if target is None:
        errors[prefix + "target"] = t(locale, "okr.error_needs_target")
        return 0.0, 0.0
    if kind in ("increase", "decrease") and baseline is None:
        errors[prefix + "baseline"] = t(locale, "okr.error_needs_baseline")
        return 0.0, target
    if kind == "increase" and target <= baseline:
        errors[prefix + "target"] = t(locale, "okr.error_increase")
    if kind == "decrease" and target >= baseline:
        errors[prefix + "target"] = t(locale, "okr.error_decrease")
    return (target if baseline is None else baseline), target
