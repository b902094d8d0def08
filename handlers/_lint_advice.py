"""What the linter says about work written as a key result, and which outcome it suggests instead.

The suggestion follows the topic of the title ("4 case studies" -> a win rate, "call 40 customers" -> renewals);
the texts are in ``prompts/locales/<locale>/lint.yaml`` under ``lint.example.<topic>``.
"""

from __future__ import annotations

import re

from handlers import _lint_rules as rules
from handlers._lint_activity import Activity
from prompts import t

# topic -> stems that point to it, checked in this order; the first hit wins.
_TOPICS = (
    ("sales", ("case", "stud", "proposal", "offert", "quote", "demo", "pitch", "deal", "voorstel", "verkoop")),
    ("marketing", ("post", "blog", "article", "artikel", "webinar", "newsletter", "nieuwsbrief", "campaign",
                   "campagne", "video", "instagram", "linkedin", "social", "content", "podcast", "advert",
                   "event", "evenement", "publi", "tweet", "mail")),
    ("research", ("survey", "interview", "research", "enquête", "onderzoek", "feedback", "respons", "reactie",
                  "klantonderzoek", "klanttevredenheidsonderzoek")),
    ("customers", ("call", "bel", "contact", "visit", "bezoek", "klant", "customer", "client", "partner",
                   "lapsed", "inactie")),
    ("hiring", ("hire", "recruit", "werv", "aanne", "aangenom", "vacature", "engineer", "salespe", "verkoper")),
    ("training", ("train", "course", "cursus", "workshop", "opleid", "mentor", "coach", "onboard", "inwerk",
                  "hackathon", "talk", "presentat")),
    ("product", ("launch", "lanceer", "lancer", "website", "site", "feature", "app", "ship", "release", "portal",
                 "portaal", "checkout", "dashboard", "live", "mode", "api")),
    ("operations", ("process", "proces", "tool", "crm", "automat", "implement", "migrat", "system", "systeem",
                    "document", "kennisbank", "wiki", "bug", "fix", "oploss", "install", "deploy", "default",
                    "standaard")),
)


def activity_message(work: Activity, title: str, locale: str) -> str:
    """Why ``title`` reads as work, what to ask about it, and an outcome of the same topic as an example."""
    example = t(locale, f"lint.example.{topic(title)}")
    if work.shape == "count":
        return t(locale, "lint.activity_count", title=title, count=work.what, example=example)
    if work.shape == "thing":
        return t(locale, "lint.activity_thing", title=title, example=example)
    return t(locale, "lint.activity", title=title, example=example)


def topic(title: str) -> str:
    tokens = rules.words(rules.clean(title))
    for name, stems in _TOPICS:
        if any(w.startswith(stems) for w in tokens):
            return name
    return "general"


_VAGUE = re.compile(
    r"\b(?:improve\w*|better|enhance\w*|strengthen\w*|boost\w*|increase|increasing|grow|growing|raise|reduce|"
    r"decrease|lower|more|less|fewer|maximi[sz]e|minimi[sz]e|focus\w*|central|best|excellent|world.class|"
    r"great|seamless\w*|smooth\w*|effective\w*|efficient\w*|successful\w*|further|sound|"
    r"verbeter\w*|beter\w*|versterk\w*|vergro\w*|verhog\w*|verlag\w*|verminder\w*|meer|minder|centraal|"
    r"optimaal|beste|uitstekend\w*|goede?|effectiever|efficiënter|succesvol\w*|groei\w*|stimuler\w*)\b"
)


def is_vague(text: str) -> bool:
    """A cleaned title that says which way ("improve", "better", "meer", "staat centraal") but not how far."""
    return rules.names_metric_only(text) or (bool(_VAGUE.search(text)) and not rules.has_target(text))


_HYPE = frozenset({
    "best", "greatest", "number", "one", "#1", "world-class", "world", "class", "excellent", "excellence",
    "leading", "leader", "top", "amazing", "awesome", "great", "finest", "beste", "grootste",
    "nummer", "één", "toonaangevend", "toonaangevende", "uitstekend", "uitstekende", "excellentie", "centraal",
    "fantastisch", "geweldig", "geweldige", "marktleider", "winning", "winnen", "win", "succesvol", "success",
    "succes", "perfect", "perfectie", "awesomeness", "simply", "gewoon",
})
_FILLER = frozenset({
    "we", "are", "be", "is", "the", "a", "an", "our", "us", "to", "become", "becoming", "wij", "zijn", "de",
    "het", "een", "onze", "ons", "worden", "wordt", "staat", "staan", "in", "of", "van", "and", "en", "all",
    "alles", "everything", "always", "altijd", "at", "op", "it", "dit", "this", "will", "zullen", "just", "really",
    "echt", "heel", "very", "most", "meest", "ever", "ooit",
})


def is_slogan(text: str) -> bool:
    """An objective that only cheers: "We are the best", "Excellence", "De klant staat centraal"."""
    tokens = rules.words(text)
    content = [w for w in tokens if w not in _FILLER and w not in _HYPE]
    return bool(tokens) and any(w in _HYPE for w in tokens) and len(content) <= 1
