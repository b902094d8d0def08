"""Word lists behind the OKR linter, in English and Dutch, with the verb forms derived from them."""

from __future__ import annotations

# --- English verbs of work ----------------------------------------------------------------------------------
# Doing these is work; what they change is the outcome. Verbs whose object is itself a result ("add customers",
# "win deals", "generate leads", "book renewals", "grow revenue") are not here.
EN_VERBS = (
    "run", "launch", "relaunch", "organise", "organize", "implement", "write", "rewrite", "build", "rebuild",
    "create", "develop", "design", "redesign", "introduce", "deliver", "ship", "release", "publish", "hold", "host",
    "conduct", "do", "perform", "start", "begin", "kick", "plan", "prepare", "complete", "finalise", "finalize",
    "migrate", "install", "deploy", "update", "upgrade", "refactor", "roll", "set", "setup", "test", "train",
    "hire", "recruit", "attend", "visit", "call", "phone", "email", "send", "make", "research", "investigate",
    "explore", "define", "document", "schedule", "arrange", "review", "analyse", "analyze", "integrate",
    "automate", "establish", "replace", "move", "work", "continue", "fix", "clean", "draft", "produce",
    "facilitate", "coordinate", "evaluate", "assess", "audit", "translate", "present", "pilot", "prototype",
    "interview", "survey", "expand", "streamline", "revamp", "overhaul", "refresh", "standardise", "standardize",
    "consolidate", "optimise", "optimize", "switch", "adopt", "contact", "post", "collect", "gather",
    "distribute", "feature", "amplify", "execute", "onboard", "enable", "merge", "contribute", "participate",
    "teach", "mentor", "coach", "record", "film", "print", "tweet", "blog", "share", "promote",
    "advertise", "sponsor", "renegotiate", "negotiate", "map", "identify", "highlight", "choose", "select",
    "decide", "agree", "configure", "register", "submit", "apply", "follow", "approach",
    "demo", "pitch", "invite", "nominate", "celebrate", "moderate", "curate", "compile",
    "finish",
)
# Forms the -ing/-ed/-s rules get wrong: base -> (-ing form, past forms).
EN_IRREGULAR: dict[str, tuple[str, tuple[str, ...]]] = {
    "run": ("running", ("ran", "run")), "write": ("writing", ("wrote", "written")),
    "rewrite": ("rewriting", ("rewrote", "rewritten")), "build": ("building", ("built",)),
    "rebuild": ("rebuilding", ("rebuilt",)), "hold": ("holding", ("held",)), "do": ("doing", ("did", "done")),
    "begin": ("beginning", ("began", "begun")), "set": ("setting", ("set",)), "make": ("making", ("made",)),
    "send": ("sending", ("sent",)), "ship": ("shipping", ("shipped",)), "plan": ("planning", ("planned",)),
    "setup": ("setup", ()), "teach": ("teaching", ("taught",)), "choose": ("choosing", ("chose", "chosen")),
    "map": ("mapping", ("mapped",)), "film": ("filming", ("filmed",)), "demo": ("demoing", ("demoed",)),
    "kick": ("kicking", ("kicked",)), "roll": ("rolling", ("rolled",)), "pitch": ("pitching", ("pitched",)),
}
# Said with a count these reach a result ("finish two triathlons"); without one they are work ("finish the docs").
EN_WORK_WITHOUT_COUNT = frozenset({"finish", "finishes", "finished", "finishing", "complete", "completes",
                                   "completed", "completing"})


def en_forms(base: str) -> tuple[str, str, tuple[str, ...]]:
    """The -ing form, the third person and the past forms of an English verb."""
    third = base + "es" if base.endswith(("s", "sh", "ch", "x", "z", "o")) else base + "s"
    if base.endswith("y") and base[-2] not in "aeiou":
        third = base[:-1] + "ies"
    if base in EN_IRREGULAR:
        ing, pasts = EN_IRREGULAR[base]
        return ing, third, pasts
    if base.endswith("e"):
        return base[:-1] + "ing", third, (base + "d",)
    if base.endswith("y") and base[-2] not in "aeiou":
        return base + "ing", third, (base[:-1] + "ied",)
    return base + "ing", third, (base + "ed",)


