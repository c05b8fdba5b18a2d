"""Data only: cue verbs, titles, name words and patterns used by speakers.py.

Everything here is generic English news vocabulary; no names of real people.
"""

from __future__ import annotations

import re

# fmt: off

# ----------------------------------------------------------------- cue verbs
# Verbs of saying, in the forms news copy uses them (past, present, "-ing" is
# handled by SAYING below). Non-communicative verbs (think, want) are left out
# on purpose: the gold counts their sources as optional at best.
CUE_VERBS: tuple[str, ...] = (
    "said", "says", "say", "told", "tells", "added", "adds", "noted", "notes", "warned",
    "warns", "argued", "argues", "claimed", "claims", "asked", "asks", "wrote", "writes",
    "tweeted", "tweets", "explained", "explains", "insisted", "insists", "stated", "states",
    "declared", "declares", "announced", "announces", "acknowledged", "acknowledges",
    "admitted", "admits", "suggested", "suggests", "replied", "replies", "responded",
    "responds", "recalled", "recalls", "contended", "contends", "countered", "counters",
    "cautioned", "cautions", "predicted", "predicts", "complained", "complains", "conceded",
    "concedes", "emphasized", "emphasised", "emphasizes", "stressed", "stresses", "urged",
    "urges", "testified", "alleged", "alleges", "denied", "denies", "confirmed", "confirms",
    "joked", "jokes", "quipped", "quips", "mused", "muses", "posted", "observed", "observes",
    "remarked", "echoed", "reiterated", "repeated", "maintained", "maintains", "asserted",
    "asserts", "agreed", "agrees", "disagreed", "boasted", "boasts", "bragged", "lamented",
    "laments", "charged", "charges", "accused", "accuses", "blamed", "blames", "vowed", "vows",
    "declined", "declines", "respond", "comment", "likened",
    "pledged", "pledges", "promised", "promises", "threatened", "demanded", "demands",
    "questioned", "wondered", "speculated", "estimated", "concluded", "revealed", "reveals",
    "disclosed", "assured", "advised", "recommended", "proposed", "retorted", "snapped",
    "shouted", "yelled", "exclaimed", "emailed", "texted", "commented", "comments",
    "elaborated", "clarified", "objected", "protested", "criticized", "criticised",
    "criticizes", "slammed", "blasted", "defended", "defends", "reported", "reports",
    "informed", "indicated", "indicates", "signaled", "hinted", "described", "describes",
    "called", "calls", "praised", "praises", "dismissed", "condemned", "denounced",
    "mocked", "attacked", "thanked", "apologized", "reminded", "reminds", "wrote",
    "pointed out", "points out", "went on", "goes on", "shot back", "fired back",
    "weighed in", "chimed in", "spoke", "speaks", "puts it", "put it", "testified",
    "announced", "argued", "tweeted", "hit back", "summed up", "acknowledged",
)

# "Jane Doe issued a statement", "released an extraordinary statement saying": these
# verbs are cues before a statement.
STATEMENT_VERBS: frozenset[str] = frozenset({"issued", "issues", "released", "releases"})
STATEMENT = re.compile(r"\s+(?:a|an)\s+(?:[a-z-]+\s+){0,2}statement\b")

# Cue verbs followed by these words are no statement ("reported from Kabul": a byline).
NOT_CUES: tuple[str, ...] = (
    "reported from", "contributed reporting", "called off", "calls off", "asked for",
)

# Verbs that take their speaker from the right after a quote: '"...," said Chu.'
INVERSION_VERBS: tuple[str, ...] = (
    "said", "says", "added", "adds", "noted", "notes", "asked", "asks", "wrote", "writes",
    "explained", "continued", "recalled", "warned", "argued", "insisted", "replied",
    "responded", "countered", "tweeted", "told", "declared", "observed", "remarked",
    "cautioned", "complained", "conceded", "quipped", "joked", "stressed", "concluded",
    "predicted", "acknowledged", "admitted", "suggested", "emphasized", "agreed",
)

# Words that may sit between the subject and the cue: "Chu also said", "Feng has long argued".
ADVERB_TAIL = re.compile(
    r"(?:\s+(?:also|has|have|had|would|will|could|later|then|previously|once|again|often|"
    r"repeatedly|recently|publicly|privately|himself|herself|first|initially|further|"
    r"simply|quickly|flatly|bluntly|openly|frequently|never|always|even|only|just|"
    r"reportedly|separately|earlier|since|long|already|subsequently|similarly|likewise|"
    r"however|instead|still|now|yet|ultimately|immediately|sharply|angrily|calmly|"
    r"explicitly|specifically|tersely|flatly|loudly|quietly|eventually|famously|[a-z]+ly|"
    r"has\s+long|had\s+long|went\s+on\s+to|did\s+not|didn't|"
    r"on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"last\s+(?:week|month|year|night)|this\s+(?:week|month|year)|"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"in\s+(?:a|an|his|her)\s+(?:statement|interview|email|tweet|speech))\s*)+$"
)

