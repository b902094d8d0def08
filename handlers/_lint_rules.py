"""Text heuristics behind the OKR linter, in English and Dutch.

Pure string work on a title. Every title is checked against both languages at once, so the verdict never
depends on the reader's locale; only the wording of the findings does.
"""

from __future__ import annotations

import re
import unicodedata

# --- activity verbs -----------------------------------------------------------------------------------

_EN_VERBS = (
    "run", "launch", "relaunch", "organise", "organize", "implement", "write", "rewrite", "build",
    "rebuild", "create", "develop", "design", "redesign", "introduce", "deliver", "ship", "release",
    "publish", "hold", "host", "conduct", "do", "perform", "start", "begin", "kick", "plan", "prepare",
    "complete", "finish", "finalise", "finalize", "migrate", "install", "deploy", "update", "upgrade",
    "refactor", "roll", "set", "setup", "test", "train", "hire", "recruit", "attend", "visit", "call",
    "send", "make", "research", "investigate", "explore", "define", "document", "schedule", "arrange",
    "review", "analyse", "analyze", "integrate", "automate", "establish", "add", "replace", "move", "work",
    "continue", "fix", "clean", "draft", "produce", "facilitate", "coordinate", "evaluate", "assess",
    "audit", "translate", "present", "pilot", "prototype", "interview", "survey", "expand", "streamline",
    "revamp", "overhaul", "refresh", "standardise", "standardize", "consolidate", "optimise", "optimize",
    "switch", "adopt", "contact",
)
# Forms the -ing/-ed rules below get wrong: base -> (-ing form, past forms).
_EN_IRREGULAR: dict[str, tuple[str, tuple[str, ...]]] = {
    "run": ("running", ("ran", "run")),
    "write": ("writing", ("wrote", "written")),
    "rewrite": ("rewriting", ("rewrote", "rewritten")),
    "build": ("building", ("built",)),
    "rebuild": ("rebuilding", ("rebuilt",)),
    "hold": ("holding", ("held",)),
    "do": ("doing", ("did", "done")),
    "begin": ("beginning", ("began", "begun")),
    "set": ("setting", ("set",)),
    "make": ("making", ("made",)),
    "send": ("sending", ("sent",)),
    "ship": ("shipping", ("shipped",)),
    "plan": ("planning", ("planned",)),
    "setup": ("setup", ()),
}


def _en_forms(base: str) -> tuple[str, tuple[str, ...]]:
    """The -ing form and the past forms of an English verb."""
    if base in _EN_IRREGULAR:
        return _EN_IRREGULAR[base]
    if base.endswith("e"):
        return base[:-1] + "ing", (base + "d",)
    if base.endswith("y") and base[-2] not in "aeiou":
        return base + "ing", (base[:-1] + "ied",)
    return base + "ing", (base + "ed",)


_EN_FORMS = {base: _en_forms(base) for base in _EN_VERBS}
EN_LEADING = frozenset({*_EN_FORMS, *(ing for ing, _ in _EN_FORMS.values())})
EN_DONE = frozenset(past for _, pasts in _EN_FORMS.values() for past in pasts)