# --- Dutch verbs of work ------------------------------------------------------------------------------------
# (infinitive, stem, past participle, particle). A separable verb keeps its particle in the infinitive and the
# participle ("uitvoeren", "uitgevoerd") and puts it at the end of the clause when finite ("voer ... uit",
# "we zetten ... op"), so its finite forms only count when the particle follows.
NL_VERBS = (
    ("uitvoeren", "voer", "uitgevoerd", "uit"), ("organiseren", "organiseer", "georganiseerd", ""),
    ("lanceren", "lanceer", "gelanceerd", ""), ("implementeren", "implementeer", "geïmplementeerd", ""),
    ("invoeren", "voer", "ingevoerd", "in"), ("opzetten", "zet", "opgezet", "op"),
    ("bouwen", "bouw", "gebouwd", ""), ("schrijven", "schrijf", "geschreven", ""),
    ("herschrijven", "herschrijf", "herschreven", ""), ("ontwikkelen", "ontwikkel", "ontwikkeld", ""),
    ("maken", "maak", "gemaakt", ""), ("houden", "houd", "gehouden", ""), ("starten", "start", "gestart", ""),
    ("opstarten", "start", "opgestart", "op"), ("introduceren", "introduceer", "geïntroduceerd", ""),
    ("uitrollen", "rol", "uitgerold", "uit"), ("opleveren", "lever", "opgeleverd", "op"),
    ("leveren", "lever", "geleverd", ""), ("migreren", "migreer", "gemigreerd", ""),
    ("installeren", "installeer", "geïnstalleerd", ""), ("ontwerpen", "ontwerp", "ontworpen", ""),
    ("herontwerpen", "herontwerp", "herontworpen", ""), ("publiceren", "publiceer", "gepubliceerd", ""),
    ("plannen", "plan", "gepland", ""), ("inplannen", "plan", "ingepland", "in"),
    ("voorbereiden", "bereid", "voorbereid", "voor"), ("afronden", "rond", "afgerond", "af"),
    ("opstellen", "stel", "opgesteld", "op"), ("inrichten", "richt", "ingericht", "in"),
    ("aannemen", "neem", "aangenomen", "aan"), ("werven", "werf", "geworven", ""),
    ("trainen", "train", "getraind", ""), ("opleiden", "leid", "opgeleid", "op"),
    ("bezoeken", "bezoek", "bezocht", ""), ("bellen", "bel", "gebeld", ""), ("nabellen", "bel", "nagebeld", "na"),
    ("versturen", "verstuur", "verstuurd", ""), ("sturen", "stuur", "gestuurd", ""),
    ("uitsturen", "stuur", "uitgestuurd", "uit"), ("testen", "test", "getest", ""),
    ("automatiseren", "automatiseer", "geautomatiseerd", ""), ("integreren", "integreer", "geïntegreerd", ""),
    ("documenteren", "documenteer", "gedocumenteerd", ""), ("vernieuwen", "vernieuw", "vernieuwd", ""),
    ("doen", "doe", "gedaan", ""), ("realiseren", "realiseer", "gerealiseerd", ""),
    ("definiëren", "definieer", "gedefinieerd", ""), ("afnemen", "neem", "afgenomen", "af"),
    ("geven", "geef", "gegeven", ""), ("onderzoeken", "onderzoek", "onderzocht", ""),
    ("opschonen", "schoon", "opgeschoond", "op"), ("uitbrengen", "breng", "uitgebracht", "uit"),
    ("interviewen", "interview", "geïnterviewd", ""), ("evalueren", "evalueer", "geëvalueerd", ""),
    ("analyseren", "analyseer", "geanalyseerd", ""), ("vertalen", "vertaal", "vertaald", ""),
    ("presenteren", "presenteer", "gepresenteerd", ""), ("regelen", "regel", "geregeld", ""),
    ("inzetten", "zet", "ingezet", "in"), ("aanpassen", "pas", "aangepast", "aan"),
    ("uitwerken", "werk", "uitgewerkt", "uit"), ("aanschaffen", "schaf", "aangeschaft", "aan"),
    ("aanbieden", "bied", "aangeboden", "aan"), ("verzamelen", "verzamel", "verzameld", ""),
    ("inventariseren", "inventariseer", "geïnventariseerd", ""), ("kiezen", "kies", "gekozen", ""),
    ("faciliteren", "faciliteer", "gefaciliteerd", ""), ("inwerken", "werk", "ingewerkt", "in"),
    ("overstappen", "stap", "overgestapt", "over"), ("uitbreiden", "breid", "uitgebreid", "uit"),
    ("verhuizen", "verhuis", "verhuisd", ""), ("bijwonen", "woon", "bijgewoond", "bij"),
    ("opruimen", "ruim", "opgeruimd", "op"), ("herzien", "herzie", "herzien", ""),
    ("updaten", "update", "geüpdatet", ""), ("upgraden", "upgrade", "geüpgraded", ""),
    ("uitzoeken", "zoek", "uitgezocht", "uit"), ("aanvragen", "vraag", "aangevraagd", "aan"),
    ("optimaliseren", "optimaliseer", "geoptimaliseerd", ""), ("afleggen", "leg", "afgelegd", "af"),
    ("contacteren", "contacteer", "gecontacteerd", ""), ("benaderen", "benader", "benaderd", ""),
    ("mailen", "mail", "gemaild", ""), ("posten", "post", "gepost", ""), ("delen", "deel", "gedeeld", ""),
    ("bijwerken", "werk", "bijgewerkt", "bij"), ("oplossen", "los", "opgelost", "op"),
    ("verspreiden", "verspreid", "verspreid", ""), ("uitdelen", "deel", "uitgedeeld", "uit"),
    ("deelnemen", "neem", "deelgenomen", "deel"),
    ("meedoen", "doe", "meegedaan", "mee"), ("herstructureren", "herstructureer", "geherstructureerd", ""),
    ("identificeren", "identificeer", "geïdentificeerd", ""), ("elimineren", "elimineer", "geëlimineerd", ""),
    ("afhandelen", "handel", "afgehandeld", "af"), ("reorganiseren", "reorganiseer", "gereorganiseerd", ""),
    ("samenvoegen", "voeg", "samengevoegd", "samen"), ("scheiden", "scheid", "gescheiden", ""),
    ("afmaken", "maak", "afgemaakt", "af"), ("afspreken", "spreek", "afgesproken", "af"),
    ("vastleggen", "leg", "vastgelegd", "vast"), ("markeren", "markeer", "gemarkeerd", ""),
    ("ombouwen", "bouw", "omgebouwd", "om"), ("volgen", "volg", "gevolgd", ""),
    ("toepassen", "pas", "toegepast", "toe"), ("heronderhandelen", "heronderhandel", "heronderhandeld", ""),
    ("onderhandelen", "onderhandel", "onderhandeld", ""), ("uitnodigen", "nodig", "uitgenodigd", "uit"),
    ("begeleiden", "begeleid", "begeleid", ""), ("coachen", "coach", "gecoacht", ""),
    ("vervullen", "vervul", "vervuld", ""), ("verzenden", "verzend", "verzonden", ""),
    ("informeren", "informeer", "geïnformeerd", ""), ("inhuren", "huur", "ingehuurd", "in"),
)
# Dutch infinitives that are also plural nouns ("10.000 bezoeken", "aanvragen"): a verb only at the clause's end.
NL_ALSO_NOUNS = frozenset({"bezoeken", "aanvragen", "plannen", "testen", "delen", "posten"})