# A quote signed with a dash: '..." ― Jane Doe', tweets '— Jane Doe (@jdoe) May 1'.
DASH_SIGNATURE = re.compile(
    r"[”\"]\s*[―—–]+\s*(?=[A-Z])"  # after a closing quote
    r"|[―—–]\s*(?=[^()]{3,40}\(@\w)"  # before a handle: tweets
)
# 'Jane Doe, The Daily Planet: "..."' or 'Jane Doe: "..."' opening a paragraph.
COLON_LEAD = re.compile(r"^[^:“\"]{2,80}:\s*[“\"]")

# Passive forms: "Smith was told" makes Smith the listener, not the speaker.
PASSIVE_TAIL = re.compile(r"\b(?:was|were|been|being|is|are|be|get|got)\s*$")

# ---------------------------------------------------------------- pronouns
MALE_PRONOUNS: frozenset[str] = frozenset({"he"})
FEMALE_PRONOUNS: frozenset[str] = frozenset({"she"})

# ------------------------------------------------------------------ titles
# Honorifics that also tell the gender.
MALE_TITLES: frozenset[str] = frozenset({"mr", "sir", "lord", "king", "prince", "father"})
FEMALE_TITLES: frozenset[str] = frozenset(
    {"mrs", "ms", "miss", "madam", "dame", "lady", "queen", "princess", "sister"}
)
# Titles and role words that precede a name and are never part of it.
TITLES: frozenset[str] = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sen", "senator", "sens",
    "rep", "reps", "representative", "congressman", "congresswoman", "gov", "governor",
    "president", "vice", "gen", "general", "lt", "col", "maj", "capt", "cmdr", "sgt", "adm",
    "admiral", "rev", "reverend", "sir", "dame", "lord", "lady", "judge", "justice", "chief",
    "secretary", "minister", "premier", "chancellor", "mayor", "former", "then", "deputy",
    "assistant", "acting", "director", "chairman", "chairwoman", "chair", "speaker",
    "leader", "ambassador", "envoy", "commissioner", "sheriff", "officer", "detective",
    "attorney", "councilman", "councilwoman", "candidate", "nominee", "democrat",
    "democrats", "republican", "republicans", "democratic", "gop", "independent",
    "libertarian", "conservative", "liberal", "pope", "king", "queen", "prince", "princess",
    "father", "sister", "brother", "madam", "coach", "captain", "sergeant", "colonel",
    "lieutenant", "corporal", "private", "agent", "inspector", "superintendent", "dean",
    "provost", "rabbi", "imam", "bishop", "cardinal", "ceo", "cfo", "coo", "founder",
    "executive", "spokesman", "spokeswoman", "spokesperson", "analyst", "economist",
    "state", "foreign", "defense", "defence", "homeland", "interior", "treasury",
    "economy", "finance", "trade", "labor", "labour", "health", "education", "energy",
    "commerce", "transportation", "agriculture", "special", "senior", "junior", "top",
    "national", "federal", "u.s", "us", "un", "eu", "nato", "white", "house", "majority",
    "minority", "whip", "presidential", "vice-presidential", "first", "prime", "supreme",
    "court", "district", "circuit", "county", "city", "council", "campaign", "party",
    "press", "security", "intelligence", "staff", "manager", "adviser", "advisor",
    "aide", "counsel", "strategist", "pollster", "host", "anchor", "reporter", "columnist",
    "editor", "author", "activist", "lawyer", "attorney-general", "solicitor",
    "senators", "representatives", "governors", "presidents", "secretaries", "ministers",
    "coordinator", "organizer", "official", "head", "member", "partner", "fellow", "scholar",
    "researcher", "lecturer", "student", "teacher", "principal", "owner", "lawmaker",
    "legislator", "delegate", "surrogate", "consultant", "operative", "commander",
    "correspondent", "moderator", "commentator", "journalist", "producer", "director-general",
    "spokesmen", "officials", "chairs", "co-chair", "co-founder", "cofounder", "president-elect",
    "ex", "retired", "longtime", "veteran", "nominees", "candidates", "mayor-elect",
    "counselor", "del", "regent", "trustee", "treasurer", "clerk",
    "councilmember", "councilmembers", "councillor", "councilor", "alderman", "alderwoman",
    "assemblyman", "assemblywoman", "assemblymember", "supervisor", "selectman",
    "selectwoman", "comptroller", "controller", "auditor", "magistrate", "marshal",
    "constable", "prosecutor", "archbishop", "pastor", "cleric", "ayatollah", "sheikh",
    "sheik", "emir", "sultan", "chairperson", "vice-chair", "vice-president", "vice-premier",
    "undersecretary", "under-secretary", "secretary-general", "governor-general",
    "prime-minister", "mp", "mep", "msp", "mla", "physician", "nurse", "doctor", "chef",
    "crown", "grand", "mme", "mlle", "messrs",
})

