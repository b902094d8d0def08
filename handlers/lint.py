"""A deterministic OKR linter: coaching feedback on drafts, in English and Dutch, without AI or network.

Rules and their codes:

==========================  ========  ================================================================
code                        severity  when
==========================  ========  ================================================================
``empty_title``             warning   an objective or key result has no title
``activity``                warning   a key result describes work to do, with or without a count ("run a survey",
                                      "Publish 4 case studies", "We organiseren 3 webinars", "SSO invoeren") or
                                      names a deliverable ("A mentoring programme for new team leads"), and states
                                      no measured result; ``kind: milestone`` does not exempt it
``vague``                   warning   a direction without a target: "improve X", "better Y", "meer leads",
                                      "de klant staat centraal" (whatever the kind)
``no_target``               warning   not a milestone, no target, and the title holds no quantity (digits, number
                                      words, "2x", "triples"), grade, frequency, all-or-nothing or end state
``wrong_direction``         warning   an increase whose target is not above its baseline, or a decrease the other
                                      way round
``no_baseline``             info      an increase/decrease key result without a baseline (skipped when the
                                      title itself says "from X to Y")
``too_few_krs``             warning   an objective with fewer than 2 key results
``too_many_krs``            warning   an objective with more than 5 key results
``duplicate_kr``            warning   a key result repeats an earlier one of the same objective
``metric_objective``        info      an objective title holds a number ("Increase revenue by 20%")
``slogan_objective``        warning   an objective that only cheers ("We are the best", "Excellence")
``too_many_objectives``     warning   the 6th and later objective of one owner in one period
==========================  ========  ================================================================

Verdicts never depend on the locale: every title is read as English and as Dutch at once. The locale only
picks the language of the messages (``prompts/locales/<locale>/lint.yaml``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from handlers import _lint_activity as work
from handlers import _lint_rules as rules
from handlers._lint_advice import activity_message, is_slogan, is_vague
from prompts import t

WARNING = "warning"
INFO = "info"
MIN_KRS = 2
MAX_KRS = 5
MAX_OBJECTIVES = 5
# The rules on a plan's shape: the same warning in chat and on import, never a reason to refuse it.
STRUCTURE_CODES = frozenset({"too_few_krs", "too_many_krs", "too_many_objectives"})
_MEASURED_KINDS = frozenset({"increase", "decrease", "stay_above", "stay_below"})
_TITLE_IN_MESSAGE = 80


@dataclass(frozen=True)
class KeyResultDraft:
    """A key result as written by a person, before it is stored."""

    title: str
    kind: str | None = None  # increase | decrease | stay_above | stay_below | milestone | None
    baseline: float | None = None
    target: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class ObjectiveDraft:
    """An objective with its key results, as written by a person."""

    title: str
    key_results: tuple[KeyResultDraft, ...]
    owner: str = ""  # person id or team name
    period: str = ""  # e.g. "2026-Q4"


@dataclass(frozen=True)
class Finding:
    """One piece of feedback: a stable ``code``, a ``severity`` and a ``message`` with a suggestion."""

    code: str
    severity: str  # "warning" (needs work) or "info" (a tip)
    message: str


@dataclass(frozen=True)
class PlanEntry:
    """The findings for one key result, or for the objective itself when ``key_result`` is None."""

    objective: str
    key_result: str | None
    findings: list[Finding]


def lint_key_result(kr: KeyResultDraft, locale: str = "en") -> list[Finding]:
    """Findings about one key result on its own.

    Covers ``empty_title``, ``activity``, ``vague``, ``no_target``, ``wrong_direction`` and ``no_baseline``.
    """
    text = rules.clean(kr.title)
    if not rules.words(text):
        return [_finding("empty_title", WARNING, locale, "empty_title.key_result")]
    title = _quoted(kr.title)
    kind = _kind(kr.kind)
    findings = []
    doing = _work(text, kind, kr.target)
    if doing and doing.shape == "thing" and kr.target is None and is_vague(text):
        doing = None  # "Better onboarding" is a wish before it is a deliverable
    if doing:
        findings.append(Finding("activity", WARNING, activity_message(doing, title, locale)))
    elif (kr.target is None and is_vague(text)) or rules.names_metric_only(text):
        findings.append(_finding("vague", WARNING, locale, "vague", title=title))
    elif kind != "milestone" and kr.target is None and not rules.has_target(text):
        findings.append(_finding("no_target", WARNING, locale, "no_target", title=title))
    if _wrong_direction(kind, kr.baseline, kr.target):
        params = {"title": title, "baseline": _number(kr.baseline), "target": _number(kr.target)}
        findings.append(_finding("wrong_direction", WARNING, locale, f"wrong_direction.{kind}", **params))
    if kind in ("increase", "decrease") and kr.baseline is None and not rules.has_from_to(text):
        findings.append(_finding("no_baseline", INFO, locale, "no_baseline", title=title))
    return findings


def lint_objective(obj: ObjectiveDraft, locale: str = "en") -> list[Finding]:
    """Findings about the objective and its set of key results, not about each key result.

    Covers ``empty_title``, ``metric_objective``, ``too_few_krs``, ``too_many_krs`` and ``duplicate_kr``.
    """
    krs = _key_results(obj)
    findings = _objective_findings(obj, krs, locale)
    findings += [_duplicate(krs[i], locale) for i in _duplicate_indices(krs)]
    return findings


def lint_plan(objectives: Sequence[ObjectiveDraft], locale: str = "en") -> list[PlanEntry]:
    """Lint a whole plan: one entry per key result, plus one per objective with objective-level findings.

    An objective's own entry (``key_result=None``) comes first and appears when it has findings or no key
    results at all. A ``duplicate_kr`` finding sits on the repeated key result's entry. Objectives are
    counted per (owner, period) in the given order; from the 6th on each gets ``too_many_objectives``
    (an empty owner or period counts as one group of its own).
    """
    entries: list[PlanEntry] = []
    seen: Counter[tuple[str, str]] = Counter()
    for obj in objectives:
        group = (str(obj.owner or "").strip().casefold(), str(obj.period or "").strip().casefold())
        seen[group] += 1
        entries += _plan_entries(obj, seen[group], locale)
    return entries


def key_result_count(locale: str, count: int) -> str:
    """"1 key result", "3 key results"."""
    return t(locale, "common.key_results.one" if count == 1 else "common.key_results.other", count=count)


def needs_work(findings: Sequence[Finding]) -> bool:
    """True when any finding is a warning; tips alone don't make a draft need work."""
    return any(f.severity == WARNING for f in findings)


