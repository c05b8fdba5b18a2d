"""Data only: canonical section labels and the site wordings (many languages) that mean them.

A page names its section in its own words ("Wirtschaft", "Deportes", "Companies & Markets").
`canonical_section` maps such a wording to one short English Title-case label, so that the
index has one facet value per topic. Keys of `SECTION_ALIASES` are the labels we output;
the values are compared after `normalise_label` (case, accents and punctuation ignored).
"""

from __future__ import annotations

import re
import unicodedata

SECTION_ALIASES: dict[str, tuple[str, ...]] = {
    "World": (
        "world", "world news", "international", "international news", "internacional",
        "internazionale", "internazionali", "mondo", "esteri", "dal mondo", "monde",
        "international monde", "mundo", "welt", "ausland", "weltgeschehen", "swiat", "svet",
        "mir", "v mire", "в мире", "мир", "global", "foreign", "foreign affairs",
        "worldnews", "world-news", "buitenland", "udland", "utrikes", "utenriks", "ulkomaat",
        "pasaulis", "pasaulyje", "zagranica", "internationaal", "mundial", "exterior",
        "dunya", "dünya", "americas", "europe", "asia", "africa", "middle east", "asia pacific",
        "us & canada", "us and canada", "europa", "afrika", "international politics",
    ),
    "Politics": (
        "politics", "politik", "politique", "politica", "politika", "innenpolitik",
        "политика", "polityka", "political", "politiek", "politikk", "polityka kraj",
        "politica nacional", "policy", "government", "elections", "election", "wahlen",
        "us politics", "uk politics", "deutschland politik", "politica interna",
        "politics & policy", "politics and policy", "siyaset", "politiikka",
    ),
    "Business": (
        "business", "business news", "economy", "economie", "économie", "economia",
        "ekonomika", "wirtschaft", "finance", "finanzas", "finanzen", "finances", "money",
        "economics", "erhverv", "verslas", "экономика", "biznes", "negocios", "affaires",
        "markets", "market", "companies", "companies & markets", "companies and markets",
        "economy & business", "business & economy", "economia e finanza", "finanza",
        "wirtschaft & finanzen", "geld", "borse", "börse", "boerse", "bolsa", "mercados",
        "markten", "economie & business", "økonomi", "okonomi", "ekonomi", "talous",
        "gospodarka", "ekonomia", "finanse", "personal finance", "industry", "industries",
        "earnings", "economía", "dinero", "economic", "trade", "banking",
        "real estate", "immobilien",
    ),
    "Technology": (
        "technology", "tech", "technik", "technologie", "tecnologia", "tecnologias",
        "technologies", "tecnología", "tecnologie", "digital", "digitales", "netzwelt",
        "internet", "computer", "computing", "gadgets", "science & technology",
        "science and technology", "sci-tech", "scitech", "sci tech", "innovation",
        "multimedia", "technologia", "technika", "teknologi", "tekniikka", "high-tech",
        "high tech", "techno", "informatica", "games", "gaming", "ai", "cybersecurity",
        "ai & machine learning", "artificial intelligence", "software", "hardware", "apps",
    ),
    "Science": (
        "science", "sciences", "wissen", "wissenschaft", "ciencia", "ciencias", "scienza",
        "наука", "nauka", "wetenschap", "videnskab", "vetenskap", "tiede", "ciência",
        "ciencia y tecnologia", "space", "weltraum", "espace", "research", "forschung",
        "sciences et techno", "wissenschaft & technik",
    ),
    "Health": (
        "health", "gesundheit", "sante", "santé", "salud", "saude", "saúde", "sanita",
        "sanità", "здоровье", "zdrowie", "health & wellness", "health and wellness",
        "wellness", "medizin", "medicine", "medical", "medicina", "coronavirus", "covid-19",
        "covid", "fitness", "gezondheid", "sundhed", "halsa", "hälsa", "terveys",
        "health care", "healthcare", "salute", "mental health", "nutrition", "ernährung",
    ),
    "Sport": (
        "sport", "sports", "deportes", "deporte", "esporte", "esportes", "sportif", "sporty",
        "спорт", "sportas", "sportivo", "calcio", "football", "soccer", "futbol", "fútbol",
        "fussball", "fußball", "tennis", "golf", "cricket", "rugby", "basketball", "baseball",
        "formula 1", "formel 1", "f1", "motorsport", "nfl", "nba", "mlb", "nhl", "hockey",
        "athletics", "cycling", "boxing", "olympics", "sports news", "sportwelt", "urheilu",
        "idrott", "idræt", "futebol", "ciclismo", "motori", "wintersport", "bundesliga",
        "premier league", "champions league", "serie a", "la liga", "handball", "ski",
    ),
    "Opinion": (
        "opinion", "opinions", "commentary", "comment", "comments", "meinung", "kommentar",
        "kommentare", "editorial", "editorials", "op-ed", "op-eds", "op ed", "oped",
        "opinion & analysis", "opinión", "opiniao", "opinião", "tribune", "tribunes",
        "columns", "column", "columnists", "columnist", "ideas", "debate", "debatte",
        "perspective", "perspectives", "voices", "viewpoint",
        "viewpoints", "standpunkt", "gastbeitrag", "opinione", "opinioni", "commento",
        "commenti", "editoriale", "editoriali", "opinie", "mening", "debatt", "mielipide",
        "kolumne", "kolumnen", "letters", "leserbriefe", "idees", "idées", "point de vue",
        "editorial & opinion", "comment is free", "commentisfree", "blogs & opinion",
    ),
    "Culture": (
        "culture", "kultur", "cultura", "kultura", "культура", "culture & arts", "cultuur",
        "kulttuuri", "feuilleton", "books", "bücher", "buecher", "libros", "libri", "livres",
        "literature", "literatur", "music", "musik", "musica", "música", "musique", "film",
        "films", "movies", "cinema", "kino", "cine", "theater", "theatre", "teatro",
        "theatre & dance", "kultur & medien", "culture & lifestyle",
    ),
    "Arts": (
        "arts", "the arts", "art", "arts & culture", "arts and culture", "kunst", "arte",
        "arts & entertainment", "arts and entertainment", "visual arts", "design",
    ),
    "Entertainment": (
        "entertainment", "showbiz", "unterhaltung", "espectaculos", "espectáculos",
        "spettacoli", "celebrity", "celebrities", "stars", "people", "leute", "tv",
        "television", "fernsehen", "tv & radio", "tv and radio", "gossip", "royals",
        "entretenimiento", "entretenimento", "divertissement", "promi", "prominente",
        "vip", "famosos", "gente", "celebs",
    ),
    "Lifestyle": (
        "lifestyle", "life", "life & style", "life and style", "living", "leben", "vida",
        "estilo", "estilo de vida", "style", "stil", "mode", "fashion", "moda", "beauty",
        "food", "food & drink", "essen & trinken", "essen und trinken", "recipes",
        "rezepte", "cuisine", "gastronomia", "family", "familie", "parenting",
        "home & garden", "relationships", "liebe", "wohnen", "garden", "lifestyle news",
        "panorama lifestyle", "vivre", "art de vivre", "femme", "mujer", "donna",
    ),
    "Travel": (
        "travel", "reise", "reisen", "voyage", "voyages", "viajes", "viaggi", "turismo",
        "tourism", "tourismus", "urlaub", "rejser", "resor", "matkailu", "destinations",
    ),
    "Local": (
        "local", "local news", "lokales", "lokal", "lokalnachrichten", "region", "regional",
        "regionales", "metro", "city", "stadt", "ville", "local government", "communities",
        "community", "cronaca locale", "cronache", "locales", "locale", "regio", "regionaal",
        "lokalt", "paikalliset", "nachrichten aus der region", "aus der region", "metro news",
    ),
    "National": (
        "national", "domestic", "inland", "nation", "national news", "domaci", "domácí",
        "nacional", "nazionale", "kraj", "binnenland", "indland",
        "inrikes", "innenland", "kotimaa", "us news", "u.s.", "uk news", "nation news"
    ),
    "Crime": (
        "crime", "crime & justice", "crime and justice", "kriminalitat", "kriminalität",
        "faits divers", "justice", "justiz", "law", "law & order", "courts", "police",
        "polizei", "blaulicht", "sucesos", "cronaca nera", "true crime",
    ),
    "Education": (
        "education", "bildung", "educacion", "educación", "educazione", "higher education",
        "schule", "schools", "school", "university", "universities", "hochschule",
        "campus", "education news", "enseignement", "scuola", "educação", "onderwijs",
        "uddannelse", "utbildning", "koulutus", "edukacja", "students",
    ),
    "Environment": (
        "environment", "umwelt", "environnement", "medio ambiente", "climate",
        "climate & environment", "climate change", "klima", "klimawandel", "climat",
        "clima", "ambiente", "planete", "planète", "planet", "green", "energy & environment",
        "environment & climate", "nature", "natur", "miljø", "miljo", "miljö", "ympäristö",
        "milieu", "sustainability", "nachhaltigkeit", "umwelt & klima", "klima & umwelt",
        "environment news", "wildlife", "weather", "wetter",
    ),
    "Society": (
        "society", "gesellschaft", "societe", "société", "sociedad", "societa", "società",
        "общество", "spoleczenstwo", "społeczeństwo", "samfund", "samhälle", "samfunn",
        "yhteiskunta", "maatschappij", "sociedade", "social", "soziales", "religion",
        "religion & belief", "faith", "migration", "gesellschaft & soziales",
    ),
    "Auto": (
        "auto", "autos", "cars", "motoring", "motor", "automobile", "automobil", "mobilitat",
        "mobilität", "mobility", "motors", "motoren", "auto & verkehr", "verkehr",
    ),
}