# Words of TITLES that qualify a role ("Former", "Deputy", "Foreign", "Republican") or
# name an office ("State", "Council") without being one: they are kept out of a name, but
# only the other title words (roles, ranks, honorifics) say that the bearer is a person.
TITLE_MODIFIERS: frozenset[str] = frozenset({
    "vice", "former", "then", "deputy", "assistant", "acting", "chief", "general", "foreign",
    "defense", "defence", "homeland", "interior", "treasury", "economy", "finance", "trade",
    "labor", "labour", "health", "education", "energy", "commerce", "transportation",
    "agriculture", "special", "senior", "junior", "top", "majority", "minority",
    "presidential", "vice-presidential", "first", "prime", "supreme", "circuit", "security",
    "intelligence", "ex", "retired", "longtime", "veteran", "private", "independent",
    "conservative", "liberal", "libertarian", "democratic", "democrat", "republican", "gop",
    "executive", "crown", "grand", "national", "federal", "u.s", "us", "un", "eu", "nato",
    "white", "house", "state", "court", "district", "county", "city", "council", "campaign",
    "party", "press", "staff",
})

# Courtesy titles: they tell a person (and maybe a gender) but are no role worth showing.
COURTESY_TITLES: frozenset[str] = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "messrs", "mme", "mlle", "madam", "sir", "dame",
})

# A capitalised word just before a known given name that ends like a role noun is a role
# the word lists lack ("Alderperson Jane Roe", "Ombudsman John Doe"), not part of the name.
ROLE_ENDING = re.compile(
    r"(?:member|man|woman|person|or|er|ist|ent|ant|ary|ee|ian|ess)$"
)
# Capitalised words and "of" just before a titled run: "U.S. Secretary of [Agriculture
# Rachel Moss]", "Bank of [England Governor Jane Doe]" (the role reaches back over "of").
ROLE_OF = re.compile(r"((?:[A-Z][\w.'’&-]*\s+)+)(of\s+(?:the\s+)?)$")
# Up to four capitalised words, up to three lower-case qualifiers and a lower-case word
# just before a run: "White House deputy press secretary [Jane Doe]", "said former adviser
# [Jane Doe]" (speakers.role_of keeps the qualifiers that are no verb or function word).
LOWER_ROLE = re.compile(
    r"((?:[A-Z][\w.'’&-]*\s+){0,4})"
    r"((?:[a-z][\w-]*\s+){0,3}?)([a-z][\w-]*)\s+$"
)
# Lower-case words after a name run, the last a role noun (LOWER_ROLES), before another
# run: "Societe Generale economist [Alain Marais]".
ROLE_AFTER = re.compile(r"\s+((?:[a-z][\w-]*\s+){0,2})([a-z][\w-]*)\s+")
# Lower-case role nouns that stand just before a name ("White House spokesman Marlin Doe",
# "said analyst Jane Doe"): the role shown beside the person's quotes.
LOWER_ROLES: frozenset[str] = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "adviser", "advisor", "analyst", "economist",
    "strategist", "director", "official", "minister", "secretary", "chairman", "chairwoman",
    "president", "executive", "lawyer", "attorney", "prosecutor", "judge", "researcher",
    "professor", "scientist", "expert", "consultant", "manager", "aide", "lawmaker",
    "senator", "governor", "mayor", "commissioner", "ambassador", "envoy", "negotiator",
    "trader", "dealer", "broker", "banker", "editor", "reporter", "columnist",
    "correspondent", "founder", "owner", "partner", "historian", "author", "activist",
    "organizer", "organiser", "candidate", "nominee", "leader", "chief", "head", "coach",
    "captain", "officer", "detective", "inspector", "sheriff", "councilmember",
    "councillor", "councilman", "councilwoman", "pollster", "representative",
})

# Lower-case nouns of a person's place or kin before a name, as LOWER_ROLES are:
# "with intern [Jane Doe]", "for her daughter [Jane Doe]" (the object of the preposition).
RELATION_NOUNS: frozenset[str] = frozenset({
    "intern", "staffer", "host", "anchor", "moderator", "interviewer", "wife", "husband",
    "daughter", "son", "mother", "father", "brother", "sister", "friend", "colleague",
    "rival", "opponent", "client", "boss", "deputy", "assistant", "predecessor", "successor",
})

# Honorifics always followed by a name, even a name that is also a title ("Mr. King").
HONORIFICS: frozenset[str] = frozenset({"mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov"})

# Abbreviations that do not end a sentence.
ABBREVIATIONS: frozenset[str] = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "sen", "sens", "rep", "reps", "gov", "gen", "lt", "col",
    "maj", "capt", "cmdr", "sgt", "adm", "rev", "st", "jr", "sr", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "inc", "corp", "co",
    "ltd", "vs", "mt", "ft", "gens", "messrs", "u.s", "u.n", "u.k", "d.c", "e.g", "i.e",
    "a.m", "p.m", "calif", "fla", "ill", "mass", "mich", "minn", "penn", "tenn", "tex",
    "va", "wash", "wis", "ariz", "colo", "conn", "del", "ga", "ind", "kan", "ky", "la",
    "md", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "vt", "wyo",
})

# Name suffixes kept with the name.
SUFFIXES: frozenset[str] = frozenset({"jr", "sr", "ii", "iii", "iv"})