def _plan_entries(obj: ObjectiveDraft, position: int, locale: str) -> list[PlanEntry]:
    krs = _key_results(obj)
    name = str(obj.title or "")
    own = _objective_findings(obj, krs, locale)
    if position > MAX_OBJECTIVES:
        own.append(_too_many_objectives(obj, position, locale))
    entries = [PlanEntry(name, None, own)] if own or not krs else []
    duplicates = set(_duplicate_indices(krs))
    for i, kr in enumerate(krs):
        findings = lint_key_result(kr, locale)
        if i in duplicates:
            findings.append(_duplicate(kr, locale))
        entries.append(PlanEntry(name, str(kr.title or ""), findings))
    return entries


def _objective_findings(obj: ObjectiveDraft, krs: tuple[KeyResultDraft, ...], locale: str) -> list[Finding]:
    text = rules.clean(obj.title)
    title = _quoted(obj.title)
    findings = []
    if not rules.words(text):
        findings.append(_finding("empty_title", WARNING, locale, "empty_title.objective"))
    elif rules.has_digit(text) or (rules.has_quantity(text) and rules.is_metric_like(text)):
        # "Double down on ..." is a direction; "Revenue +20%" and "Revenue triples" are metrics
        findings.append(_finding("metric_objective", INFO, locale, "metric_objective", title=title))
    elif is_slogan(text):
        findings.append(_finding("slogan_objective", WARNING, locale, "slogan_objective", title=title))
    if not MIN_KRS <= len(krs) <= MAX_KRS:
        code = "too_few_krs" if len(krs) < MIN_KRS else "too_many_krs"
        counted = key_result_count(locale, len(krs))
        params = {"title": title, "key_results": counted, "minimum": MIN_KRS, "maximum": MAX_KRS}
        findings.append(_finding(code, WARNING, locale, code, **params))
    return findings


def _work(text: str, kind: str | None, target: float | None) -> work.Activity | None:
    doing = work.activity(text)
    if doing and kind in _MEASURED_KINDS and rules.names_measure(text):
        return None  # the name of a measure ("Deel van de klanten dat …" is no "delen", "Share of …" no "share")
    if doing is None and kind == "milestone" and rules.names_new_thing(text):
        return work.Activity("thing", "")
    # "Build success rate" with a target is a metric whose name happens to start with a verb.
    if doing and kind in _MEASURED_KINDS and target is not None and doing.shape == "verb" \
            and any(rules.names_metric(w) for w in rules.words(text)):
        return None
    return doing


def _wrong_direction(kind: str | None, baseline: float | None, target: float | None) -> bool:
    if baseline is None or target is None:
        return False
    return (kind == "increase" and target <= baseline) or (kind == "decrease" and target >= baseline)


def _number(value: float | None) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _duplicate_indices(krs: tuple[KeyResultDraft, ...]) -> list[int]:
    seen: set[str] = set()
    repeats = []
    for i, kr in enumerate(krs):
        key = rules.normalised(kr.title)
        if key and key in seen:
            repeats.append(i)
        seen.add(key)
    return repeats


def _duplicate(kr: KeyResultDraft, locale: str) -> Finding:
    return _finding("duplicate_kr", WARNING, locale, "duplicate_kr", title=_quoted(kr.title))


def _too_many_objectives(obj: ObjectiveDraft, position: int, locale: str) -> Finding:
    owner = str(obj.owner or "").strip() or t(locale, "lint.this_owner")
    period = str(obj.period or "").strip() or t(locale, "lint.this_period")
    params = {"title": _quoted(obj.title), "position": position, "limit": MAX_OBJECTIVES, "owner": owner}
    return _finding("too_many_objectives", WARNING, locale, "too_many_objectives", period=period, **params)


def _key_results(obj: ObjectiveDraft) -> tuple[KeyResultDraft, ...]:
    return tuple(obj.key_results or ())


def _kind(kind: object) -> str | None:
    text = str(kind or "").strip().lower().replace("-", "_").replace(" ", "_")
    return text or None


def _quoted(title: object) -> str:
    text = " ".join(str(title or "").split())
    return text if len(text) <= _TITLE_IN_MESSAGE else text[: _TITLE_IN_MESSAGE - 1].rstrip() + "…"


def _finding(code: str, severity: str, locale: str, key: str, **params: object) -> Finding:
    return Finding(code, severity, t(locale, f"lint.{key}", **params))
