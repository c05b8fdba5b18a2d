"""Who wrote an article: the bylines a page declares and the one it shows.

In order of trust, the first that gives a person's name:

1. JSON-LD `author` of the article object (a string, a Person, a list, or an `@id` of a
   Person elsewhere in the graph; an Organization is no author);
2. the byline the page shows: an element marked as one (`itemprop=author`, `rel=author`,
   class `byline` / `author-name`, outside comment threads; read before `clean` drops
   it), else a short line opening the text ("By Camila Rojas", "Von Max Muster"), which
   is taken out of the body either way: a byline is not article text;
3. `<meta name="author">` and its kin (`byl`, `parsely-author`, `dc.creator`...).

Each candidate goes through `person_names`: "By", roles ("Staff Writer"), dates, the
site's name and agencies are dropped, lists are split ("A, B and C"), and what remains
must look like a person's name (two to five capitalised words, not an organisation).
Pure: a tree and paragraphs in, names out.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from lxml import html

from . import speaker_rules as R
from .agency import is_agency
from .page import SPACE, collapse, is_article, page_for, rel_values, types_of

logger = logging.getLogger(__name__)

# <meta> names that hold the author, in order of trust.
AUTHOR_META: tuple[str, ...] = (
    "author", "byl", "article:author", "parsely-author", "sailthru.author", "dc.creator",
    "dcterms.creator", "citation_author",
)
# Words that open a byline, in the languages of news pages.
BYLINE_WORD = r"(?:by|von|vom|por|par|di|door|av|przez|tekst|texto|text)"
# Words that may come before it: "Analysis by", "Geschrieben von", "Publié par" (not
# "Photo by", "Illustration by": those credit a picture).
BYLINE_LEAD = (r"(?:(?:analysis|opinion|commentary|story|written|words|posted|published|"
               r"(?:post\s+)?author|"
               r"reported|reporting|geschrieben|veröffentlicht|erstellt|eingestellt|artikel|"
               r"ein\s+beitrag|publié|écrit|escrito|publicado|scritto|pubblicato)\s+)?")
# A byline line: the opening word, then names, then maybe a role, a date or the site's name
# after a separator ("By Camila Rojas | The Courier", "By Ann Lee, Staff Writer").
BYLINE_LINE = re.compile(rf"^\s*{BYLINE_LEAD}{BYLINE_WORD}\s*:?\s+(.+)$", re.IGNORECASE)
MONTHS: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "januar", "februar", "märz", "juni", "juli", "oktober",
    "dezember", "janvier", "février", "mars", "avril", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre", "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)
WEEKDAYS: tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "montag",
    "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "lundi", "mardi",
    "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lunes", "martes", "miércoles",
    "jueves", "viernes", "sábado", "domingo",
)
_MONTHS = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_WEEKDAYS = "(?:" + "|".join(WEEKDAYS) + ")"
# Words a page glues to the end of a name: "Carrie ArnoldNovember 15", "LAWLESSAssociated".
_GLUED = "|".join(w.capitalize() for w in (*MONTHS, *WEEKDAYS, "updated", "published",
                                           "posted", "staff", "associated", "view", "read",
                                           "min", "follow", "more", "stand", "last"))
GLUED_TAIL = re.compile(
    rf"(?<=[a-zà-ÿ])(?=(?:{_GLUED})\b)|(?<=[A-Z]{{2}})(?=[A-Z][a-z]+\b)"
    r"|(?<=[a-z]{3})(?=[A-Z]{2,}\b)|(?<=^By)(?=[A-Z][a-z])"
    r"|(?<=[a-zà-ÿ])(?=(?:Mo|Di|Mi|Do|Fr|Sa|So|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?,?\s+\d)"
)
# Where the names of a byline end: a separator, a date, a weekday, an e-mail address,
# "Updated" ("By Jane Doe | Courier", "By Jane Doe Nov. 18, 2019", "Von Jo Muster, Fr,").
BYLINE_TAIL = re.compile(
    rf"\s*(?:[|•·/:\u2013\u2014]|\s-\s|\b(?:updated|published|posted|stand)\b|\d|@|\(|"
    rf"\b{_WEEKDAYS}\b|\b{_MONTHS}\.?\s+\d|\b(?:mo|di|mi|do|fr|sa|so|mon|tue|wed|thu|fri|"
    r"sat|sun)\.?(?:,|,?\s+\d)).*$",
    re.IGNORECASE,
)
# Lower-case words left at the end once the date is cut: "Von Moritz Muster am [21. April]".
TRAILING_LOWER = re.compile(r"(?:\s+[a-zà-ÿ]+)+\s*$")
# How names are joined in a byline: "A, B and C", "A & B", "A und B", "A y B", "A et B".
NAME_JOINS = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\by\b|\bet\b|\be\b|\ben\b|\bog\b)\s*",
                        re.IGNORECASE)
# A byline element: its class, or its itemprop.
BYLINE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:by-?line|author-?name|(?:article|story|post|entry|c)[-_]+author|"
    r"author)(?:$|[\s_-])"
)
BYLINE_XPATH = (
    "//body//*[@itemprop='author' or contains(@rel, 'author') or contains(@class, 'uthor')"
    " or contains(@class, 'yline') or contains(@class, 'y-line')]"
)
# Around a byline element, what makes its names someone else's: a comment thread, or a
# teaser of another article (related lists, sidebars).
NOT_BYLINE_HINT = re.compile(
    r"comment|reply|respond|discussion|disqus|related|teaser|sidebar|widget|recommend|"
    r"popular|trending|most-?read|promo|newsletter|more-?stories"
)
# Inside an <article> only a comment thread is someone else's: CMSs reuse their teaser
# classes for the article's own byline ("teaser-small__metadata").
COMMENT_HINT = re.compile(r"comment|reply|respond|discussion|disqus")
# A byline is a short line; longer text is a sentence that starts with "By".
MAX_BYLINE_CHARS = 120
# Words of names (and roles) a byline line holds at most.
MAX_BYLINE_WORDS = 8
# Paragraphs at the start of the text where a byline line may stand.
BYLINE_PARAGRAPHS = 3
# Ancestors looked at for a comment thread around a byline element.
MAX_BYLINE_DEPTH = 12
# Words that end the name part of a byline: roles and the page's furniture ("Jane Doe
# Staff Writer", "Jill Lawless Associated Press", "Ann Lee View More Articles").
CREDIT_WORDS: frozenset[str] = frozenset({
    "staff", "writer", "writers", "reporter", "reporters", "correspondent", "editor",
    "editors", "contributor", "contributing", "columnist", "photographer", "intern",
    "associated", "news", "press", "media", "senior", "special", "chief", "political",
    "business", "sports", "opinion", "online", "digital", "web", "guest", "author",
    "authors", "autor", "autorin", "auteur", "autore", "chefredakteur", "chefredakteurin",
    "more", "view", "posts", "all", "follow", "email", "twitter", "facebook", "profile",
    "profil", "bio", "read", "mehr", "alle", "artikel", "beiträge", "kategorie",
    "kategorien", "category", "categories", "tags", "share", "teilen", "last", "updated",
    "published", "posted",
    # "Jane Doe for The Mail", "Ann Lee in Berlin"
    "for", "of", "at", "from", "in", "with", "on", "für", "aus", "pour", "para", "per",
})
# Words that make a byline a group's, not a person's ("Editorial Board", "News Desk",
# "N-Land Redaktion", "European Space Agency"), in the languages of news pages.
GROUP_WORDS: frozenset[str] = frozenset({
    "desk", "bureau", "team", "newsroom", "wire", "wires", "service", "agency", "board",
    "editorial", "redaktion", "redacción", "rédaction", "redazione", "admin",
    "administrator", "partner", "content", "sponsored", "sponsor", "advertising",
    "community", "reader", "readers", "anonymous", "unknown", "nobody", "none", "about",
    "über", "zum", "zur", "dem", "des", "nachrichten", "magazin", "zeitschrift", "verband",
    "presse", "kurier", "rundfunk", "notizie", "noticias", "diario", "giornale", "revista",
    "polizei", "policía", "polizia", "gemeinde", "landkreis", "stadtverwaltung", "amt",
})
# Courtesy titles and degrees written around a name in a byline: "Dr. Ann Lee, PhD".
NAME_TITLES: frozenset[str] = R.COURTESY_TITLES | frozenset({
    "dr", "prof", "frau", "herr", "señor", "señora", "sr", "sra", "phd", "md", "ms", "rdn",
    "mba", "msc", "ma", "ba", "rn", "dds", "dipl", "ing", "mag",
})
# Articles that open the names of papers and groups, never of a person ("Die Tagespresse").
GROUP_ARTICLES: frozenset[str] = frozenset({
    "the", "der", "die", "das", "le", "la", "les", "el", "los", "las", "il", "lo", "het",
})
# National words that open the names of institutions, never of a person ("Deutsche
# Welle", "Deutsches Rotes Kreuz", "Radio France Internationale").
NATIONAL_WORDS: frozenset[str] = frozenset({
    "deutsche", "deutscher", "deutsches", "deutschen", "österreichische", "österreichischer",
    "schweizer", "schweizerische", "française", "français", "européenne", "europäische",
    "española", "español", "italiana", "italiano", "british", "american", "national",
    "international", "radio", "royal", "federal", "united",
})
# Words no person's name holds: organisations' words, roles, and function words (not the
# speakers' whole stop list: "Theresa May", "Will Lewis").
_NOT_NAME = (R.ORG_WORDS | R.FIRM_WORDS | GROUP_WORDS | CREDIT_WORDS | frozenset(
    {"the", "a", "an", "of", "for", "and", "in", "on", "at", "by", "from", "with", "to"}))
_GIVEN_NAMES = R.MALE_FIRST_NAMES | R.FEMALE_FIRST_NAMES
# A word of a person's name: capitalised letters with inner apostrophes, hyphens and dots
# ("O'Neill", "Jean-Luc", "J."), or a lower-case particle ("de", "van").
NAME_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")
# A word shaped like a site's name, glued to a byline: "PhillyVoice" (not "McDonald").
SITE_SHAPE = re.compile(r"[a-z]{4}[A-Z]")
MIN_NAME_WORDS = 2
MAX_NAME_WORDS = 5


def _key(word: str) -> str:
    return word.lower().strip(".")


def _capitals(word: str) -> bool:
    """A word of two letters or more, all capitals ("GHARBI", "USA")."""
    return len(word.strip(".")) >= 2 and word.isupper()


def _name_words(words: list[str]) -> list[str]:
    """The words of a byline's name part that belong to the name: courtesy titles and
    degrees dropped, cut where a role, a desk or a capitalised credit begins ("Jane Doe
    News Desk", "Kevin McCoy USA TODAY")."""
    while words and _key(words[0]) in NAME_TITLES:
        words.pop(0)  # "Dr. Ann Lee" wrote as Ann Lee
    while words and _key(words[-1]) in NAME_TITLES - R.COURTESY_TITLES:
        words.pop()  # "Ann Lee PhD"
    mixed = [i for i, w in enumerate(words) if not _capitals(w)]
    for i, word in enumerate(words):
        if i < MIN_NAME_WORDS:
            continue
        credit = _capitals(word) and len(mixed) >= MIN_NAME_WORDS and i > mixed[1]
        if _key(word) in CREDIT_WORDS or credit or SITE_SHAPE.search(word) or is_agency(word):
            return words[:i]
    return words


def person_name(text: str) -> str | None:
    """One person's name as a byline writes it, cleaned ("CAMILA ROJAS" -> "Camila
    Rojas"), or None when it is no one's name ("Staff", "The Editorial Board", "Reuters")."""
    text = SPACE.sub(" ", text).strip(" ,;:-")
    if text.endswith(".") and len(text.rsplit(None, 1)[-1]) > 2:
        text = text[:-1]  # a full stop, not the dot of an initial ("Nicolas Gutierrez C.")
    if not text or len(text) > 60:
        return None
    words = _name_words(text.split())
    if not MIN_NAME_WORDS <= len(words) <= MAX_NAME_WORDS:
        return None
    if _key(words[0]) in GROUP_ARTICLES:
        return None  # "Die Tagespresse", "Les Amis de la Terre"
    if not all(_capitals(w) or w in R.PARTICLES for w in words) and any(
            _capitals(w) and (len(w.strip(".")) in (3, 4) or _key(w) in R.STOP_WORDS)
            for w in words):
        return None  # "EFC Bayrische Bembel", "IT Finanzmagazin" (but "AJ Taylor")
    if len({_key(w) for w in words}) < len(words) or _key(words[0]) in NATIONAL_WORDS:
        return None  # "N-Land N-Land", "Deutsche Welle"
    letters = 0
    for i, word in enumerate(words):
        if not NAME_WORD.match(word):
            return None
        if word in R.PARTICLES and 0 < i < len(words) - 1:
            continue
        if not word[0].isupper() or _key(word) in _NOT_NAME:
            return None
        letters += len(word.strip(".")) > 1
    if all(_key(w) in R.PLACES for w in words) or any(R.ABSTRACT_WORD.search(_key(w))
                                                      for w in words):
        return None  # "New York", "Redonda Restoration"
    if _key(words[-1]) in R.PLACES and _key(words[0]) not in _GIVEN_NAMES:
        return None  # "Diakonie Deutschland", but "Anna Berlin"
    # at least two words that are not initials: "J. Smith" is too little to go on
    if letters < MIN_NAME_WORDS:
        return None
    return " ".join(w.title() if _capitals(w) else w for w in words)


def _site(name: str, site: str | None) -> bool:
    """Whether a name is the site's own ("Miami Today" on Miami Today's pages)."""
    if not site:
        return False
    return re.sub(r"\W+", "", name.casefold()) == re.sub(r"\W+", "", site.casefold())


def person_names(text: str | None, site: str | None = None) -> list[str]:
    """The names a byline holds: "By Ann Lee and Bo Chan | Courier" -> [Ann Lee, Bo Chan]."""
    text = collapse(text)
    if not text or len(text) > MAX_BYLINE_CHARS or "http" in text.lower():
        return []
    text = GLUED_TAIL.sub(" ", text)
    if match := BYLINE_LINE.match(text):
        text = match[1]
    text = TRAILING_LOWER.sub("", BYLINE_TAIL.sub("", text))
    names = []
    for part in NAME_JOINS.split(text):
        name = person_name(part)
        if name and not is_agency(name) and not _site(name, site):
            names.append(name)
    return list(dict.fromkeys(names))


# ------------------------------------------------------------------ declared authors
def _by_id(objects: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}


def json_ld_authors(tree: html.HtmlElement) -> list[str]:
    """The names of the article's JSON-LD `author`: Persons and plain strings (the first
    article object that names an author decides; an image's author is its photographer)."""
    objects = page_for(tree).json_ld
    graph = _by_id(objects)
    for obj in objects:
        value = obj.get("author")
        if value is None or not is_article(obj):
            continue
        names: list[str] = []
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and set(item) <= {"@id"} and item.get("@id") in graph:
                item = graph[item["@id"]]  # {"@id": "#author"}: the Person in the graph
            if isinstance(item, dict):
                if types_of(item) & {"organization", "newsmediaorganization", "corporation"}:
                    continue
                item = item.get("name")
            if isinstance(item, str):
                names.extend(person_names(item))
        logger.debug("authors from json-ld: %s", names)
        return list(dict.fromkeys(names))
    return []


def _someone_elses(el: html.HtmlElement) -> bool:
    """Whether a byline element names a commenter or another article's author: it sits in
    a comment thread, a teaser or an aside, or in the page's own header or footer (an
    article's header holds its byline)."""
    chain = []
    while (el is not None and isinstance(el.tag, str)
           and el.tag not in ("article", "main", "body", "html")):
        chain.append(el)
        el = el.getparent()
    in_article = el is not None and el.tag in ("article", "main")
    hints = COMMENT_HINT if in_article else NOT_BYLINE_HINT
    for node in chain[:MAX_BYLINE_DEPTH]:
        hint = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
        if hints.search(hint) or node.tag in ("aside", "nav"):
            return True
        if node.tag in ("header", "footer") and not in_article:
            return True
    return False


def _teaser(article: html.HtmlElement) -> bool:
    """An <article> that is another story's teaser (in a related list, a sidebar)."""
    el = article
    while el is not None and isinstance(el.tag, str) and el.tag not in ("body", "html"):
        hint = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
        if NOT_BYLINE_HINT.search(hint) or el.tag in ("aside", "nav", "footer"):
            return True
        el = el.getparent()
    return False


def _element_names(el: html.HtmlElement, site: str | None) -> list[str]:
    """The names an author element holds: its itemprop=name, else its own text."""
    named = [n for n in el.iter() if n.get("itemprop") == "name"]
    texts = [n.text_content() for n in named] or [el.text_content()]
    return [name for text in texts for name in person_names(text, site)]


def _marked(tree: html.HtmlElement) -> list[html.HtmlElement]:
    """Elements of the body marked as a byline, in document order (found by XPath, in C)."""
    found = tree.xpath(BYLINE_XPATH)
    return [el for el in found if el.get("itemprop") == "author" or "author" in rel_values(el)
            or BYLINE_CLASS.search((el.get("class") or "").lower())]


def byline_elements(tree: html.HtmlElement, site: str | None = None) -> list[str]:
    """The names of the first byline element of the article (read before `clean`): in
    an <article> when the page has one, else anywhere in the body."""
    marked = [el for el in _marked(tree) if not _someone_elses(el)]
    articles = [a for a in tree.iter("article") if not _teaser(a)]
    inside = [el for el in marked if any(a in el.iterancestors("article") for a in articles)]
    for el in inside + [el for el in marked if el not in inside]:
        if names := _element_names(el, site):
            logger.debug("authors from a byline element: %s", names)
            return names
    return []


def site_name(tree: html.HtmlElement) -> str | None:
    """The site's own name (og:site_name, the JSON-LD publisher): never an author."""
    page = page_for(tree)
    if name := page.first_meta(("og:site_name", "application-name")):
        return name
    for obj in page.json_ld:
        publisher = obj.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            return publisher["name"]
    return None


def meta_authors(tree: html.HtmlElement, site: str | None = None) -> list[str]:
    """The names <meta name="author"> and its kin give (not URLs or handles)."""
    page = page_for(tree)
    for name in AUTHOR_META:
        for value in page.meta.get(name, ()):
            if names := person_names(value, site):
                logger.debug("authors from meta %s: %s", name, names)
                return names
    return []


def declared_authors(tree: html.HtmlElement) -> tuple[list[str], list[str]]:
    """What the page's markup says: (JSON-LD authors, byline element or meta authors).

    Read before `clean`, which drops <script> and byline elements."""
    site = site_name(tree)
    return json_ld_authors(tree), byline_elements(tree, site) or meta_authors(tree, site)


# ------------------------------------------------------------------ the body's byline
def is_byline_line(text: str) -> bool:
    """A short line that is only a byline: "By Camila Rojas", "By Courier Staff", "Von Jo
    Muster, 12. März" (not a sentence: "By Tuesday, the council had voted")."""
    match = BYLINE_LINE.match(text) if len(text) <= MAX_BYLINE_CHARS else None
    if not match:
        return False
    words = NAME_JOINS.sub(" ", BYLINE_TAIL.sub("", GLUED_TAIL.sub(" ", match[1]))).split()
    return 0 < len(words) <= MAX_BYLINE_WORDS and all(w[0].isupper() or w in R.PARTICLES
                                                      for w in words)


def take_byline(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """The names of a byline line opening the text (none for "By Courier Staff"), and
    the paragraphs without that line."""
    for i, text in enumerate(paragraphs[:BYLINE_PARAGRAPHS]):
        if is_byline_line(text):
            names = person_names(text)
            logger.debug("byline line %r: %s", text, names)
            return names, paragraphs[:i] + paragraphs[i + 1:]
    return [], paragraphs


def settle_authors(declared: tuple[list[str], list[str]],
                   paragraphs: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """The article's authors, and its paragraphs without the byline line.

    In order of trust: JSON-LD, the byline the page shows (a line of the text, else a
    byline element), then <meta>."""
    json_ld, marked = declared
    byline, body = take_byline(paragraphs)
    return tuple(dict.fromkeys(json_ld or byline or marked)), body or paragraphs