# Lower-case particles inside a name: "Staffan de Mistura", "Ludwig van Beethoven".
PARTICLES: tuple[str, ...] = (
    "de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "la", "le", "al",
    "el", "bin", "ibn", "dos", "das", "ten", "ter",
)

# --------------------------------------------------------- non-name words
# Capitalised words that start sentences or fill headlines but never name a person.
STOP_WORDS: frozenset[str] = frozenset({
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "his", "her", "their",
    "our", "its", "my", "your", "this", "that", "these", "those", "but", "and", "or", "nor",
    "so", "yet", "for", "in", "on", "at", "as", "if", "when", "while", "where", "why",
    "how", "what", "who", "whom", "which", "there", "here", "some", "many", "most", "few",
    "others", "other", "also", "then", "now", "still", "however", "meanwhile", "instead",
    "after", "before", "since", "until", "during", "with", "without", "from", "to", "by",
    "of", "about", "into", "over", "under", "among", "between", "through", "against",
    "because", "although", "though", "even", "just", "only", "not", "no", "yes", "all",
    "both", "each", "every", "any", "one", "two", "three", "several", "asked", "speaking",
    "according", "despite", "like", "unlike", "last", "next", "earlier", "later", "today",
    "tonight", "yesterday", "tomorrow", "once", "again", "indeed", "perhaps", "maybe",
    "well", "oh", "yeah", "sure", "thanks", "please", "dear", "hey", "do", "does", "did",
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can",
    "could", "should", "may", "might", "must", "said", "says", "told", "more", "less",
    "such", "than", "whether", "already", "mostly", "nearly", "almost", "whose",
    "let", "let's", "us", "we're", "i'm", "it's", "that's", "don't", "there's", "here's",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "christmas", "easter", "thanksgiving", "god",
    "americans", "american", "internet", "web", "twitter", "facebook", "instagram",
    "youtube", "google", "tv", "radio", "photo", "video", "image", "getty", "ap", "afp",
    "reuters", "upi", "cnn", "fox", "msnbc", "nbc", "abc", "cbs", "pbs", "npr", "bbc",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    "experts", "analysts", "observers", "officials", "sources", "critics", "proponents",
    "opponents", "supporters", "economists", "investors", "residents", "voters", "aides",
    "advisers", "lawmakers", "reports", "studies", "researchers", "scientists", "leaders",
    "people", "someone", "everyone", "nobody", "somebody", "key", "editor's", "note",
    "another", "anyone", "anybody", "either", "neither", "none", "nothing", "something",
    "everything", "much", "whoever", "whatever", "thus", "hence", "therefore",
    "overall", "separately", "elsewhere", "altogether", "besides", "moreover",
})

# Words that mark an organisation ("State Department", "Clinton campaign").
ORG_WORDS: frozenset[str] = frozenset({
    "department", "ministry", "campaign", "committee", "party", "institute", "university",
    "college", "school", "center", "centre", "council", "agency", "bureau", "office",
    "commission", "foundation", "association", "society", "times", "post", "news", "journal",
    "network", "company", "corp", "corporation", "inc", "group", "bank", "court", "house",
    "senate", "congress", "parliament", "assembly", "administration", "police", "army",
    "navy", "force", "forces", "guard", "union", "organization", "organisation",
    "federation", "league", "club", "fund", "trust", "alliance", "coalition", "movement",
    "board", "authority", "service", "services", "magazine", "press", "tribune", "herald",
    "gazette", "daily", "weekly", "radio", "television", "tv", "media", "channel",
    "research", "poll", "polls", "survey", "project", "program", "programme", "initiative",
    "kremlin", "pentagon", "government", "cabinet", "embassy", "consulate", "mission",
    "fbi", "cia", "nsa", "un", "nato", "eu", "who", "imf", "opec", "dnc", "rnc", "gop",
    "llc", "ltd", "plc", "co", "holdings", "partners", "capital", "industries", "systems",
    "laboratory", "labs", "hospital", "clinic", "church", "ministries", "caucus",
    "state", "states", "republic", "kingdom", "city", "county", "district", "province",
    "region", "nations", "team", "staff", "democrats", "republicans", "community",
    "watch", "report", "institution", "industry", "exchange", "market", "markets",
    "airlines", "motors", "studio", "studios", "records", "reform", "action",
    "pac", "super", "america", "americans", "for", "show", "enforcement", "customs",
    "immigration", "street", "review", "station",
    # the same words in other languages of news: "Banque Paribas", "Partido Popular"
    "banque", "banco", "banca", "bankhaus", "sparkasse", "compagnie", "societe", "société",
    "sociedad", "societa", "groupe", "gruppo", "verein", "stiftung", "fondation",
    "fundacion", "fundación", "instituto", "institut", "ministerio", "ministère",
    "ministere", "ministerium", "partido", "parti", "partei", "universidad", "université",
    "universität", "zeitung", "gazzetta", "industrie", "industria", "credit", "crédit",
    "credito", "crédito",
})

