"""Whether a key result's title describes work to do rather than a result, in English and Dutch.

Three shapes of work: a verb of work wherever it stands and in any tense or person ("Publish 4 case studies",
"The team presents ...", "We organiseren ...", "Jullie zetten ... op", "SSO implemented"); a count of outputs
("4 webinars", "200 offertes"); and a deliverable named as a thing ("A mentoring programme for new team leads").
A measured result stated next to the work ("... with 10K+ sign-ups a month", "... so that churn drops from 5%
to 3%") makes it an outcome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers import _lint_dutch as dutch
from handlers import _lint_rules as rules
from handlers import _lint_words as lexicon


@dataclass(frozen=True)
class Activity:
    """How a title reads as work: ``verb`` (a verb of work), ``count`` (a number of outputs) or ``thing`` (a
    deliverable named as a noun phrase); ``what`` is the verb or the counted outputs, for the message."""

    shape: str
    what: str


def _en_table() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    leading: dict[str, str] = {}
    third: dict[str, str] = {}
    done: dict[str, str] = {}
    for base in lexicon.EN_VERBS:
        ing, third_person, pasts = lexicon.en_forms(base)
        leading[base] = leading[ing] = base
        third[third_person] = base
        done.update(dict.fromkeys(pasts, base))
    return leading, third, done


EN_LEADING, _EN_THIRD, EN_DONE = _en_table()
_PREFIX = re.compile(
    r"^(?:(?:make sure|ensure|zorg(?: ervoor)? dat|we (?:will|shall|must|should|want to|need to|are going to|"
    r"aim to|plan to)|i (?:will|want to|am going to)|we'll|we’ll|let's|let’s|to)\s+)+"
)
_PRONOUNS = frozenset({"we", "i", "they", "you", "he", "she", "wij", "ik", "jullie", "zij", "ze", "u",
                       "men", "je", "jij", "hij"})
_DETERMINERS = frozenset({"the", "our", "my", "their", "your", "each", "every", "all", "het", "de", "ons", "onze",
                          "mijn", "elk", "elke", "iedere", "alle"})
_MODALS = frozenset({"will", "shall", "must", "should", "can", "could", "would", "have", "has", "had", "are",
                     "is", "am", "was", "were", "gaan", "gaat", "ga", "zullen", "zal", "willen", "wil", "moeten",
                     "moet", "hebben", "heeft", "heb", "hebt"})
_PREPOSITIONS = frozenset({"of", "for", "per", "in", "on", "from", "to", "with", "by", "at", "van", "voor",
                           "naar", "met", "bij", "op", "over"})
_PEOPLE = frozenset({"team", "teams", "managers", "manager", "reps", "engineers", "developers", "designers",
                     "marketers", "marketing", "sales", "support", "staff", "employees", "everyone", "we",
                     "stylisten", "medewerkers", "verkopers", "accountmanagers", "ontwikkelaars", "iedereen"})
_EN_AUX = frozenset({"is", "are", "was", "were", "be", "been", "being", "get", "gets", "got"})
_EN_QUALIFIERS = frozenset({"by", "in", "before", "for", "on", "at", "to", "with", "across", "and", "within"})
_EN_OBJECT_START = frozenset({"the", "a", "an", "our", "all", "new", "its", "their", "your", "my", "two",
                              "three", "four", "five"})
_EN_ADVERBS = frozenset({"successfully", "fully", "quickly", "finally", "properly", "officially", "publicly",
                         "actively", "regularly", "weekly", "monthly", "also", "jointly", "opnieuw", "samen",
                         "wekelijks", "maandelijks", "actief", "zelf"})
_GO_LIVE = re.compile(r"\b(?:go|goes|going|went|gone)\s+live\b|\blive\s+(?:zetten|gaan|gezet|brengen|gegaan)\b|"
                      r"\blivegang\b|\bzetten\b.*\blive\b")
_DEFAULT = re.compile(r"\b(?:is|are|becomes?|become|wordt|worden|staat|staan|made)\b.*\b(?:the default|default|"
                      r"de standaard|standaard)\b|\benabled by default\b|\bstandaard aan\b")
# "Release notes read by 40% of active users": what others did with the work is a result.
_DONE_BY_SHARE = re.compile(r"\b(?:by|door)\s+(?:at least\s+|minstens\s+|over\s+|meer dan\s+)?\d[\d.,]*\s*%")
# Where a stated result may follow the work: "... with 10K+ sign-ups", "... so that churn drops".
_BOUNDARY = re.compile(r"\b(?:with|so that|so|zodat|waardoor|resulting in|leading to|to achieve|achieving|met|"
                       r"and reach|and achieve)\b")


def activity(text: str) -> Activity | None:
    """How a cleaned title reads as work to do, or None when it doesn't (or states a measured result too)."""
    bare = rules.without_calendar(_PREFIX.sub("", text))
    tokens = [w for w in rules.words(bare) if w not in _EN_ADVERBS]
    if not tokens:
        return None
    found = _counted_outputs(tokens) or _verb(tokens, bare) or _named_thing(tokens, bare)
    if found is None or _states_result(found, tokens, bare):
        return None
    return found


