"""Text heuristics behind the OKR linter: cleaning a title and reading what it measures, in English and Dutch.

Pure string work on a title. Every title is read as English and as Dutch at once, so the verdict never depends
on the reader's locale; only the wording of the findings does. What reads as work to do is in _lint_activity.py.
"""

from __future__ import annotations

import re
import unicodedata

# --- cleaning ------------------------------------------------------------------------------------------------

_MONTHS = (
    "jan|january|januari|feb|february|februari|mar|march|maart|mrt|apr|april|may|mei|jun|june|juni|jul|"
    "july|juli|aug|august|augustus|sep|sept|september|oct|october|okt|oktober|nov|november|dec|december"
)
_CALENDAR = re.compile(
    rf"\b\d{{1,2}}\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\s+\d{{1,2}}\b|\b(?:19|20)\d{{2}}(?:-\d{{2}})?\b|"
    r"\b[qh][1-4]\b|\bfy\s?\d{2,4}(?:-\d{2})?\b"
)
_LABEL = re.compile(r"^\s*(?:[-*•]+|kr\s*\d*(?:\.\d+)?\s*[:.)-]|\d+[.)](?=\s)|p[0-4]\s+-)\s*")
MAX_CHARS = 500
_WORD = re.compile(r"[^\W_]+(?:['’.,-][^\W_]+)*")


def clean(title: object) -> str:
    """Lower-cased, NFKC-normalised title without list markers such as ``KR2:`` or ``- ``.

    Only the first ``MAX_CHARS`` characters are read, which keeps the regexes fast on pasted essays.
    """
    text = unicodedata.normalize("NFKC", "" if title is None else str(title))[:MAX_CHARS].lower()
    return " ".join(_LABEL.sub("", text).split())


def words(text: str) -> list[str]:
    return [w.rstrip(".,") for w in _WORD.findall(text)]


def without_calendar(text: str) -> str:
    """Years, quarters and dates say when, not how much."""
    return _CALENDAR.sub(" ", text)


def normalised(title: object) -> str:
    """A title reduced for comparison: no case, punctuation or extra spaces."""
    return " ".join(words(clean(title)))


# --- quantities without digits --------------------------------------------------------------------------------

NUMBER_WORDS = frozenset({
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million", "billion", "dozen",
    "nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf",
    "vijftien", "twintig", "dertig", "veertig", "vijftig", "honderd", "duizend", "miljoen", "miljard",
})
_MULTIPLIER = re.compile(
    r"\b\d+(?:[.,]\d+)?\s?x\b|\bx\s?\d+\b|\b(?:double|doubles|doubled|doubling|triple|triples|tripled|"
    r"tripling|quadruple|quadruples|halve|halves|halved|halving|tenfold|twofold|threefold|verdubbel\w*|"
    r"verdrievoudig\w*|verviervoudig\w*|verviervoudigt|halveer\w*|halvering)\b|\b\w+\s+(?:times|keer)\s+"
    r"(?:as|zo|zoveel)\b"
)
# "from grade D to B", "van label C naar A", "rating from B to A"
_GRADE = re.compile(r"\b(?:from|van)\s+(?:(?:grade|label|rating|score|niveau|klasse)\s+)?[a-f][+-]?\s+"
                    r"(?:to|naar|tot)\s+(?:(?:grade|label|rating|score|niveau|klasse)\s+)?[a-f][+-]?\b")
_FREQUENCY = re.compile(
    r"\b(?:every|each|per)\s+(?:day|week|month|quarter|year|sprint|release)\b|\b(?:daily|weekly|monthly|"
    r"quarterly|yearly|annually)\b|\b(?:elke|iedere|per)\s+(?:dag|week|maand|kwartaal|jaar|sprint|release)\b|"
    r"\b(?:dagelijks|wekelijks|maandelijks|jaarlijks)\b|\b(?:a|an)\s+(?:day|week|month|quarter|year)\b"
)
# "every PR is reviewed", "always finds", "geen enkele release te laat": all or nothing is a measure too.
_ALL_OR_NOTHING = re.compile(
    r"\b(?:always|never|every|each|any|all|none|no longer|not a single|zero|altijd|nooit|elke|iedere|alle|"
    r"geen enkele|geen enkel|niet één|niets meer)\b"
)
# A binary end state reached with or by others: "the agreement with Acme is signed", "ISO 27001 behaald".
_END_STATE = re.compile(
    r"\b(?:signed|certified|approved|accepted|awarded|granted|won|renewed|achieved|obtained|passed|secured|"
    r"adopted by|chosen by|selected by|ratified|funded|ondertekend|getekend|gecertificeerd|goedgekeurd|"
    r"geaccepteerd|toegekend|gewonnen|verlengd|behaald|gehaald|geslaagd|binnengehaald|gefinancierd)\b"
)


