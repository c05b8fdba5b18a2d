"""Data only: canonical section labels and the site wordings (many languages) that mean them.

A page names its section in its own words ("Wirtschaft", "Deportes", "Companies & Markets").
`canonical_section` maps such a wording to one short English Title-case label, so that the
index has one facet value per topic. Keys of `SECTION_ALIASES` are the labels we output;
the values are compared after `normalise_label` (case, accents and punctuation ignored).
"""

from __future__ import annotations

import os
import re
import unicodedata

SECTION_ALIASES: dict[str, tuple[str, ...]] = {
    "World": (
        "aus aller welt", "weltweit", "estero", "internacionales", "wereld", "verden", "världen",
        "maailma", "svět", "ze świata", "zahraničí", "külföld", "world affairs", "global affairs",
        "international affairs",
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
        "bundespolitik", "landespolitik", "kommunalpolitik", "europapolitik",
        "politique intérieure", "politika a společnost",
        "politics", "politik", "politique", "politica", "politika", "innenpolitik",
        "политика", "polityka", "political", "politiek", "politikk", "polityka kraj",
        "politica nacional", "policy", "government", "elections", "election", "wahlen",
        "us politics", "uk politics", "deutschland politik", "politica interna",
        "politics & policy", "politics and policy", "siyaset", "politiikka",
    ),
    "Business": (
        "unternehmen", "ökonomie", "empresas", "negócios", "bedrijven", "näringsliv", "næringsliv",
        "бизнес", "hospodářství", "gazdaság", "finanze", "finanças",
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
        "technologien", "технологии", "techniek", "teknik", "tecnologías", "hi-tech",
        "technology", "tech", "technik", "technologie", "tecnologia", "tecnologias",
        "technologies", "tecnología", "tecnologie", "digital", "digitales", "netzwelt",
        "internet", "computer", "computing", "gadgets", "science & technology",
        "science and technology", "sci-tech", "scitech", "sci tech", "innovation",
        "multimedia", "technologia", "technika", "teknologi", "tekniikka", "high-tech",
        "high tech", "techno", "informatica", "games", "gaming", "ai", "cybersecurity",
        "ai & machine learning", "artificial intelligence", "software", "hardware", "apps",
    ),
    "Science": (
        "věda", "bilim", "ciências", "wissen & forschung",
        "science", "sciences", "wissen", "wissenschaft", "ciencia", "ciencias", "scienza",
        "наука", "nauka", "wetenschap", "videnskab", "vetenskap", "tiede", "ciência",
        "ciencia y tecnologia", "space", "weltraum", "espace", "research", "forschung",
        "sciences et techno", "wissenschaft & technik",
    ),
    "Health": (
        "corona", "sanidad", "salut", "zdraví", "sağlık", "egészség", "helse",
        "gesundheit & medizin",
        "health", "gesundheit", "sante", "santé", "salud", "saude", "saúde", "sanita",
        "sanità", "здоровье", "zdrowie", "health & wellness", "health and wellness",
        "wellness", "medizin", "medicine", "medical", "medicina", "coronavirus", "covid-19",
        "covid", "fitness", "gezondheid", "sundhed", "halsa", "hälsa", "terveys",
        "health care", "healthcare", "salute", "mental health", "nutrition", "ernährung",
    ),
    "Sport": (
        "sportnachrichten", "idrett", "spor", "desporto", "sporten",
        "sport", "sports", "deportes", "deporte", "esporte", "esportes", "sportif", "sporty",
        "спорт", "sportas", "sportivo", "calcio", "football", "soccer", "futbol", "fútbol",
        "fussball", "fußball", "tennis", "golf", "cricket", "rugby", "basketball", "baseball",
        "formula 1", "formel 1", "f1", "motorsport", "nfl", "nba", "mlb", "nhl", "hockey",
        "athletics", "cycling", "boxing", "olympics", "sports news", "sportwelt", "urheilu",
        "idrott", "idræt", "futebol", "ciclismo", "motori", "wintersport", "bundesliga",
        "premier league", "champions league", "serie a", "la liga", "handball", "ski",
    ),
    "Opinion": (
        "leitartikel", "kommentarer", "ledare", "leder", "publicystyka", "komentarze", "мнения",
        "мнение", "görüş", "köşe yazıları", "débats", "débat", "columnas", "opiniones",
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
        "kulturnachrichten", "kultúra", "kültür", "literatura", "bühne",
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
        "région", "regionen", "aus der stadt",
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
        "polizeibericht", "polizeimeldungen", "criminalité", "gericht",
        "crime", "crime & justice", "crime and justice", "kriminalitat", "kriminalität",
        "faits divers", "justice", "justiz", "law", "law & order", "courts", "police",
        "polizei", "blaulicht", "sucesos", "cronaca nera", "true crime",
    ),
    "Education": (
        "studium", "universität", "uni",
        "education", "bildung", "educacion", "educación", "educazione", "higher education",
        "schule", "schools", "school", "university", "universities", "hochschule",
        "campus", "education news", "enseignement", "scuola", "educação", "onderwijs",
        "uddannelse", "utbildning", "koulutus", "edukacja", "students",
    ),
    "Environment": (
        "klimaschutz", "ecología", "ecologia", "écologie", "ökologie",
        "environment", "umwelt", "environnement", "medio ambiente", "climate",
        "climate & environment", "climate change", "klima", "klimawandel", "climat",
        "clima", "ambiente", "planete", "planète", "planet", "green", "energy & environment",
        "environment & climate", "nature", "natur", "miljø", "miljo", "miljö", "ympäristö",
        "milieu", "sustainability", "nachhaltigkeit", "umwelt & klima", "klima & umwelt",
        "environment news", "wildlife", "weather", "wetter",
    ),
    "Society": (
        "společnost", "toplum", "társadalom", "glaube", "kirche",
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
    "themen", "thema", "meldungen", "alle meldungen", "service", "top story", "temas", "sujets",
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

# A wording the table does not know may still be a known one's kin: a compound that ends in
# it (German "Innenpolitik", "Weltwirtschaft"; heads of at least STEM_CHARS letters, so that
# "Transport" is no sport), or an inflection or a cognate in a neighbouring language that
# shares its stem ("Kultura" and "Kultur", "Finanzas" and "Finanzen").
STEM_CHARS = 6
_MAX_ENDING = 3
# "and" in the languages of the table, joining two desks in one label
_CONJUNCTION = re.compile(r"\s+(?:&|\+|and|und|et|y|e|i|og|och|en|ve|и)\s+")


class Aliases:
    """Wordings (normalised) to canonical labels: exact, or through a stem or compound head."""

    def __init__(self, lookup: dict[str, str]) -> None:
        self.lookup = lookup
        # single words long enough to stand for their stem or to head a compound
        words = [(a, label) for a, label in lookup.items() if " " not in a and len(a) >= STEM_CHARS]
        self._stems: dict[str, list[tuple[str, str]]] = {}
        for alias, label in words:
            self._stems.setdefault(alias[:STEM_CHARS], []).append((alias, label))
        # the English labels themselves head English words that mean something else
        # ("Agriculture", "Geopolitics")
        labels = {normalise_label(label) for label in lookup.values()}
        self._heads = [(a, label) for a, label in words if a not in labels]

    def exact(self, label: str) -> str | None:
        """The canonical label of a wording the table holds."""
        return self.lookup.get(normalise_label(label))

    def related(self, label: str) -> str | None:
        """The canonical label of a single word that ends in a known one or shares its stem,
        when all such known words mean one label; of two desks joined by "and", the first."""
        word = normalise_label(label)
        if _CONJUNCTION.search(word):
            # "Companies & Markets", "Politik und Gesellschaft": the first part it knows
            parts = (self.lookup.get(part) for part in _CONJUNCTION.split(word))
            return next((part for part in parts if part), None)
        if " " in word or len(word) < STEM_CHARS or word in _GENERIC:
            return None
        found = {lab for head, lab in self._heads if len(word) > len(head) and word.endswith(head)}
        if not found:
            # inflections and cognates differ in their ending only
            found = {
                lab for alias, lab in self._stems.get(word[:STEM_CHARS], ())
                if _same_but_ending(word, alias)
            }
        return found.pop() if len(found) == 1 else None


def _same_but_ending(a: str, b: str) -> bool:
    """Two words that differ in their last _MAX_ENDING letters at most."""
    common = len(os.path.commonprefix((a, b)))
    return common >= max(len(a), len(b)) - _MAX_ENDING


ALIASES = Aliases(_LOOKUP)


def canonical_section(label: str) -> str | None:
    """The canonical label a site wording stands for, or None when it is not in the table."""
    return ALIASES.exact(label)


def related_section(label: str) -> str | None:
    """The canonical label of a wording the table does not hold but a known one's kin."""
    return ALIASES.related(label)


def is_generic(label: str) -> bool:
    """True for wordings that name no section ("Home", "News", "Startseite")."""
    return normalise_label(label) in _GENERIC
