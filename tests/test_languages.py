"""Languages: each page's language from its declarations and its text, its words stemmed
and stopped in that language, and the language as a filter, a facet and a field of results.

The pages are tests/pages/languages/: small news pages in German, French and Spanish (one
German page on a site whose template declares English), and one in English.
"""

from __future__ import annotations

import json

import pytest
from lxml import html

from indexer.article import Article
from indexer.extraction.extract import extract
from indexer.extraction.language import (
    MIN_DETECT_WORDS,
    OVERRULE,
    Detection,
    decide,
    declared_languages,
    detect,
    language_code,
)
from indexer.sources import warc
from indexer.sources.articles import to_article
from indexer.store import build
from indexer.store.languages import (
    ENGLISH,
    ENGLISH_ANALYZER,
    UNSTEMMED,
    analysis_key,
    analyzer_for,
)
from indexer.store.schema import SCHEMA, to_fields
from web import create_app
from web.search.parse import parse

from .conftest import ROOT
from .warcs import Rec, warc_bytes

PAGES = ROOT / "tests" / "pages" / "languages"


# The decision, as a table ---------------------------------------------------------------

SURE, UNSURE = Detection("de", 1.0), Detection("de", OVERRULE - 0.2)
DECISIONS = [
    # (declared, detected, language)
    ("de", None, "de"),  # too short to check: the declaration stands
    (None, None, None),  # nothing to go by: no language, not a guess
    ("de", SURE, "de"),  # they agree
    ("en", SURE, "de"),  # a site-wide English template around a German article
    ("en", UNSURE, "en"),  # the detector unsure: the declaration stands
    (None, SURE, "de"),  # nothing declared, the detector sure
    (None, UNSURE, None),  # nothing declared, the detector unsure: unknown
    ("fr", Detection(None, 1.0), "fr"),  # a language with no two-letter code
]


@pytest.mark.parametrize(("declared", "detected", "expected"), DECISIONS,
                         ids=[f"{d}-{t.code if t else None}-{e}" for d, t, e in DECISIONS])
def test_the_language_decision(declared, detected, expected):
    assert decide(declared, detected)[0] == expected


CODES = [
    ("de", "de"), ("DE", "de"), ("de-AT", "de"), ("pt_BR", "pt"), ("en-GB-oxendict", "en"),
    (" fr ", "fr"), ("de, en", "de"), ("iw", "he"), ("x-default", None), ("und", None),
    ("deu", None), ("", None), (None, None), ("1x", None),
]


@pytest.mark.parametrize(("tag", "code"), CODES, ids=[repr(t) for t, _ in CODES])
def test_language_codes(tag, code):
    assert language_code(tag) == code


DECLARATIONS = [
    ('<html lang="de-CH"><head></head><body></body></html>', None, ["de"]),
    ('<html><head><meta property="og:locale" content="fr_FR"></head></html>', None, ["fr"]),
    ('<html><head><meta http-equiv="Content-Language" content="es"></head></html>', None,
     ["es"]),
    ("<html><head></head></html>", "it", ["it"]),  # the HTTP header
    # most trusted first: the page's own, og:locale, <meta http-equiv>, the header
    ('<html lang="de"><head><meta http-equiv="content-language" content="en">'
     '<meta property="og:locale" content="fr_FR"></head></html>', "es", ["de", "fr", "en", "es"]),
    ('<html lang="x-default"><head></head></html>', None, []),
]


@pytest.mark.parametrize(("page", "header", "expected"), DECLARATIONS,
                         ids=[str(i) for i in range(len(DECLARATIONS))])
def test_declared_languages(page, header, expected):
    assert declared_languages(html.document_fromstring(page), header) == expected


def test_the_detector_reads_text_and_leaves_short_text_alone():
    assert detect("Kurz und knapp.") is None
    found = detect("Die Stadtwerke erhöhen zum ersten Januar ihre Strompreise um neun "
                   "Prozent, betroffen sind rund zweiundvierzigtausend Haushalte in der "
                   "Stadt und in den umliegenden Gemeinden.")
    assert found is not None and found.code == "de" and found.confidence >= OVERRULE


# Extraction -------------------------------------------------------------------------------

PAGE_LANGUAGES = [
    ("kreisbote.wahl.html", "de"),
    ("lecho.elections.html", "fr"),  # declared fr-FR
    ("diario.elecciones.html", "es"),
    ("gazette.election.html", "en"),  # declared en-GB
    ("stadtblatt.wrong-declaration.html", "de"),  # declared en, written in German
]