def _verb(tokens: list[str], bare: str) -> Activity | None:
    if _GO_LIVE.search(bare) or _DEFAULT.search(bare):
        return Activity("verb", "")
    first = tokens[0]
    if first in EN_LEADING:
        return _en_verb(tokens, 0, EN_LEADING[first])
    imperative = dutch.imperative(tokens)
    if imperative:
        return Activity("verb", imperative)
    standard = bool(_STANDARD.match(bare)) or first[0].isdigit()
    others = first in _OTHERS  # "Klanten geven ons een 8,5": what customers do, unless it ends in the verb
    for i, word in enumerate(tokens):
        if word in dutch.NL_ANYWHERE and not dutch.noun_not_verb(tokens, i):
            participle = dutch.NL_ANYWHERE[word] != word
            by_others = others and i == 1 and i + 1 < len(tokens) and word not in dutch.REACHES_PEOPLE
            if not (standard and participle) and not by_others:
                return Activity("verb", dutch.NL_ANYWHERE[word])
        if standard or others:  # "Every PR is reviewed ...", "90% rondt ... af": what others do, to a standard
            continue
        infinitive = dutch.finite(tokens, i)
        if infinitive:
            return Activity("verb", infinitive)
        if word in _EN_THIRD and _after_subject(tokens, i):
            return _en_verb(tokens, i, _EN_THIRD[word])
        if word in EN_LEADING and _after_subject(tokens, i):
            return _en_verb(tokens, i, EN_LEADING[word])
        if word in EN_DONE and (_is_finished_task(tokens, i) or _after_subject(tokens, i)):
            return Activity("verb", EN_DONE[word])
    return None


_OTHERS = frozenset({"klanten", "customers", "users", "gebruikers", "leden", "members", "clients", "bezoekers",
                     "visitors", "prospects", "partners", "kopers", "buyers", "patiënten", "patients", "studenten",
                     "students", "lezers", "readers"})
_STANDARD = re.compile(r"^(?:(?:every|each|elke|iedere)\s+(?!(?:day|week|month|quarter|year|sprint|dag|maand|"
                       r"kwartaal|jaar)\b)|(?:not a single|no|none of|zero|geen enkele|geen|nul)\b)")
def _en_verb(tokens: list[str], i: int, base: str) -> Activity | None:
    # "Finish two triathlons" reaches a result; "Finish the illustrations" is work.
    if tokens[i] in lexicon.EN_WORK_WITHOUT_COUNT or base in ("finish", "complete"):
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if following.isdigit() or following in rules.NUMBER_WORDS:
            return None
    return Activity("verb", base)


def _after_subject(tokens: list[str], i: int) -> bool:
    """A finite verb right after a subject: "we present", "the team presents", "sales teams contribute"."""
    before = [w for w in tokens[:i] if w not in _MODALS]
    if not before or i > 5 or any(w.isdigit() or w in _PREPOSITIONS for w in before):
        return False
    if before[0] in _PRONOUNS:
        return len(before) == 1
    subject = before[0] in _DETERMINERS or tokens[i - 1] in _PEOPLE
    return subject and len(before) >= 2 and tokens[i - 1] not in _DETERMINERS