def has_digit(text: str) -> bool:
    """Whether a cleaned title holds a digit that isn't part of a date, year or quarter."""
    return bool(re.search(r"\d", without_calendar(text)))


def has_quantity(text: str) -> bool:
    """A digit (dates aside), a number word or a multiplier: "4", "two", "twee", "2x", "triples"."""
    bare = without_calendar(text)
    return has_digit(text) or bool(_MULTIPLIER.search(bare)) or any(w in NUMBER_WORDS for w in words(bare))


def has_target(text: str) -> bool:
    """Whether a cleaned title says where it should end: a quantity, a grade, a frequency, all-or-nothing, or a
    binary end state. Without one, nobody can tell at the end of the period whether it was reached."""
    bare = without_calendar(text)
    patterns = (_GRADE, _FREQUENCY, _ALL_OR_NOTHING, _END_STATE)
    return has_quantity(text) or any(p.search(bare) for p in patterns)


# --- measured changes ---------------------------------------------------------------------------------------

_NUM = r"[€$£]?\s?\d"
FROM_TO = re.compile(rf"\b(?:from|van)\b\D{{0,40}}?{_NUM}.*?\b(?:to|naar|tot|into)\b\D{{0,25}}?{_NUM}")
_COMPARISON = re.compile(
    r"(?P<word>\b(?:below|under|above|over|at least|at most|less than|fewer than|more than|greater than|"
    r"no more than|within|up to|onder|boven|minder dan|meer dan|minstens|minimaal|maximaal|ten minste|"
    r"tenminste|hoogstens|hooguit|binnen|lager dan|hoger dan|tot)\b|[<>≤≥]=?)"
    rf"\s*(?:(?:a|an|the|een|de|het)\s+)?{_NUM}[\d.,]*\s*(?P<unit>%|[^\W\d_]+)?"
)
_OR_MORE = re.compile(
    r"\d\s*(?:%|k|m)?\s*(?:\+|\bor (?:more|higher|better|less|fewer|lower)\b|"
    r"\bof (?:meer|hoger|beter|minder|lager)\b)"
)
_PERCENT = re.compile(r"\d\s*(?:%|percent|procent)")
_DEADLINE_UNITS = frozenset({
    "week", "weeks", "month", "months", "quarter", "quarters", "year", "years", "weken", "maand", "maanden",
    "kwartaal", "kwartalen", "jaar",
})
# Dutch "onder 500 klanten" means "among 500 customers", not "below 500".
_POPULATIONS = frozenset({
    "klanten", "medewerkers", "gebruikers", "deelnemers", "collega's", "collega’s", "respondenten",
    "bezoekers", "leden",
})
CHANGE_WORDS = frozenset({
    "increase", "increases", "increased", "raise", "raises", "grow", "grows", "grown", "boost", "boosts",
    "improve", "improves", "reduce", "reduces", "reduced", "decrease", "decreases", "lower", "lowers", "cut",
    "cuts", "drop", "drops", "fall", "falls", "rise", "rises", "reach", "reaches", "hit", "hits", "double",
    "doubles", "halve", "halves", "triple", "triples", "shrink", "shrinks", "climb", "climbs", "decline",
    "declines", "achieve", "achieves", "maintain", "maintains", "keep", "keeps", "stay", "stays", "remain",
    "remains", "verhoog", "verhogen", "verhoogd", "verlaag", "verlagen", "verlaagd", "verminder", "verminderen",
    "verbeter", "verbeteren", "verbeterd", "stijgt", "stijgen", "daalt", "dalen", "groeit", "groeien",
    "halveer", "halveren", "verdubbel", "verdubbelen", "verdubbelt", "omhoog", "omlaag", "bereikt", "bereiken",
    "bereik", "haalt", "halen", "blijft", "blijven", "terugbrengen", "vergroten", "vergroot", "groei", "meer",
    "minder", "hoger", "lager", "korter", "sneller",
})
_METRIC_WORDS = frozenset({
    "nps", "csat", "enps", "ces", "churn", "retention", "revenue", "arr", "mrr", "margin", "cost", "costs",
    "conversion", "rate", "ratio", "score", "satisfaction", "engagement", "uptime", "latency", "availability",
    "coverage", "share", "percentage", "frequency", "adoption", "velocity", "throughput", "accuracy", "time",
    "duration", "incidents", "defects", "complaints", "turnover", "attrition", "absenteeism", "bookings",
    "signups", "sign-ups", "traffic", "leads", "ltv", "cac", "roi", "mttr", "pipeline", "rating", "ratings",
    "readership", "reach", "awareness", "profit", "growth", "spend", "saving", "savings", "errors",
    "bugs", "visits", "downloads", "subscribers", "users", "customers", "members", "sales", "value",
    "retentie", "omzet", "conversie", "tevredenheid", "aandeel", "marge", "kosten", "doorlooptijd",
    "reactietijd", "responstijd", "wachttijd", "levertijd", "beschikbaarheid", "verloop", "verzuim",
    "frequentie", "dekking", "betrokkenheid", "winst", "bereik", "groei", "klachten", "fouten", "storingen",
    "incidenten", "cijfer", "beoordeling", "klanten", "gebruikers", "leden", "abonnees", "bezoekers",
})
# Dutch compounds end in their metric: "klanttevredenheid", "conversieratio", "testdekking".
_NL_COMPOUND_ENDS = ("tevredenheid", "tijd", "kosten", "omzet", "ratio", "score", "dekking", "percentage",
                     "conversie", "retentie", "verloop", "verzuim", "marge", "aandeel", "frequentie", "bereik",
                     "snelheid", "cijfer", "groei", "klanten", "gebruikers")