@pytest.mark.parametrize(("name", "language"), PAGE_LANGUAGES, ids=[n for n, _ in PAGE_LANGUAGES])
def test_page_language(name, language):
    article = extract((PAGES / name).read_bytes(), name)
    assert article.language == language
    assert article.to_json()["language"] == language


SHORT = ("<html><head><title>Kurz</title></head><body><article><h1>Kurz</h1>"
         "<p>Der Markt beginnt am Samstag um neun Uhr auf dem Platz.</p></article></body></html>")


def test_a_short_page_that_declares_nothing_has_no_language():
    assert len(SHORT.split()) < 2 * MIN_DETECT_WORDS
    assert extract(SHORT.encode(), "short.html").language is None


def test_the_http_header_declares_a_warc_pages_language(tmp_path):
    short = SHORT.replace("Der Markt beginnt am Samstag um neun Uhr auf dem Platz.",
                          "Le marché commence samedi à neuf heures sur la place.")
    records = [Rec("http://news.example/marche", short.encode(),
                   headers=(("Content-Type", "text/html; charset=utf-8"),
                            ("Content-Language", "fr")))]
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes(records))
    (record,) = [r for r in warc.WarcReader(str(path), "crawl.warc.gz").records()
                 if isinstance(r, warc.PageRecord)]
    assert record.content_language == "fr"
    assert warc.page_article(record, "crawl.warc.gz#1").language == "fr"


def test_an_article_record_states_its_language():
    text = ("El gobierno regional ha decidido adelantar las elecciones al próximo mes de "
            "mayo, un año antes de lo previsto, tras semanas de tensión en la coalición.")
    assert to_article({"title": "Elecciones", "maintext": text, "language": "es"},
                      "a.jsonl#1", "d").language == "es"
    # a wrong statement is overruled by the text, as a page's declaration is
    assert to_article({"title": "Elecciones", "maintext": text, "language": "en"},
                      "a.jsonl#2", "d").language == "es"


# Analysis -----------------------------------------------------------------------------------

def test_english_is_analysed_as_before():
    assert analyzer_for(ENGLISH) is ENGLISH_ANALYZER
    assert analysis_key(None) == analysis_key("en") == ENGLISH
    article = Article("a.html", "h", title="Elections", paragraphs=("The elections.",),
                      language="en")
    doc = to_fields(article)
    assert doc["body"] == "The elections." and "_stored_body" not in doc
    assert [t.text for t in SCHEMA["body"].analyzer(doc["body"])] == ["elect"]


STEMS = [
    ("de", "Wahlen Wahl", ["wahl", "wahl"]),
    ("de", "die Häuser", ["haus"]),  # a German stop word; the umlaut folded
    ("fr", "les élections élection", ["elect", "elect"]),
    ("es", "las elecciones elección", ["eleccion", "eleccion"]),
    ("ja", "東京 Tokyo", ["東京", "tokyo"]),  # no stemmer: words as written
    ("pl", "wyborach Łódź", ["wyborach", "lodz"]),  # unstemmed, accents folded
]


@pytest.mark.parametrize(("language", "text", "terms"), STEMS, ids=[s[0] for s in STEMS])
def test_a_pages_words_are_stemmed_in_its_language(language, text, terms):
    article = Article("a.html", "h", title="", paragraphs=(text,), language=language)
    doc = to_fields(article)
    assert doc["_stored_body"] == text  # stored as written, indexed in its language
    assert [t.text for t in SCHEMA["body"].analyzer(doc["body"])] == terms
    assert analysis_key(language) == (UNSTEMMED if language in ("ja", "pl") else language)


# Searching: a real index of the pages --------------------------------------------------

@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    index_dir = tmp_path_factory.mktemp("languages-index")
    summary = build.run(PAGES, index_dir, workers=1)
    assert not summary.skipped, summary.skipped
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
    yield app.test_client()
    app.extensions["index"].close()


def _search(client, **args) -> dict:
    response = client.get("/api/search", query_string=args)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _titles(data: dict) -> list[str]:
    return [hit["title"] for hit in data["results"]]


