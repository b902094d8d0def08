"""The Dutch side of reading work in a key result: verbs of work in their Dutch forms and places.

Dutch puts the infinitive or participle at the end of the clause ("kennisbank opzetten voor het supportteam",
"12 webinars georganiseerd"), the finite verb second ("We organiseren ...", "Het team presenteert ..."), and
splits separable verbs ("Jullie zetten een panel op", "Voer een onderzoek uit").
"""

from __future__ import annotations

from handlers import _lint_words as lexicon

# Per form of a verb of work: its infinitive, and the particle that must follow a finite form for it to count.
NL_ANYWHERE: dict[str, str] = {}
NL_FINITE: dict[str, list[tuple[str, str]]] = {}  # form -> [(infinitive, particle or "")]
for _inf, _stem, _done, _particle in lexicon.NL_VERBS:
    NL_ANYWHERE[_inf] = NL_ANYWHERE[_done] = _inf
    _core = _inf[len(_particle):] if _particle else _inf
    for _form in {_stem, _stem + "t", _core, _stem + "de", _stem + "te", _stem + "den", _stem + "ten"}:
        NL_FINITE.setdefault(_form, []).append((_inf, _particle))
NL_LEADING = frozenset(stem for _, stem, _, _ in lexicon.NL_VERBS)

_DETERMINERS = frozenset({"het", "de", "ons", "onze", "mijn", "elk", "elke", "iedere", "alle", "the", "our"})
_DUTCH_MARKERS = frozenset({"de", "het", "een", "van", "naar", "voor", "met", "en", "aan", "uit", "bij", "onze",
                            "ons", "jullie", "wij", "ik", "dat", "die", "wordt", "worden", "nieuwe", "alle", "elke",
                            "zijn", "niet", "meer", "binnen", "minstens", "ook", "wekelijks", "opnieuw", "nieuw"})
# Work whose object is people: "Klanten bellen", "Klanten contacteren over ..." stay work.
REACHES_PEOPLE = frozenset({"contacteren", "bellen", "nabellen", "bezoeken", "benaderen", "mailen", "uitnodigen",
                            "interviewen", "trainen", "opleiden", "begeleiden", "coachen", "inwerken", "werven",
                            "aannemen", "informeren", "enquêteren"})


def imperative(tokens: list[str]) -> str | None:
    """"Voer een onderzoek uit", "Organiseer 3 webinars": a Dutch imperative opening the title."""
    for infinitive, particle in NL_FINITE.get(tokens[0], ()):
        stem = next(s for inf, s, _, _ in lexicon.NL_VERBS if inf == infinitive)
        if tokens[0] == stem and (not particle or particle in tokens[1:]):
            return infinitive if looks_dutch(tokens) or particle else None
    return None


def finite(tokens: list[str], i: int) -> str | None:
    """The infinitive of a finite Dutch verb of work at ``i`` ("presenteert", "we zetten ... op"), or None."""
    if i == 0 or not looks_dutch(tokens):
        return None
    for infinitive, particle in NL_FINITE.get(tokens[i], ()):
        if particle and particle in tokens[i + 1:]:
            return infinitive
        if not particle and tokens[i - 1] not in _DETERMINERS and not tokens[i - 1][0].isdigit():
            return infinitive
    return None


def looks_dutch(tokens: list[str]) -> bool:
    return any(w in _DUTCH_MARKERS for w in tokens)


def noun_not_verb(tokens: list[str], i: int) -> bool:
    """Dutch infinitives that double as plural nouns ("10.000 bezoeken") are verbs only at the clause's end."""
    return tokens[i] in lexicon.NL_ALSO_NOUNS and i + 1 < len(tokens)