# (infinitive, imperative, past participle). Separable verbs keep their particle in the infinitive and the
# participle ("uitvoeren", "uitgevoerd") and lose it in the imperative ("voer ... uit").
_NL_VERBS = (
    ("uitvoeren", "voer", "uitgevoerd"), ("organiseren", "organiseer", "georganiseerd"),
    ("lanceren", "lanceer", "gelanceerd"), ("implementeren", "implementeer", "geïmplementeerd"),
    ("invoeren", "voer", "ingevoerd"), ("opzetten", "zet", "opgezet"), ("bouwen", "bouw", "gebouwd"),
    ("schrijven", "schrijf", "geschreven"), ("herschrijven", "herschrijf", "herschreven"),
    ("ontwikkelen", "ontwikkel", "ontwikkeld"), ("maken", "maak", "gemaakt"), ("houden", "houd", "gehouden"),
    ("starten", "start", "gestart"), ("opstarten", "start", "opgestart"),
    ("introduceren", "introduceer", "geïntroduceerd"), ("uitrollen", "rol", "uitgerold"),
    ("opleveren", "lever", "opgeleverd"), ("leveren", "lever", "geleverd"),
    ("migreren", "migreer", "gemigreerd"), ("installeren", "installeer", "geïnstalleerd"),
    ("ontwerpen", "ontwerp", "ontworpen"), ("publiceren", "publiceer", "gepubliceerd"),
    ("plannen", "plan", "gepland"), ("inplannen", "plan", "ingepland"),
    ("voorbereiden", "bereid", "voorbereid"), ("afronden", "rond", "afgerond"),
    ("opstellen", "stel", "opgesteld"), ("inrichten", "richt", "ingericht"),
    ("aannemen", "neem", "aangenomen"), ("werven", "werf", "geworven"), ("trainen", "train", "getraind"),
    ("opleiden", "leid", "opgeleid"), ("bezoeken", "bezoek", "bezocht"), ("bellen", "bel", "gebeld"),
    ("versturen", "verstuur", "verstuurd"), ("sturen", "stuur", "gestuurd"), ("testen", "test", "getest"),
    ("automatiseren", "automatiseer", "geautomatiseerd"), ("integreren", "integreer", "geïntegreerd"),
    ("documenteren", "documenteer", "gedocumenteerd"), ("vernieuwen", "vernieuw", "vernieuwd"),
    ("doen", "doe", "gedaan"), ("realiseren", "realiseer", "gerealiseerd"),
    ("definiëren", "definieer", "gedefinieerd"), ("afnemen", "neem", "afgenomen"),
    ("geven", "geef", "gegeven"), ("onderzoeken", "onderzoek", "onderzocht"),
    ("opschonen", "schoon", "opgeschoond"), ("uitbrengen", "breng", "uitgebracht"),
    ("interviewen", "interview", "geïnterviewd"), ("evalueren", "evalueer", "geëvalueerd"),
    ("analyseren", "analyseer", "geanalyseerd"), ("vertalen", "vertaal", "vertaald"),
    ("presenteren", "presenteer", "gepresenteerd"), ("regelen", "regel", "geregeld"),
    ("inzetten", "zet", "ingezet"), ("aanpassen", "pas", "aangepast"), ("uitwerken", "werk", "uitgewerkt"),
    ("aanschaffen", "schaf", "aangeschaft"), ("aanbieden", "bied", "aangeboden"),
    ("verzamelen", "verzamel", "verzameld"), ("inventariseren", "inventariseer", "geïnventariseerd"),
    ("kiezen", "kies", "gekozen"), ("faciliteren", "faciliteer", "gefaciliteerd"),
    ("inwerken", "werk", "ingewerkt"), ("overstappen", "stap", "overgestapt"),
    ("uitbreiden", "breid", "uitgebreid"), ("verhuizen", "verhuis", "verhuisd"),
    ("bijwonen", "woon", "bijgewoond"), ("opruimen", "ruim", "opgeruimd"),
    ("herzien", "herzie", "herzien"), ("updaten", "update", "geüpdatet"),
    ("upgraden", "upgrade", "geüpgraded"), ("uitzoeken", "zoek", "uitgezocht"),
    ("aanvragen", "vraag", "aangevraagd"), ("optimaliseren", "optimaliseer", "geoptimaliseerd"),
    ("afleggen", "leg", "afgelegd"),
)
NL_LEADING = frozenset(imperative for _, imperative, _ in _NL_VERBS)
# Dutch puts the infinitive or participle at the end of the clause, which is not necessarily the end of
# the title ("kennisbank opzetten voor het supportteam"), so these count anywhere.
NL_ANYWHERE = frozenset(word for inf, _, done in _NL_VERBS for word in (inf, done))

_EN_SUBJECT = re.compile(
    r"^(?:(?:we|i|the team|our team|you)\s+"
    r"(?:will|shall|must|should|want to|need to|are going to|am going to)|we'll|we’ll|let's|let’s|to)\s+"
)
# An English participle marks a finished task at the end of a title ("SSO implemented"), after a form of
# "to be", or before a short qualifier ("launched in Q3"); elsewhere it often names a metric.
_EN_AUX = frozenset({"is", "are", "was", "were", "be", "been"})
_EN_QUALIFIERS = frozenset({"by", "in", "before", "for", "on", "at", "to", "with", "across", "and"})
# "Launched the portal" is a finished task, "Planned work completed" a metric: a past form opening the
# title only counts when an object follows.
_EN_OBJECT_START = frozenset({"the", "a", "an", "our", "all", "new", "its", "their", "your", "my"})
_EN_ADVERBS = frozenset({"successfully", "fully", "quickly", "finally", "properly", "officially", "publicly"})

# --- measures --------------------------------------------------------------------------------------------