# A word shaped like an abstract noun or an adjective ("Cooperation", "Management",
# "Mathematical", "Equality", "Technology"): no one's name, in any language of news.
ABSTRACT_WORD = re.compile(
    r"(?:[a-z]{3}(?:tions?|sions?|icals?|olog(?:y|ies))|[a-z]{4}(?:ments?|ity|ities)|"
    r"[a-z]{3}[^aeiou]ics)$"
)
# Articles that open the names of papers and firms, never a person's name: "Der Spiegel".
NAME_ARTICLES: frozenset[str] = frozenset({"der", "die", "das", "het", "il", "los", "las"})

# Countries, regions and big cities often written next to names ("Syria Envoy ...").
# A name made only of these is a place; the gold counts places that "say" as orgs.
PLACES: frozenset[str] = frozenset({
    "afghanistan", "africa", "albania", "algeria", "america", "argentina", "armenia", "asia",
    "australia", "austria", "azerbaijan", "bahrain", "bangladesh", "belarus", "belgium",
    "bolivia", "bosnia", "brazil", "britain", "brussels", "bulgaria", "burma", "cambodia",
    "canada", "chile", "china", "colombia", "crimea", "croatia", "cuba", "cyprus", "czech",
    "denmark", "egypt", "england", "estonia", "ethiopia", "europe", "finland", "france",
    "georgia", "germany", "greece", "haiti", "honduras", "hungary", "iceland", "india",
    "indonesia", "iran", "iraq", "ireland", "israel", "italy", "japan", "jordan",
    "kazakhstan", "kenya", "korea", "kosovo", "kuwait", "latvia", "lebanon", "libya",
    "lithuania", "malaysia", "mexico", "moldova", "mongolia", "morocco", "nepal",
    "netherlands", "nigeria", "norway", "oman", "pakistan", "palestine", "panama", "peru",
    "philippines", "poland", "portugal", "qatar", "romania", "russia", "rwanda", "saudi",
    "arabia", "scotland", "serbia", "singapore", "slovakia", "somalia", "spain", "sudan",
    "sweden", "switzerland", "syria", "taiwan", "thailand", "tunisia", "turkey", "uganda",
    "ukraine", "uruguay", "venezuela", "vietnam", "wales", "yemen", "zimbabwe", "u.s",
    "u.k", "uk", "usa", "washington", "moscow", "beijing", "london", "paris", "berlin",
    "tokyo", "seoul", "geneva", "tehran", "baghdad", "damascus", "kabul", "jerusalem",
    "cairo", "ankara", "kiev", "kyiv", "pyongyang", "havana", "ottawa", "canberra",
    "york", "california", "texas", "florida", "ohio", "iowa", "virginia",
    "pennsylvania", "michigan", "wisconsin", "arizona", "nevada", "colorado", "carolina",
    "hampshire", "illinois", "indiana", "missouri", "minnesota", "tennessee", "kentucky",
    "alabama", "louisiana", "mississippi", "oregon", "utah", "kansas", "nebraska",
    "oklahoma", "arkansas", "massachusetts", "connecticut", "maryland", "jersey",
    "delaware", "maine", "vermont", "idaho", "montana", "wyoming", "dakota", "alaska",
    "hawaii", "chicago", "boston", "philadelphia", "atlanta", "miami", "houston", "dallas",
    "angeles", "francisco", "detroit", "cleveland", "denver", "seattle", "baltimore",
    "north", "south", "east", "west", "western", "eastern", "northern", "southern",
    "middle", "united", "european", "russian", "chinese", "french", "german", "british",
    "iranian", "iraqi", "syrian", "israeli", "palestinian", "turkish", "ukrainian",
    "japanese", "korean", "mexican", "canadian", "indian", "pakistani", "afghan",
    "egyptian", "italian", "spanish", "polish", "australian", "african",
    "asian", "arab", "muslim", "jewish", "catholic", "latino", "hispanic",
    "black", "white", "federal", "national", "international", "global", "world",
    "kong", "zealand", "lanka", "rica", "puerto", "rico",
    "dhabi", "buenos", "aires", "delhi", "kuala", "lumpur", "tel", "aviv", "janeiro",
    "manila", "jakarta", "bangkok", "taipei", "karachi", "lagos", "nairobi", "johannesburg",
    "riyadh", "dubai", "istanbul", "athens", "rome", "madrid", "lisbon", "vienna", "warsaw",
    "prague", "budapest", "stockholm", "oslo", "copenhagen", "helsinki", "dublin",
    "amsterdam", "zurich", "frankfurt", "munich", "toronto", "montreal",
    "vancouver", "melbourne", "mumbai", "bombay", "shanghai", "osaka", "hanoi",
    "caracas", "bogota", "brasilia", "tunis", "algiers", "khartoum", "kinshasa", "accra",
    "dakar", "beirut", "amman", "ramallah", "gaza", "tripoli", "sanaa", "doha", "muscat",
    "islamabad", "kathmandu", "dhaka", "colombo", "yangon", "rangoon", "phnom", "penh",
    "ulaanbaatar", "tashkent", "tbilisi", "yerevan", "baku", "minsk", "vilnius", "riga",
    "tallinn", "bucharest", "belgrade", "zagreb", "sarajevo", "skopje", "tirana",
    "deutschland", "deutsche", "deutscher", "deutsches", "österreich", "schweiz", "suisse",
    "españa", "italia", "europa", "europäische", "européenne", "française", "français",
    "baltic", "caribbean", "mediterranean", "pacific", "atlantic", "arctic", "gulf",
    "balkans", "sahel", "caucasus", "scandinavia", "latin", "asean",
})

