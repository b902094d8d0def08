"""The planning round in words: the overview a person gets with ``plan`` and in their invitation, the reminder and
the team channel's notice. People's words (titles, reflections) stay plain text: the edges escape them."""

from __future__ import annotations

from bot.messages import Message, Text
from handlers.lint import WARNING, ObjectiveDraft, lint_plan
from handlers.lint import KeyResultDraft as LintKeyResult
from handlers.planning_round import Round
from handlers.progress import kr_progress, objective_progress
from models import KeyResult, Objective
from prompts import t
from prompts.formatting import amount, day_in_words, percent


def overview(locale: str, rnd: Round, intro: str | None = None, kind: str = "plan") -> Message:
    blocks = [Text(intro)] if intro else []
    blocks.append(Text(t(locale, "planning.heading", period=rnd.next.name,
                         start=day_in_words(locale, rnd.next.start)), "heading"))
    if rnd.decide:
        blocks.append(Text(t(locale, "planning.decide_heading", period=rnd.ending.name), "heading"))
        for number, objective in enumerate(rnd.decide, 1):
            blocks += _decision(locale, rnd, number, objective)
    blocks.append(Text(t(locale, "planning.drafts_heading", period=rnd.next.name), "heading"))
    if not rnd.drafts:
        blocks.append(Text(t(locale, "planning.no_drafts"), "muted"))
    warnings = _warnings(locale, rnd)
    for number, objective in enumerate(rnd.drafts, 1):
        blocks += _draft(locale, rnd, number, objective, warnings.get(objective.id, []))
    blocks.append(Text(t(locale, "planning.how"), "muted"))
    return Message(kind, locale, tuple(blocks))


def _progress(rnd: Round, objective: Objective) -> float:
    krs = rnd.key_results.get(objective.id, [])
    return objective_progress((kr_progress(k.kind, k.baseline, k.target, k.current), k.weight) for k in krs)


def _decision(locale: str, rnd: Round, number: int, objective: Objective) -> list[Text]:
    done = percent(_progress(rnd, objective))
    blocks = [Text(t(locale, "planning.decide_line", n=number, title=objective.title, progress=done))]
    learned = rnd.learned.get(objective.id, {})
    for question in ("learned", "differently"):
        for text in learned.get(question, [])[:3]:
            blocks.append(Text(t(locale, f"planning.{question}", text=text), "note"))
    choice = rnd.decided.get(objective.id)
    key = f"planning.chose_{choice}" if choice else "planning.choices"
    blocks.append(Text(t(locale, key, n=number), "muted"))
    return blocks


def _draft(locale: str, rnd: Round, number: int, objective: Objective, warnings: list[str]) -> list[Text]:
    state = t(locale, "planning.state_draft" if objective.status == "draft" else "planning.state_agreed")
    blocks = [Text(t(locale, "planning.draft_line", n=number, title=objective.title, state=state))]
    krs = rnd.key_results.get(objective.id, [])
    blocks += [Text(f"{_key_result(locale, kr)} · d{number}.{k}", "note") for k, kr in enumerate(krs, 1)]
    if not krs:
        blocks.append(Text(t(locale, "planning.no_key_results", n=number), "note"))
    blocks += [Text(w, "note") for w in warnings]
    return blocks


def _key_result(locale: str, kr: KeyResult) -> str:
    if kr.kind == "milestone":
        return t(locale, "planning.kr_milestone", title=kr.title)
    return t(locale, "planning.kr_line", title=kr.title, baseline=amount(locale, kr.baseline, kr.unit),
             target=amount(locale, kr.target, kr.unit))


def _warnings(locale: str, rnd: Round) -> dict[int, list[str]]:
    """The linter on every draft; the rules of 2-5 key results and at most 5 objectives show as warnings."""
    drafts = [o for o in rnd.drafts if o.status == "draft"]
    plan = [ObjectiveDraft(o.title, tuple(LintKeyResult(k.title, k.kind, k.baseline, k.target, k.unit)
                                          for k in rnd.key_results.get(o.id, [])),
                           owner=rnd.owners.get(o.id) or f"{o.owner_person_id}/{o.owner_team_id}",
                           period=rnd.next.name) for o in drafts]
    by_title: dict[int, list[str]] = {}
    entries = lint_plan(plan, locale)
    for objective, item in zip(drafts, plan, strict=True):
        for entry in entries:
            if entry.objective == item.title:
                by_title.setdefault(objective.id, []).extend(
                    t(locale, "planning.warning", text=f.message) for f in entry.findings if f.severity == WARNING)
    return by_title


def reminder(locale: str, period: str, titles: list[str]) -> Message:
    lines = "\n".join(t(locale, "planning.title_item", title=title) for title in titles)
    return Message("plan_reminder", locale, (Text(t(locale, "planning.reminder", period=period, titles=lines)),))


def channel_notice(locale: str, period: str, titles: list[str]) -> Message:
    lines = "\n".join(t(locale, "planning.title_item", title=title) for title in titles)
    return Message("plan_drafts", locale, (Text(t(locale, "planning.channel_drafts", period=period, titles=lines)),))