_NUM = r"[€$£]?\s?\d"
_FROM_TO = re.compile(rf"\b(?:from|van)\b\D{{0,20}}?{_NUM}.*?\b(?:to|naar|tot)\b\D{{0,15}}?{_NUM}")
_COMPARISON = re.compile(
    r"(?P<word>\b(?:below|under|above|over|at least|at most|less than|fewer than|more than|greater than|"
    r"no more than|within|onder|boven|minder dan|meer dan|minstens|minimaal|maximaal|ten minste|tenminste|"
    r"hoogstens|hooguit|binnen|lager dan|hoger dan)\b|[<>≤≥]=?)"
    rf"\s*(?:(?:a|an|the|een|de|het)\s+)?{_NUM}[\d.,]*\s*(?P<unit>%|[^\W\d_]+)?"
)
_OR_MORE = re.compile(
    r"\d\s*(?:%|k|m)?\s*(?:\+|\bor (?:more|higher|better|less|fewer|lower)\b|"
    r"\bof (?:meer|hoger|beter|minder|lager)\b)"
)
# "read by 40% of users" measures a result; "train 100% of staff" or "roll out to 50% of users" only says
# how far an activity reaches, so a share right after the verb or after to/for doesn't count.
_SHARE = re.compile(r"(?:(?P<before>\S+)\s+)?\d[\d.,]*\s*%\s+(?:of|van)\b")
_NOT_A_SHARE = frozenset({"to", "naar", "for", "voor", "bij"})
_GO_LIVE = re.compile(
    r"\b(?:go|goes|going|went|gone)\s+live\b|\blive\s+(?:zetten|gaan|gezet|brengen)\b|\blivegang\b"
)
_NEW_THING = re.compile(r"^(?:(?:a|an|the|een|de|het)\s+)?(?:new|nieuw|nieuwe)\b")
# "within 3 months" is a deadline, not a measure of the result.
_DEADLINE_UNITS = frozenset(
    {
        "week", "weeks", "month", "months", "quarter", "quarters", "year", "years", "weken", "maand",
        "maanden", "kwartaal", "kwartalen", "jaar",
    }
)
# Dutch "onder 500 klanten" means "among 500 customers", not "below 500".
_POPULATIONS = frozenset(
    {
        "klanten", "medewerkers", "gebruikers", "deelnemers", "collega's", "collega’s", "respondenten",
        "bezoekers", "leden",
    }
)
_CHANGE_WORDS = frozenset(
    {
        "increase", "increases", "increased", "raise", "raises", "grow", "grows", "boost", "boosts",
        "improve", "improves", "reduce", "reduces", "reduced", "decrease", "decreases", "lower", "lowers",
        "cut", "cuts", "drop", "drops", "fall", "falls", "rise", "rises", "reach", "reaches", "hit", "hits",
        "double", "doubles", "halve", "halves", "triple", "triples", "shrink", "shrinks", "climb", "climbs",
        "decline", "declines", "verhoog", "verhogen", "verhoogd", "verlaag", "verlagen", "verlaagd",
        "verminder", "verminderen", "verbeter", "verbeteren", "verbeterd", "stijgt", "stijgen", "daalt",
        "dalen", "groeit", "groeien", "halveer", "halveren", "verdubbel", "verdubbelen", "verdubbelt",
        "omhoog", "omlaag", "bereikt", "bereiken", "haalt",
    }
)
_METRIC_WORDS = (
    "nps", "csat", "enps", "ces", "churn", "retention", "revenue", "arr", "mrr", "margin", "cost", "costs",
    "conversion", "rate", "rates", "ratio", "score", "satisfaction", "engagement", "uptime", "latency",
    "availability", "coverage", "share", "percentage", "frequency", "adoption", "velocity", "throughput",
    "accuracy", "time", "duration", "incidents", "defects", "complaints", "turnover", "attrition",
    "absenteeism", "bookings", "signups", "sign-ups", "traffic", "leads", "ltv", "cac", "roi",
    "mttr", "retentie", "omzet", "conversie", "tevredenheid", "aandeel", "marge", "kosten", "doorlooptijd",
    "reactietijd", "responstijd", "wachttijd", "levertijd", "beschikbaarheid", "verloop", "verzuim",
    "frequentie", "dekking", "betrokkenheid",
)
_NUMBER_WORDS = frozenset(
    {
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve",
        "twenty", "hundred", "thousand", "double", "doubles", "halve", "halves", "triple", "triples", "nul",
        "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "twaalf", "twintig",
        "honderd", "duizend", "verdubbelen", "verdubbelt", "verdubbel", "halveren", "halveert", "halveer",
        "verdrievoudigen",
    }
)

# --- cleaning --------------------------------------------------------------------------------------------