def _is_finished_task(tokens: list[str], i: int) -> bool:
    before = tokens[i - 1] if i > 0 else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    if i == 0:
        return not after or after in _EN_OBJECT_START or after.isdigit()
    return not after or before in _EN_AUX or after in _EN_QUALIFIERS


def _counted_outputs(tokens: list[str]) -> Activity | None:
    """"4 webinars", "200 offertes", "50 case studies": a number of outputs."""
    for i, word in enumerate(tokens):
        if not (word[0].isdigit() or word in rules.NUMBER_WORDS):
            continue
        window = tokens[i + 1:i + 4]
        for j, noun in enumerate(window):
            following = window[j + 1] if j + 1 < len(window) else ""
            result = noun in lexicon.RESULT_NOUNS or rules.is_metric_word(noun)
            if noun in _UNITS or noun in _PREPOSITIONS or noun.endswith("ing") or \
                    (result and following not in lexicon.DELIVERABLE_NOUNS):  # "customer stories" is output
                break
            if noun in lexicon.DELIVERABLE_NOUNS:
                if following in lexicon.RESULT_NOUNS or rules.is_metric_word(following):
                    break  # "800 newsletter subscribers": the last noun says what is counted
                end = i + j + 2
                while end < len(tokens) and tokens[end] in lexicon.DELIVERABLE_NOUNS:  # "case studies"
                    end += 1
                return Activity("count", " ".join(tokens[i:end]))
    return None


_UNITS = frozenset({"%", "ms", "seconds", "minutes", "hours", "days", "weeks", "months", "times", "seconden",
                    "minuten", "uur", "dagen", "weken", "maanden", "keer", "procent", "percent"})


def _named_thing(tokens: list[str], bare: str) -> Activity | None:
    """A deliverable named as a thing, with no verb, number or metric: "A mentoring programme for team leads"."""
    if rules.has_target(bare) or any(rules.names_metric(w) or w in rules.CHANGE_WORDS for w in tokens):
        return None
    head = next((w for w in tokens[:6] if w in lexicon.WORK_NOUNS or w.endswith(_WORK_ENDINGS)), None)
    return Activity("thing", head) if head else None


# Who work reaches, not what it achieves: "research with 50+ users", "train 100% of staff".
_POPULATION = frozenset({"users", "customers", "members", "clients", "employees", "staff", "people", "klanten",
                         "gebruikers", "leden", "medewerkers"})
_WORK_ENDINGS = ("programme", "programma", "documentatie", "documentation", "handleiding", "workshop", "training",
                 "campagne", "portaal", "website", "dashboard", "plan", "beleid", "strategie", "systeem")


def _states_result(found: Activity, tokens: list[str], bare: str) -> bool:
    """Work that names the measured result it is for: a from/to change, or a measure after "with"/"so that"."""
    if rules.FROM_TO.search(bare) or _DONE_BY_SHARE.search(bare):
        return True
    boundary = _BOUNDARY.search(bare)
    if boundary:
        tail = bare[boundary.end():]
        named = [w for w in rules.words(tail) if w not in _POPULATION]
        results = [w for w in named if rules.is_metric_word(w) or w in rules.CHANGE_WORDS or w in lexicon.RESULT_NOUNS]
        if results and (rules.states_measure(tail) or rules.has_quantity(tail)):
            return True
    return found.shape == "verb" and _object_is_metric(tokens)


def _object_is_metric(tokens: list[str]) -> bool:
    """"Build pipeline of 15 opportunities", "Test coverage above 80%": the opening verb's object is a metric."""
    if tokens[0] not in EN_LEADING and tokens[0] not in dutch.NL_LEADING:
        return False
    following = [w for w in tokens[1:4] if w not in _EN_OBJECT_START]
    return any(rules.names_metric(w) for w in following[:2])
