"""Reading what follows ``1on1`` as typed on any edge, in English or Dutch. Pure functions of the text.

``1on1`` lists; ``1on1 @anna weekly thu 14:00``, ``1on1 <@U123|anna> every 2 weeks tuesday 09:30 prep 90m``,
``1on1 <at>Anna de Vries</at> tweewekelijks do 14.00`` set; ``1on1 Anna de Vries off`` removes. The person comes
first: a Slack mention, a Teams mention, or ``@`` plus a chat user id or a name, or a bare name; it ends at the first
word that is part of the schedule. Day, time and ``prep`` may come in any order after the rhythm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.ids import as_id, is_id
from handlers.org_schema import DUTCH_WEEKDAYS, WEEKDAYS
from scheduler.cadence import MAX_EVERY_WEEKS
from scheduler.digest_calendar import MAX_PREP_MINUTES

SLACK_MENTION = re.compile(r"^<@([A-Za-z0-9._-]+)(?:\|[^>]*)?>")
TEAMS_MENTION = re.compile(r"^<at(?:\s[^>]*)?>(.*?)</at>", re.IGNORECASE | re.DOTALL)
CLOCK = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)")
DURATION = re.compile(r"(?:(\d{1,2}(?:[.,]\d+)?)(?:h|u|uur))?(?:(\d{1,4})(m|min)?)?")  # 3h, 90m, 1h30, 1,5u

OFF = ("off", "uit", "stop")
PREP = ("prep", "voorbereiding")
PLAN = ("plan", "plannen")
WEEKLY = ("weekly", "wekelijks")
BIWEEKLY = ("biweekly", "fortnightly", "tweewekelijks")
EVERY = ("every", "elke", "iedere")
WEEK_WORDS = ("week", "weeks", "weken")
DAY_WORDS = {
    **{name: i for i, name in enumerate(WEEKDAYS)}, **{name: i for i, name in enumerate(DUTCH_WEEKDAYS)},
    **{name[:3]: i for i, name in enumerate(WEEKDAYS)}, **{name[:2]: i for i, name in enumerate(DUTCH_WEEKDAYS)},
    "tues": 1, "thur": 3, "thurs": 3,
}


@dataclass(frozen=True)
class Who:
    """The person as typed: a chat user id (a Slack mention), or a chat user id or name (found among reports)."""

    text: str
    is_id: bool = False


@dataclass(frozen=True)
class Rhythm:
    weekday: int
    local_time: str  # "HH:MM"
    every_weeks: int
    prep_minutes: int | None  # None: keep what it was, or the default


@dataclass(frozen=True)
class OneOnOneRequest:
    who: Who | None  # None: list my 1:1s
    rhythm: Rhythm | None  # None with a person: stop the 1:1


@dataclass(frozen=True)
class Unclear:
    """Why the text could not be read: ``person``, ``rhythm``, ``every``, ``day``, ``time`` or ``prep``."""

    problem: str


def parse_one_on_one(text: str) -> OneOnOneRequest | Unclear:
    """What a person asked for with the words after ``1on1``."""
    text = " ".join(text.split())
    if not text:
        return OneOnOneRequest(None, None)
    who, rest = _who(text)
    if who is None:
        return Unclear("person")
    words = rest.lower().split()
    if not words:
        return Unclear("rhythm")
    if len(words) == 1 and words[0] in OFF:
        return OneOnOneRequest(who, None)
    rhythm = _rhythm(words)
    return rhythm if isinstance(rhythm, Unclear) else OneOnOneRequest(who, rhythm)


def planning_who(text: str) -> Who | None:
    """The person of ``plan @anna`` (the goal-setting 1:1's prep on demand); None for any other words."""
    words = text.split(maxsplit=1)
    if len(words) < 2 or words[0].lower() not in PLAN:
        return None
    who, rest = _who(words[1].strip())
    return who if who is not None and not rest.strip() else None


def _who(text: str) -> tuple[Who | None, str]:
    if mention := SLACK_MENTION.match(text):
        return Who(mention.group(1), is_id=True), text[mention.end():]
    if mention := TEAMS_MENTION.match(text):
        name = " ".join(mention.group(1).split()).lstrip("@")
        return (Who(name) if name else None), text[mention.end():]
    words = text.split()  # the first word is always the person's, so a name like "Do Nguyen" stays whole
    end = next((i for i in range(1, len(words)) if _is_schedule_word(words[i].lower())), len(words))
    name = " ".join(words[:end]).lstrip("@").strip()
    return (Who(name) if name else None), " ".join(words[end:])


def _is_schedule_word(word: str) -> bool:
    return (word in DAY_WORDS or word in OFF or word in PREP or word in WEEKLY or word in BIWEEKLY
            or word in EVERY or CLOCK.fullmatch(word) is not None)


def _rhythm(words: list[str]) -> Rhythm | Unclear:
    every, words = _every(words)
    if every is None:
        return Unclear("every")
    weekday = local_time = prep = None
    while words:
        word, words = words[0], words[1:]
        if word in DAY_WORDS and weekday is None:
            weekday = DAY_WORDS[word]
        elif (clock := CLOCK.fullmatch(word)) and local_time is None:
            local_time = f"{int(clock.group(1)):02d}:{clock.group(2)}"
        elif word in PREP and words and prep is None:
            prep, words = _minutes(words[0]), words[1:]
            if prep is None:
                return Unclear("prep")
        else:
            return Unclear(_problem_with(word, weekday))
    if weekday is None:
        return Unclear("day")
    if local_time is None:
        return Unclear("time")
    return Rhythm(weekday, local_time, every, prep)


def _problem_with(word: str, weekday: int | None) -> str:
    if word in PREP:
        return "prep"
    if any(c.isdigit() for c in word):
        return "time"
    return "day" if weekday is None else "rhythm"


def _every(words: list[str]) -> tuple[int | None, list[str]]:
    """Weeks between meetings from the words that start ``words`` (weekly when they name none)."""
    if words and words[0] in WEEKLY:
        return 1, words[1:]
    if words and words[0] in BIWEEKLY:
        return 2, words[1:]
    if not words or words[0] not in EVERY:
        return 1, words
    if len(words) > 1 and words[1] in WEEK_WORDS:
        return 1, words[2:]
    if len(words) > 2 and is_id(words[1]) and words[2] in WEEK_WORDS and 1 <= as_id(words[1]) <= MAX_EVERY_WEEKS:
        return int(words[1]), words[3:]
    return None, words


def _minutes(word: str) -> int | None:
    """``3h``, ``90m``, ``1h30``, ``1,5u`` as minutes, when between a minute and ``MAX_PREP_MINUTES``."""
    match = DURATION.fullmatch(word)
    if not match or not (match.group(1) or match.group(2)):
        return None
    hours, minutes, unit = match.groups()
    if minutes and not (hours or unit):
        return None  # a bare "3": hours or minutes?
    total = round(float(hours.replace(",", ".")) * 60) if hours else 0
    total += int(minutes or 0)
    return total if 1 <= total <= MAX_PREP_MINUTES else None