# Things counted rather than metrics: "fix 50 bugs" still counts work, "build the pipeline" names a metric.
COUNTED = frozenset({
    "bugs", "errors", "visits", "downloads", "subscribers", "users", "customers", "members", "sales", "leads",
    "signups", "sign-ups", "bookings", "incidents", "defects", "complaints", "klanten", "gebruikers", "leden",
    "abonnees", "bezoekers", "klachten", "fouten", "storingen", "incidenten",
})


def is_metric_word(word: str) -> bool:
    """A whole word that names something you measure; "operates" is not "rates", "times" is not "time"."""
    if word in _METRIC_WORDS or (word.endswith("s") and word[:-1] in _METRIC_WORDS and word != "times"):
        return True
    return len(word) > 8 and word.endswith(_NL_COMPOUND_ENDS)


def names_metric(word: str) -> bool:
    """A metric's name ("pipeline", "conversion", "klanttevredenheid"), not a count of people or things."""
    return is_metric_word(word) and word not in COUNTED and word not in _PEOPLE_COUNTED


_PEOPLE_COUNTED = frozenset({"customers", "users", "members", "klanten", "gebruikers", "leden", "subscribers"})
_METRIC_ONLY = re.compile(r"^(?:the number of|the percentage of|the share of|het aantal|het percentage|"
                          r"het aandeel)\b")


_MEASURE_HEAD = re.compile(
    r"^(?:the\s+)?(?:average|median|mean|share|percentage|proportion|number|count|rate|ratio|total)\b"
    r"|^(?:het\s+|de\s+)?(?:gemiddeld|gemiddelde|mediaan|deel|aandeel|percentage|aantal|totaal|totale)\b")


def names_measure(text: str) -> bool:
    """"Average attendance per meetup", "Deel van de klanten dat …": the title is the name of a measure."""
    return bool(_MEASURE_HEAD.match(text))


def names_metric_only(text: str) -> bool:
    """"Het aantal verkochte keukens", "The percentage of e-mails answered within 12 hours": a metric without a
    target (a threshold inside the definition is not one)."""
    return bool(_METRIC_ONLY.match(text)) and not (FROM_TO.search(text) or _PERCENT.search(text))


def is_metric_like(text: str) -> bool:
    """Whether a cleaned title names something you measure (``conversion rate``, ``klanttevredenheid``)."""
    return any(is_metric_word(w) for w in words(text))


def states_measure(text: str) -> bool:
    """Whether a cleaned title expresses a measured result: a from/to change, a threshold, a share, or a
    quantity next to a metric or a change word."""
    text = without_calendar(text)
    if FROM_TO.search(text) or _OR_MORE.search(text) or _GRADE.search(text):
        return True
    if any(_is_threshold(match) for match in _COMPARISON.finditer(text)) or _PERCENT.search(text):
        return True
    if not has_quantity(text):
        return False
    tokens = words(text)
    return any(w in CHANGE_WORDS or is_metric_word(w) for w in tokens) or bool(_MULTIPLIER.search(text))


def _is_threshold(match: re.Match[str]) -> bool:
    unit = match.group("unit") or ""
    if unit in _DEADLINE_UNITS:
        return False
    return not (match.group("word") == "onder" and unit in _POPULATIONS)


def has_from_to(text: str) -> bool:
    return bool(FROM_TO.search(without_calendar(text)) or _GRADE.search(text))


_NEW_THING = re.compile(r"^(?:(?:a|an|the|een|de|het)\s+)?(?:new|nieuw|nieuwe)\b")


def names_new_thing(text: str) -> bool:
    """Whether a cleaned title only names something new ("new careers page"), i.e. a deliverable."""
    return bool(_NEW_THING.match(text))