SINGULAR_PLURAL = [
    # (typed, the page's word in another form, the page's title starts)
    ("Wahlen", "Wahl", "Neue Bürgermeisterin"),
    ("Stimme", "Stimmen", "Neue Bürgermeisterin"),
    ("Strompreis", "Strompreise", "Stadtwerke"),  # the page that declares English
    ("élection", "élections", "Municipales"),
    ("election", "élections", "Municipales"),  # typed without its accent
    ("journal", "journaux", "Municipales"),
    ("elección", "elecciones", "Costaluz"),
    ("eleccion", "elecciones", "Costaluz"),  # typed without its accent
    ("voto", "votos", "Costaluz"),
]


def _hit(data: dict, title: str) -> dict | None:
    return next((hit for hit in data["results"] if hit["title"].startswith(title)), None)


@pytest.mark.parametrize(("typed", "written", "title"), SINGULAR_PLURAL,
                         ids=[c[0] for c in SINGULAR_PLURAL])
def test_singular_and_plural_find_each_other(client, typed, written, title):
    hit = _hit(_search(client, q=typed), title)
    assert hit is not None
    # the word on the page is marked, in the form it is written
    assert f"<mark>{written}</mark>" in hit["snippet"]


def test_the_english_page_is_found_as_before(client):
    data = _search(client, q="elections")
    assert data["results"][0]["title"] == "Council by-election called for Harbour ward"
    assert "<mark>election</mark>" in data["results"][0]["snippet"]
    assert _search(client, q="elections", lang="en")["total"] == 1


@pytest.mark.parametrize(("typed", "lang", "title"), [
    ("Wahlen", "de", "Neue Bürgermeisterin"),
    ("élection", "fr", "Municipales"),
    ("elección", "es", "Costaluz"),
])
def test_a_language_filter_reads_the_query_in_that_language(client, typed, lang, title):
    found = _search(client, q=typed, lang=lang)
    assert _titles(found) and all(t.startswith(title) for t in _titles(found))
    assert all(hit["language"] == lang for hit in found["results"])


@pytest.mark.parametrize(("typed", "keys", "stems"), [
    ("Wahlen", ("en", "de"), {"wahlen", "wahl"}),  # English's word, German's stem
    ("élections", ("en", "fr"), {"elect"}),  # English and French agree: one term
    ("elecciones", ("en", "es"), {"eleccion"}),
    ("die Wahl", ("de",), {"wahl"}),  # a German stop word, in German only
])
def test_with_no_filter_a_word_is_looked_up_as_each_language_stems_it(typed, keys, stems):
    q = parse(typed, keys).query
    assert {text for _field, text in q.iter_all_terms()} == stems
    english = {t.text for t in ENGLISH_ANALYZER(typed)}
    assert {text for _field, text in parse(typed).query.iter_all_terms()} == english


def test_the_language_facet_counts_every_language(client):
    data = _search(client)
    assert data["facets"]["language"] == [["de", 2], ["en", 1], ["es", 1], ["fr", 1]]
    assert data["facet_sizes"]["language"] == 4


def test_the_language_filter(client):
    data = _search(client, lang="de")
    assert data["total"] == 2 and {hit["language"] for hit in data["results"]} == {"de"}
    assert data["facets"]["language"] == [["de", 2]]
    assert _search(client, lang="DE")["total"] == 2  # any case
    assert _search(client, lang="it")["total"] == 0  # a language the index does not hold


def test_an_export_gives_each_articles_language(client):
    response = client.get("/api/export", query_string={"format": "jsonl", "lang": "de"})
    rows = [json.loads(line) for line in response.data.decode().splitlines()]
    assert response.status_code == 200 and len(rows) == 2
    assert {row["language"] for row in rows} == {"de"}
    csv_header = client.get("/api/export").data.decode().splitlines()[0]
    assert csv_header.endswith(",story,language")


@pytest.mark.parametrize("value", ["deu", "d", "de-AT", "1x", "ü"])
def test_a_bad_language_is_a_400(client, value):
    response = client.get("/api/search", query_string={"q": "wahl", "lang": value})
    assert response.status_code == 400
    assert response.get_json() == {
        "ok": False, "status": 400,
        "error": "lang: must be an ISO 639-1 language code: two letters, like de"}
    assert client.get("/search", query_string={"lang": value}).status_code == 400