# Words that name no section: the site's home, "news" in general, archive pages.
GENERIC_LABELS: frozenset[str] = frozenset({
    "home", "homepage", "start", "startseite", "accueil", "inicio", "portada", "home page",
    "news", "nachrichten", "noticias", "notizie", "nieuws", "nyheder", "nyheter", "uutiset",
    "actualite", "actualites", "actualidad", "attualita", "aktuelles", "aktuell", "aktuelle",
    "latest", "latest news", "top stories", "breaking news", "articles", "article",
    "artikel", "articulo", "articoli", "blog", "blogs", "posts", "post", "stories",
    "story", "index", "archive", "archives", "archiv", "content", "pages", "page", "main",
    "general", "allgemein", "uncategorized", "sin categoria", "senza categoria",
    "non classe", "non classé", "misc", "other", "more", "magazin", "mag", "web", "www",
    "amp", "en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "m", "edition", "print",
    "topics", "topic", "tag", "tags", "category", "categories", "categorie", "kategorie",
    "rubrik", "rubriques", "rubrique", "ressort", "section", "sections", "sito",
    "primo piano", "panorama", "vermischtes", "naujienos", "news & politics", "html",
    "noticia", "nachricht", "wiadomosci", "novosti", "новости", "haberler", "zpravy",
    "featured", "features", "feature", "toutes les rubriques", "hlavni stranka",
    "advertisement", "anzeige", "sponsored", "publicidad", "pubblicita", "forum", "forums",
})

_PUNCT = re.compile(r"[\"'`’“”«»()\[\]{}.:!?_*#/\\|]+")
_SPACE = re.compile(r"\s+")


def normalise_label(label: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a section wording."""
    text = unicodedata.normalize("NFKD", label)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _PUNCT.sub(" ", text).replace("-", " ")
    return _SPACE.sub(" ", text).strip()


_LOOKUP: dict[str, str] = {}
for _label, _aliases in SECTION_ALIASES.items():
    for _alias in (_label, *_aliases):
        _LOOKUP.setdefault(normalise_label(_alias), _label)
_GENERIC: frozenset[str] = frozenset(normalise_label(g) for g in GENERIC_LABELS)


def canonical_section(label: str) -> str | None:
    """The canonical label a site wording stands for, or None when it is not in the table."""
    return _LOOKUP.get(normalise_label(label))


def is_generic(label: str) -> bool:
    """True for wordings that name no section ("Home", "News", "Startseite")."""
    return normalise_label(label) in _GENERIC