# ------------------------------------------------------- where a name stands
# What a name's surroundings say about it, anywhere in the article. A person is not
# written "the Bundesbank said", "in Hong Kong", "news agency Tass" or "Morgan Stanley
# and Co"; these mark places and organisations.
# "the X" followed by punctuation, a verb of saying or an auxiliary: not "the Clinton
# campaign", where the name qualifies the noun after it.
AFTER_THE = re.compile(
    r"^(?:[’']s\b|\s*[,.;:)!?]|\s*$|\s+(?:said|says|say|told|added|declined|is|was|has|had|have|"
    r"would|will|could|can|should|may|might|must|did|does|also|which|that|announced|"
    r"reported|expects|expected|estimated)\b)"
)
# "in X", "across X" (and "in the X"): a place.
LOCATIVES: frozenset[str] = frozenset({"in", "across", "throughout", "inside", "outside"})
# "news agency Tass", "the brokerage Salomon": a lower-case noun of an organisation.
ORG_NOUNS: frozenset[str] = frozenset({
    "agency", "firm", "company", "newspaper", "daily", "weekly", "magazine", "broadcaster",
    "network", "brokerage", "bank", "lender", "insurer", "carrier", "airline", "maker",
    "manufacturer", "producer", "retailer", "refiner", "miner", "conglomerate",
    "subsidiary", "unit", "affiliate", "concern", "group", "utility", "automaker",
    "carmaker", "chipmaker", "exchange", "ministry", "party", "union", "institute",
    "think-tank", "organisation", "organization",
})
# "Dome, which ...", "Texaco said its ...", "Pan Am said it signed ...": a thing, not a
# person (a person says "it was", "it would", never "it signed a merger").
AFTER_WHICH = re.compile(
    r"^(?:,\s+which\b|\s+(?:said|says|added|announced|reported|expects|estimated)\s+"
    r"(?:its\b|it\s+(?:has\s+|had\s+|will\s+|also\s+)?(?:agreed|signed|completed|acquired|"
    r"sold|bought|filed|received|plans|intends|expects|opened|reached|raised|cut|lowered|"
    r"owns|holds|earned|lost|posted|reported)\b))"
)
# "Organisation for [Economic Cooperation]", "Bank of [England]": a run inside a longer
# name, after one of these and a capitalised word.
INSIDE_NAME_JOINS: frozenset[str] = frozenset({"of", "for"})
# "Morgan Stanley and Co", "Smith & Sons": a firm.
AND_CO_AFTER = re.compile(
    r"^\s+(?:and|&)\s+(?:[A-Z][\w'’.-]*\s+){0,2}?"  # "Westfield Tire and Rubber Co"
    r"(?:Co|Company|Cos|Corp|Corporation|Inc|Ltd|Sons|Partners|Associates|Brothers|Bros)\b"
)
# Words that end the names of firms: a short name written inside such a name elsewhere
# in the article ("Chrysler" beside "Chrysler Corp") is the firm.
FIRM_WORDS: frozenset[str] = frozenset({
    "corp", "corporation", "inc", "incorporated", "co", "cos", "company", "ltd", "limited",
    "plc", "llc", "llp", "lp", "ag", "sa", "nv", "bv", "gmbh", "spa", "ab", "oy", "asa",
    "kk", "bhd", "pty", "group", "holdings", "industries", "bancorp", "bank", "brothers",
    "bros", "airlines", "airways", "motors", "systems", "technologies", "laboratories",
    "labs", "communications", "enterprises", "resources", "petroleum", "mines", "mining",
    "minerals", "chemicals", "pharmaceuticals", "electronics", "foods", "stores",
    "products", "securities", "investments", "properties", "partners", "associates",
    "terminals", "shipping", "lines", "energy", "oil", "steel", "metals", "capital",
    "financial", "insurance", "trust", "international", "worldwide",
})

