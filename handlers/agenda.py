"""A suggested 1:1 agenda: at most seven questions, what the data says most needs talking about first.

The catalog is ``prompts/locales/*/agenda.yaml``: ``agenda.<situation>.<id>``, each question naming the key result
(or risk) it is about as ``{title}``. Situations are taken most pressing first (``SITUATIONS``), one question each,
then a second round of questions for the same situations, until there are ``MAX_QUESTIONS``. Questions that fit
any conversation only fill up a short agenda to ``MIN_QUESTIONS``; in the period's last week and after it they
look back and to the next period instead of to "next week". The choice is deterministic: the same situations give
the same agenda.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import cache
from itertools import zip_longest

from handlers.phase import PeriodPhase
from prompts import catalog, t

# Most pressing first: what went wrong lately, then what is stuck, in the way or at risk, then what is unknown,
# then how the person feels, then what goes well.
SITUATIONS = (
    "confidence_drop", "stalled", "frustration", "blocker", "open_risk", "no_number", "low_mood",
    "confident_not_moving", "missed_checkins", "no_checkins", "no_key_results", "one_level_up", "ahead_of_pace",
    "good_progress",
)
GENERIC = {"last_week": "last_week", "ended": "ended"}  # open questions by phase; "always" for the others
MAX_QUESTIONS = 7
MIN_QUESTIONS = 5


def agenda(situations: Collection[str], locale: str, *, about: Mapping[str, str] | None = None,
           phase: PeriodPhase | None = None) -> tuple[str, ...]:
    """The questions for a report in these ``situations``, in ``locale``; ``about`` names, per situation, the key
    result (or risk) a question on it is about."""
    about = about or {}
    found = [situation for situation in SITUATIONS if situation in situations and _keys(situation)]
    rounds = zip_longest(*(_keys(situation) for situation in found))
    picked = [key for round_ in rounds for key in round_ if key][:MAX_QUESTIONS]
    questions = [t(locale, key, title=about.get(key.split(".")[1], "")) for key in picked]
    generic = _keys(GENERIC.get(phase.name, "always") if phase is not None else "always")
    questions += [t(locale, key) for key in generic[: max(0, MIN_QUESTIONS - len(questions))]]
    return tuple(questions)


@cache
def _keys(situation: str) -> tuple[str, ...]:
    """The catalog's keys of one situation, in the order the English file lists them."""
    prefix = f"agenda.{situation}."
    return tuple(key for key in catalog("en") if key.startswith(prefix))