def test_a_wrong_site_wide_declaration_is_overruled_by_the_text(client):
    (hit,) = _search(client, q="Strompreis")["results"]
    doc = client.get(f"/api/doc/{hit['id']}").get_json()
    assert doc["language"] == "de" and hit["language"] == "de"
    # German stop words: "die" is not indexed in the German text, so the phrase is the pair
    assert _search(client, q='"erhöhen die Strompreise"')["total"] == 1


def test_phrases_are_read_in_each_language(client):
    assert _titles(_search(client, q='"neue Regierung"')) == [
        "Neue Bürgermeisterin nach der Wahl in Niederau"]
    assert _titles(_search(client, q='"élections municipales"'))[0].startswith("Municipales")
    assert _search(client, q='"élections municipales"', lang="de")["total"] == 0


def test_a_word_must_match_in_some_language_of_the_index(client):
    # "Häusern" stems to "haus" in German; the page has "Häuser".
    assert _titles(_search(client, q="Häusern")) == [
        "Neue Bürgermeisterin nach der Wahl in Niederau"]
    # both words, in two languages: the page with both ranks first
    data = _search(client, q="Wahlen Häusern")
    assert data["results"][0]["title"].startswith("Neue Bürgermeisterin")


def test_did_you_mean_knows_the_languages_stems(client):
    # a known word in any form is not respelled
    assert _search(client, q="Wahlen")["suggestion"] is None
    assert _search(client, q="Strompreiss")["suggestion"] == "strompreise"
    # a stop word of one language searched is not respelled, whatever another makes of it
    assert _search(client, q="the")["suggestion"] is None


def test_pages_show_the_language(client):
    page = client.get("/search", query_string={"q": "Wahlen"}).get_data(as_text=True)
    assert 'id="facet-language"' in page and "German" in page
    assert 'class="language">German</a>' in page and 'lang="de"' in page
    filtered = client.get("/search", query_string={"lang": "de"}).get_data(as_text=True)
    assert "Language: German" in filtered  # the filter's chip
    hit = _search(client, q="Wahlen")["results"][0]
    article = client.get(f"/doc/{hit['id']}", query_string={"q": "Wahlen"})
    text = article.get_data(as_text=True)
    assert 'class="language">German</a>' in text and '<mark id="m1">Wahl</mark>' in text


@pytest.fixture(scope="module")
def whole_and_apart(tmp_path_factory: pytest.TempPathFactory):
    """The pages in three shards (some of them without some languages), searched as one
    index and apart."""
    index_dir = tmp_path_factory.mktemp("languages-shards")
    build.run(PAGES, index_dir, shard_count=3, workers=1)
    whole = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
    apart = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "FANOUT": True})
    yield whole.test_client(), apart.test_client()
    whole.extensions["index"].close()
    apart.extensions["shards"].close()


@pytest.mark.parametrize("args", [
    {"q": "Wahlen"}, {"q": "élection"}, {"q": "elección"}, {"q": "elections"},
    {"q": "Wahlen Häusern"}, {"q": '"neue Regierung"'}, {"q": "Wahlen", "lang": "de"},
    {"lang": "es"}, {"q": "Strompreiss"},
], ids=str)
def test_shards_searched_apart_read_the_query_in_the_same_languages(whole_and_apart, args):
    whole, apart = whole_and_apart
    a = whole.get("/api/search", query_string=args).get_json()
    b = apart.get("/api/search", query_string=args).get_json()
    for body in (a, b):
        body.pop("took_ms")
        for hit in body["results"]:
            hit["score"] = round(hit["score"], 6) if hit["score"] is not None else None
    assert a == b


LONG_QUERY = ("Wahlen Häusern Stimmen Regierungen Parteien Gemeinden Kosten Kunden Wochen "
              "Angeboten Anbietern Haushalten Preisen Gründen Schulen Straßen Bahnen Zeitungen "
              "Meldungen Städten Ländern Frauen Kindern Bürgern Räten Stellen Firmen Banken "
              "Zinsen Renten")


def test_a_words_forms_in_several_languages_count_as_one_term(client):
    # 30 words, title and body: 60 terms in one language, 124 with their German forms
    data = _search(client, q=LONG_QUERY)
    assert _hit(data, "Neue Bürgermeisterin") and _hit(data, "Stadtwerke")
    # three words more are 66 terms, over the limit of 64, counted as in one language
    response = client.get("/api/search", query_string={"q": LONG_QUERY + " Mieten Löhne Ämter"})
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("q: too many terms (66)")