# ------------------------------------------------------------- first names
# Common given names in English-language news, by gender, to tell a person from
# a place or an organisation and to check a pronoun's gender.
MALE_FIRST_NAMES: frozenset[str] = frozenset("""
aaron adam adrian alan albert alex alexander alfred ali allen andre andrew andy angel
anthony antonio arnold arthur austin barry ben benjamin bernard bernie bill billy bob
bobby brad bradley brandon brent brett brian bruce bryan byron calvin carl carlos chad
charles charlie chris christian christopher chuck clarence claude clifford clint clyde
cody colin connor craig curtis dale dan daniel danny darrell darren dave david dean dennis
derek devin dick don donald doug douglas duane dustin dwight earl eddie edgar eduardo
edward edwin elijah elliott emmanuel eric erik ernest eugene evan francis francisco frank
franklin fred frederick gabriel gary gene geoffrey george gerald gilbert glen glenn gordon
grant greg gregory harold harry harvey hector henry herbert herman howard hugh hugo ian
isaac ivan jack jacob jake james jamie jared jason javier jay jeff jeffrey jeremy jerome
jerry jesse jesus jim jimmy joe joel john johnny jon jonathan jordan jorge jose joseph josh
joshua juan julian justin karl keith ken kenneth kevin kirk kurt kyle lance larry lawrence
lee leo leon leonard leroy lewis lloyd louis luis luke malcolm manuel marc marco marcus
mario mark marshall martin marvin matt matthew maurice max michael miguel mike mitch
mitchell mohammed muhammad nathan nathaniel neil nicholas nick noah norman oliver omar
oscar owen pablo patrick paul pedro percy pete peter phil philip phillip pierre rafael
ralph ramon randall randy ray raymond reggie ricardo richard rick ricky rob robert roberto
rod rodney roger roland ron ronald ross roy ruben rudy russell ryan sam samuel scott sean
sergei sergey seth shane shawn sidney simon stanley stephen steve steven stuart ted terry
theodore thomas tim timothy todd tom tommy tony travis trevor troy tyler vernon victor
vincent vladimir wade walter warren wayne wesley will william willie xavier zachary
ahmed abdul hassan hussein mohammad mahmoud vladimir dmitry dmitri igor alexei yuri boris
mikhail nikolai andrei viktor hans klaus jurgen wolfgang francois jacques jean michel
giuseppe giovanni luca marco paolo carlos jose luis manuel hiroshi takeshi kenji wei jun
""".split())

FEMALE_FIRST_NAMES: frozenset[str] = frozenset("""
abigail alexandra alice alicia alison allison amanda amber amy ana andrea angela angelina
anita ann anna anne annie april ashley audrey barbara becky betsy betty beverly brenda
brittany carla carmen carol caroline carolyn catherine cathy charlotte cheryl christina
christine cindy claire clara claudia colleen connie courtney crystal cynthia daisy dana
danielle deborah debbie debra denise diana diane donna doris dorothy edith elaine eleanor
elena elizabeth ella ellen emily emma erica erin esther eva evelyn felicia florence frances
gail gina gloria grace gretchen hannah heather heidi helen hillary holly hope irene isabel
jackie jacqueline jane janet janice jasmine jean jeanne jennifer jenny jessica jill joan
joanna jodi josephine joy joyce judith judy julia julie june karen kate katherine kathleen
kathryn kathy katie kay kayla kelly kim kimberly kristen laura lauren leah leslie lillian
linda lisa lois loretta lori louise lucy lynn madeline margaret maria marie marilyn marion
martha mary maureen megan melania melanie melissa michelle mildred miranda molly monica
nancy naomi natalie nicole nina nora norma olivia pamela patricia paula pauline peggy
penny phyllis rachel rebecca regina renee rita roberta robin rosa rose ruth sally samantha
sandra sara sarah sharon shirley sophia stacy stephanie sue susan suzanne sylvia tamara
tammy tanya teresa theresa tiffany tina tracy valerie vanessa veronica victoria virginia
vivian wanda wendy whitney yvonne zoe marine sabine ursula nadia olga irina natalia
svetlana tatiana yulia chelsea madeleine nikki
""".split())

# "the Clinton campaign", "Trump's campaign" -> org "Clinton campaign".
CAMPAIGN = re.compile(r"^(?:campaign|administration|team|camp|transition team)\b")

# ----------------------------------------------------------------- reading
# A word (letters, with inner apostrophes, hyphens and dots: "O'Neill", "U.S.") or one
# punctuation mark.
WORD = re.compile(r"[\w\u00C0-\u024F][\w'’\-.\u00C0-\u024F]*|\S")
# A sentence ends on . ! or ? (past closing quotes and brackets) before a capital, a digit
# or an opening quote; abbreviations and initials are checked apart.
SENTENCE_END = re.compile(r"[.!?][”\"’)]*(?=\s+[“\"(A-Z0-9\u00C0-\u00DE])")
# Double quotes: straight and curly.
QUOTE_CHARS = '“”"'
# A word written in lower case, not part of an abbreviation or a hyphenated name.
LOWER_WORD = re.compile(r"(?<![\w.'’-])[a-z][a-z]+\b")
# Lower-case prefixes of Arabic names: "al-Assad" is a name.
NAME_PREFIXES: tuple[str, ...] = ("al-", "el-", "bin-")
# At most this many name words (before suffixes): a longer capitalised run holds a title
# or an organisation before the name.
MAX_NAME_WORDS = 4

