"""What the demo's simulated people write, in one pool per kind of answer and per language.

The pools share no sentence: a manager reads development answers, blockers and reflections under a name, so a
sentence in an anonymous leadership aggregate must never be one of those, or the aggregate would name its author.
Each pool is dealt like a deck of cards, so nobody writes the same learning for two objectives while the pool lasts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

POOLS: dict[str, dict[str, tuple[str, ...]]] = {
    "up": {  # a check-in's "what would move your confidence one level up?"
        "en": ("A clear yes from the pilot customers", "Two more days of focus time", "Data from the new dashboard",
               "A decision on the pricing page", "A second reviewer on the tricky changes"),
        "nl": ("Een duidelijk ja van de pilotklanten", "Twee dagen focustijd extra", "Cijfers uit het nieuwe dashboard",
               "Een besluit over de prijspagina", "Iemand die meekijkt met de lastige tickets"),
    },
    "blocker": {  # a check-in's "anything blocking you?": the team channel reads it next to the key result
        "en": ("Waiting for the data team", "Release freeze until the 15th", "Half the team is out sick",
               "The staging environment is down again"),
        "nl": ("Wachten op het datateam", "Releasestop tot de 15e", "De helft van het team is ziek",
               "De testomgeving ligt er weer uit"),
    },
    "dev_why": {  # development mood check: the person and their manager read it under the person's name
        "en": ("My pull requests wait days for a review", "I learn a lot from pairing on the hard problems",
               "Nobody has talked about my next step yet", "I finally work on what I'm good at",
               "Feedback comes, but only in the yearly review"),
        "nl": ("Mijn wijzigingen wachten dagen op een review", "Ik leer veel van meelopen met een ervaren collega",
               "Over mijn volgende stap hebben we het nog niet gehad", "Ik doe eindelijk waar ik goed in ben",
               "Feedback krijg ik alleen in het jaargesprek"),
    },
    "lead_why": {  # leadership mood check: the manager reads it without a name, from three respondents on
        "en": ("I'd like more say in the roadmap", "The why behind our goals is always clear",
               "Decisions sometimes change without a word", "Our manager shields us from the noise",
               "Stand-ups feel like status reports to the boss"),
        "nl": ("Ik wil meer inspraak in de roadmap", "Het waarom achter onze doelen is altijd helder",
               "Besluiten veranderen soms zonder uitleg", "Onze leidinggevende houdt de ruis bij ons weg",
               "De stand-up voelt als verantwoording afleggen"),
    },
    "failure": {  # pre-mortem: the risks come back in the person's own check-ins and the team's summaries
        "en": ("The data team had no time for us", "We shipped too late to measure anything",
               "Half the team was pulled into the migration", "Sales promised a different flow",
               "Nobody owned the onboarding emails", "The pilot customers dropped out"),
        "nl": ("Te weinig mensen in de drukke weken", "De kennisbank kwam te laat live", "We bleven brandjes blussen",
               "Niemand schreef de artikelen", "Het ticketsysteem lag eruit", "De piek in december overviel ons"),
    },
    "minimum": {"en": ("The new flow live for every new customer", "A first report within a day for most customers"),
                "nl": ("Elke klant binnen een werkdag antwoord", "De tien meest gestelde vragen in de kennisbank")},
    "story": {"en": ("New customers told us it just works", "The pilot customers renewed without a discount"),
              "nl": ("Klanten noemden ons spontaan", "Een klant belde om te bedanken in plaats van te klagen")},
    "gain": {"en": ("Proof that small experiments pay off", "Evenings without urgent messages"),
             "nl": ("Rust in mijn week", "Minder vaak dezelfde vraag beantwoorden")},
    "achieved": {  # reflection: the team reads it under the person's name, per objective
        "en": ("Most of what we aimed for", "Faster onboarding, though not yet for every customer",
               "The new flow shipped; people adopt it more slowly than we hoped", "A dashboard the team trusts"),
        "nl": ("Snellere antwoorden", "Minder tickets die terugkomen", "De kennisbank staat, al groeit het gebruik "
               "langzaam", "Een vaste werkwijze voor de drukke dagen"),
    },
    "learned": {
        "en": ("Measure from week one", "Small experiments beat big plans",
               "Customers tell us more on a call than in a survey", "A shared definition of done saves weeks",
               "Pairing on onboarding calls spreads what works", "The first numbers are always messier than expected",
               "Write the help article before the feature ships", "A weekly demo keeps everyone honest"),
        "nl": ("Vroeg meten helpt", "Kleine experimenten werken beter dan grote plannen",
               "Klanten vertellen aan de telefoon meer dan in een enquête", "Een artikel schrijven kost twee keer zo "
               "lang als we dachten", "Samen tickets oppakken leert sneller dan een handleiding",
               "Zelfservice werkt alleen als de zoekfunctie goed is", "Een vaste dag voor de kennisbank werkt",
               "De drukste uren zijn voorspelbaar"),
    },
    "differently": {
        "en": ("Start the risky part first", "Fewer key results, more focus", "Talk to sales every month, "
               "not every quarter", "Agree on the baseline before the quarter starts",
               "Ask the pilot customers before we build", "Say no to side projects in the last month",
               "Share the numbers with the team every week", "Plan the holidays into the quarter"),
        "nl": ("Eerder om hulp vragen", "Minder key results, meer focus", "Rekening houden met de feestdagen",
               "De startwaarde meten voordat het kwartaal begint", "Eerst de tien meest gestelde vragen oppakken",
               "Wekelijks samen naar de cijfers kijken", "Nieuwe collega's meteen laten meeschrijven",
               "De drukke weken vooraf inroosteren"),
    },
    "one_up": {
        "en": ("One more engineer in October", "A pricing decision before the quarter starts",
               "Fewer projects running at once"),
        "nl": ("Een extra collega in december", "Eerder duidelijkheid over de prioriteiten",
               "Minder projecten tegelijk"),
    },
}


SURVEY_QUESTIONS = ("minimum", "story", "gain", "achieved", "learned", "differently", "one_up")  # open, one pool each


@dataclass
class Texts:
    """Deals the pools' sentences from a seeded random source: each pool in turn, reshuffled once it is used up."""

    rng: random.Random
    decks: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def deal(self, kind: str, locale: str) -> str:
        deck = self.decks.setdefault((kind, locale), [])
        if not deck:
            deck.extend(self.rng.sample(POOLS[kind][locale], len(POOLS[kind][locale])))
        return deck.pop()

    def deal_distinct(self, kind: str, locale: str, count: int) -> list[str]:
        """``count`` different sentences of one pool (the pool must hold that many)."""
        dealt: list[str] = []
        while len(dealt) < count:
            text = self.deal(kind, locale)
            if text not in dealt:
                dealt.append(text)
        return dealt