_MONTHS = (
    "jan|january|januari|feb|february|februari|mar|march|maart|mrt|apr|april|may|mei|jun|june|juni|jul|"
    "july|juli|aug|august|augustus|sep|sept|september|oct|october|okt|oktober|nov|november|dec|december"
)
_CALENDAR = re.compile(
    rf"\b\d{{1,2}}\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\s+\d{{1,2}}\b|\b(?:19|20)\d{{2}}\b|\b[qh][1-4]\b"
)
_LABEL = re.compile(r"^\s*(?:[-*•]+|kr\s*\d*\s*[:.)-]|\d+[.)](?=\s))\s*")
MAX_CHARS = 500
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def clean(title: object) -> str:
    """Lower-cased, NFKC-normalised title without list markers such as ``KR2:`` or ``- ``.

    Only the first ``MAX_CHARS`` characters are read, which keeps the regexes fast on pasted essays.
    """
    text = unicodedata.normalize("NFKC", "" if title is None else str(title))[:MAX_CHARS].lower()
    return " ".join(_LABEL.sub("", text).split())


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def _without_calendar(text: str) -> str:
    # Years, quarters and dates say when, not how much.
    return _CALENDAR.sub(" ", text)


def has_digit(text: str) -> bool:
    """Whether a cleaned title holds a digit that isn't part of a date, year or quarter."""
    return bool(re.search(r"\d", _without_calendar(text)))


def has_number(text: str) -> bool:
    """Whether a cleaned title states a quantity (a digit or a number word), dates and quarters aside."""
    return has_digit(text) or any(w in _NUMBER_WORDS for w in words(text))


def is_metric_like(text: str) -> bool:
    """Whether a cleaned title names something you measure (``conversion rate``, ``klanttevredenheid``)."""
    return any(_is_metric_word(w) for w in words(text))


def _is_metric_word(word: str) -> bool:
    for stem in _METRIC_WORDS:
        if word in (stem, stem + "s"):
            return True
        # Compounds: "conversieratio", "testdekking", "klanttevredenheidscijfer"; short stems only at the end
        # so that "sharepoint" or "scoreboard" stay out.
        if (len(stem) >= 5 and word.endswith(stem)) or (len(stem) >= 8 and stem in word):
            return True
    return False


def states_measure(text: str) -> bool:
    """Whether a cleaned title expresses a measured result: a from/to change or a number with a comparison."""
    text = _without_calendar(text)
    if _FROM_TO.search(text) or _OR_MORE.search(text):
        return True
    if any(_is_measure(match) for match in _COMPARISON.finditer(text)):
        return True
    if any(_is_share(match) for match in _SHARE.finditer(text)):
        return True
    if not has_digit(text):
        return False
    tokens = words(text)
    return any(w in _CHANGE_WORDS for w in tokens) or any(_is_metric_word(w) for w in tokens)


def _is_measure(match: re.Match[str]) -> bool:
    unit = match.group("unit") or ""
    if unit in _DEADLINE_UNITS:
        return False
    return not (match.group("word") == "onder" and unit in _POPULATIONS)


def _is_share(match: re.Match[str]) -> bool:
    before = match.group("before") or ""
    return before not in _NOT_A_SHARE and before not in EN_LEADING and before not in NL_LEADING


def names_new_thing(text: str) -> bool:
    """Whether a cleaned title only names something new ("new careers page"), i.e. a deliverable."""
    return bool(_NEW_THING.match(text))


def has_from_to(text: str) -> bool:
    return bool(_FROM_TO.search(_without_calendar(text)))


def reads_as_activity(text: str) -> bool:
    """Whether a cleaned title is phrased as work to do, in English or Dutch, wherever the verb sits."""
    tokens = words(_without_calendar(_EN_SUBJECT.sub("", text)))
    while tokens and tokens[0] in _EN_ADVERBS:
        tokens = tokens[1:]
    if not tokens:
        return False
    if _GO_LIVE.search(text):
        return True
    if tokens[0] in EN_LEADING or tokens[0] in NL_LEADING or any(w in NL_ANYWHERE for w in tokens):
        return True
    return any(_is_finished_task(tokens, i) for i, w in enumerate(tokens) if w in EN_DONE)


def _is_finished_task(tokens: list[str], i: int) -> bool:
    before = tokens[i - 1] if i > 0 else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    if i == 0:
        return not after or after in _EN_OBJECT_START or after.isdigit()
    return not after or before in _EN_AUX or after in _EN_QUALIFIERS


def normalised(title: object) -> str:
    """A title reduced for comparison: no case, punctuation or extra spaces."""
    return " ".join(words(clean(title)))