# --------------------------------------------------------------- attribution
# Pronouns that speak, as written before or after a cue ("he said", "said she").
PRONOUNS: tuple[str, ...] = ("he", "she")
# Articles looked past for the word before a name ("of the Kremlin").
ARTICLES: frozenset[str] = frozenset({"the", "a", "an"})
# A name after one of these is its object, not the subject of a cue ("told Smith").
PREPOSITIONS: frozenset[str] = frozenset({
    "to", "by", "of", "for", "with", "from", "about", "at", "in", "on", "against", "than",
    "like", "unlike", "under", "over", "into", "toward", "towards", "between", "among",
    "after", "before", "during", "without", "behind", "near", "via", "versus", "vs.",
    "including", "as", "through", "around", "upon", "onto", "within", "beside", "across",
    "throughout", "inside", "outside", "along", "beyond",
})
# Lower-case role words may sit between an inverted cue and its subject ("said former
# adviser Jane Doe"), at most MAX_ROLE_WORDS of them, and none of these.
MAX_ROLE_WORDS = 4
ROLE_WORD = re.compile(r"([a-z][\w-]*)\s+")
NOT_ROLE_WORDS: frozenset[str] = frozenset({"that", "and", "the", "a", "an"})
# "Jane Doe, who said": a relative pronoun between a name and its cue.
WHO_TAIL = re.compile(r",\s+who$")
# A trailing parenthesis between subject and cue: "Jane Doe (D-Calif.) said".
PAREN_TAIL = re.compile(r"\s*\([^()]{0,40}\)\s*$")
# "Jane Doe at the Daily Planet agreed": the subject stands before the preposition.
PP_TAIL = re.compile(r"\s+(?:at|of|from|with|for)\s+(?:the\s+)?$")
# "Ministry of [Health]": the "of" (and "the") between an organisation's head and its run.
OF_TAIL = re.compile(r"\s+of\s+(?:the\s+)?$")
# "Standard and [Poor's Corp]": "and" between two runs of one firm's name.
AND_TAIL = re.compile(r"\s+(?:and|&)\s+$")
# "Secretary of Homeland Security Jeh Johnson": "of" inside a title, not before an object.
TITLE_OF = re.compile(r"[A-Z][\w.]*\s+of\s+(?:the\s+)?$")
# "Smith and Jones said", "A, B and C said": the joints of conjoined subjects.
CONJ_TAIL = re.compile(r"(?:,\s*|,?\s+and\s+)$")
# "Jane Doe visited the plant and said": a second verb of the sentence's subject, ...
COORD_TAIL = re.compile(r"\s(?:and|but)$")
# ... when only a few modifiers, no clause, open the sentence before that subject (not
# "He also maintained that [Jane Doe] should ... and said": a pronoun is the subject there).
MODIFIERS = re.compile(
    r"(?:(?!(?:the|a|an|in|on|at|to|of|for|with|after|when|as|if|he|she|they|we|it|i|that|"
    r"who|which|whom)\b)[\w-]+\.?\s+){0,4}$",
    re.IGNORECASE,
)
# Between a cue and a second subject, what ends the first speaker's statement: a second
# cue behind none of these ("Jane Doe said that John Roe called for ...") reports what
# she said he said, and the gold counts only her.
CLAUSE_BREAK = re.compile(r"[,;:]|\s(?:and|but|while|whereas)\s")
# A speaker keeps the floor this many paragraphs after their cue: a bare quote, or a
# pronoun with nobody else named since, there is theirs.
LAST_SPEAKER_REACH = 1
# A pronoun's antecedent named further back than this many paragraphs is not trusted.
PRONOUN_REACH = 1
# Words that may open a sentence before its subject ("When Jane Doe spoke", "But then
# Doe said"): a name behind them is the subject a later pronoun most likely stands for.
SUBJECT_LEADS: frozenset[str] = frozenset({
    "and", "but", "when", "while", "as", "then", "so", "yet", "still", "meanwhile", "later",
    "now", "also", "instead", "however", "though", "although", "because", "once", "until",
    "whereas", "earlier", "today", "yesterday", "soon", "even", "finally", "afterward",
})
# "He" or "She" opening a sentence (past opening quotes and brackets), its subject.
OPENING_PRONOUN = re.compile(r"[\s“\"(]*(He|She)\b")
# Those of them that open a subordinate clause: its subject is not the sentence's.
SUBORDINATORS: frozenset[str] = frozenset({
    "when", "while", "as", "because", "although", "though", "once", "until", "whereas",
})

# ---------------------------------------------------------------- language
# The cue verbs, titles and name rules are English ones: on text in another language they
# find few speakers, and wrong ones ("Landrat Klaus Meier"). A page that declares another
# language (<html lang>), or whose text has fewer than MIN_ENGLISH_SHARE of its words among
# these English function words (English news runs at 0.15 to 0.35; German, French or
# Italian news at 0.00 to 0.07), gets no speakers. Short texts are not judged.
ENGLISH_WORDS: frozenset[str] = frozenset("""
the and of to that is said for with he she his her it on by from at have has are be this
which who not were they their would been its but or an as
""".split())
MIN_ENGLISH_SHARE = 0.05
ENGLISH_SAMPLE_CHARS = 6000  # the share is read on the text's opening characters
MIN_SAMPLE_WORDS = 30
LETTERS = re.compile(r"[^\W\d_]+")
# fmt: on