# --- results ------------------------------------------------------------------------------------------------
# What a count of is a result others produce, not work of the team: "25 paying customers", "8 renewals".
RESULT_NOUNS = frozenset({
    "customer", "customers", "client", "clients", "user", "users", "member", "members", "subscriber",
    "subscribers", "signup", "signups", "sign-up", "sign-ups", "registration", "registrations", "download",
    "downloads", "visit", "visits", "visitor", "visitors", "lead", "leads", "deal", "deals", "renewal",
    "renewals", "order", "orders", "sale", "sales", "booking", "bookings", "reference", "references", "mention",
    "mentions", "install", "installs", "installations", "trial", "trials", "conversion", "conversions",
    "referral", "referrals", "meeting", "meetings", "demo", "demos", "opportunities", "opportunity", "accounts",
    "account", "contributors", "donors", "donations", "backers", "followers", "fans", "students", "graduates",
    "patients", "partners", "resellers", "applicants", "applications", "candidates", "hires", "triathlons",
    "marathons", "races", "kilometres", "kilometers", "km", "miles", "pounds", "kilos", "kg", "books",
    "klanten", "klant", "gebruikers", "leden", "abonnees", "aanmeldingen", "registraties", "bezoekers",
    "bezoeken", "verlengingen", "bestellingen", "boekingen", "referenties", "vermeldingen", "installaties",
    "deelnemers", "donateurs", "volgers", "studenten", "sollicitanten", "sollicitaties", "kandidaten",
    "afspraken", "opdrachten",
})
# Outputs of work: a count of these says how much was done, not what changed ("4 case studies", "30 posts").
DELIVERABLE_NOUNS = frozenset({
    "post", "posts", "blog", "blogs", "blogpost", "blogposts", "article", "articles", "study", "studies",
    "casestudy's", "case", "cases", "webinar", "webinars", "workshop", "workshops", "video", "videos", "guide",
    "guides", "talk", "talks", "training", "trainings", "session", "sessions", "campaign", "campaigns",
    "newsletter", "newsletters", "email", "emails", "mail", "mails", "mailing", "mailings", "feature",
    "features", "release", "releases", "report", "reports", "interview", "interviews", "survey", "surveys",
    "event", "events", "meetup", "meetups", "podcast", "podcasts", "episode", "episodes", "tutorial",
    "tutorials", "course", "courses", "page", "pages", "ad", "ads", "advert", "adverts", "proposal",
    "proposals", "quote", "quotes", "offertes", "offerte", "prototype", "prototypes", "experiment",
    "experiments", "call", "calls", "presentation", "presentations", "whitepaper", "whitepapers", "ebook",
    "ebooks", "tweets", "stories", "items", "flyers", "brochures", "templates", "playbooks", "dashboards",
    "hackathons", "hackathon", "bugs", "tasks", "taken", "artikelen",
    "berichten", "bericht", "trainingen", "sessies", "campagnes", "nieuwsbrieven", "evenementen",
    "presentaties", "handleidingen", "cursussen", "pagina's", "advertenties", "voorstellen", "inspiratieposts",
    "filmpjes", "gesprekken", "belrondes", "enquêtes", "klantinterviews", "testimonials",
    "casestudies", "illustrations", "illustraties",
})
# What work looks like named as a thing: "A mentoring programme for new team leads", "Swagger API documentation".
WORK_NOUNS = frozenset({
    "programme", "program", "programma", "documentation", "documentatie", "guide", "handleiding", "workshop",
    "training", "webinar", "campaign", "campagne", "plan", "policy", "beleid", "process", "proces", "tool",
    "dashboard", "portal", "portaal", "website", "site", "page", "pagina", "app", "api", "client", "service",
    "dienst", "feature", "mode", "modus", "integration", "integratie", "migration", "migratie", "revamp",
    "redesign", "herontwerp", "overhaul", "rollout", "uitrol", "pilot", "prototype", "strategy", "strategie",
    "roadmap", "framework", "playbook", "handbook", "handboek", "course", "cursus", "curriculum", "newsletter",
    "nieuwsbrief", "blog", "podcast", "event", "evenement", "talks", "presentation", "presentatie",
    "illustrations", "illustraties", "permissions", "rechten", "vernieuwing", "kennisbank", "knowledge",
    "wiki", "template", "sjabloon", "onboarding", "inwerkprogramma", "mentoring", "mentorprogramma",
    "coaching", "launch", "lancering", "implementation", "implementatie", "upgrade", "refactor", "refactoring",
    "audit", "review", "survey", "enquête", "onderzoek", "research", "study", "analysis", "analyse", "report",
    "rapport", "system", "systeem", "setup", "configuration", "configuratie",
    "checklist", "materials", "materiaal", "toolkit", "academy", "bootcamp", "hackathon", "meetup", "community",
})
