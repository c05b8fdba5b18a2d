"""Reading one date string: ISO, numeric, with a month name in one of many languages, or CJK."""

from __future__ import annotations

import datetime as dt
import re

from .. import settings
from .page import fold

# Month names as pages write them (nominative and genitive forms) in Latin, Greek, Cyrillic,
# Arabic (Levantine names too, where they are one word) and Devanagari script.
_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "januar", "jänner", "janvier", "enero", "gennaio", "janeiro", "januari",
        "stycznia", "styczeń", "января", "январь", "ledna", "leden", "ocak", "ianuarie",
        "sausio", "tammikuuta", "siječnja", "ιανουαρίου", "januára", "január",
        "січня", "януари", "يناير",
        "gener", "janar", "jaanuar", "janvāris", "janvārī", "जनवरी"),
    2: ("february", "februar", "février", "febrero", "febbraio", "fevereiro", "februari",
        "lutego", "luty", "февраля", "февраль", "února", "únor", "şubat", "februarie",
        "vasario", "helmikuuta", "veljače", "φεβρουαρίου", "februára", "február",
        "лютого", "февруари", "فبراير", "شباط",
        "febrer", "shkurt", "veebruar", "februāris", "pebrero", "फ़रवरी", "फरवरी"),
    3: ("march", "märz", "maerz", "mars", "marzo", "março", "maart", "maret", "marca",
        "marzec", "марта", "март", "března", "březen", "mart", "martie", "kovo",
        "maaliskuuta", "ožujka", "μαρτίου", "marec", "március",
        "березня", "مارس", "آذار",
        "març", "marts", "märts", "marso", "मार्च"),
    4: ("april", "avril", "abril", "aprile", "kwietnia", "kwiecień", "апреля", "апрель",
        "dubna", "duben", "nisan", "aprilie", "balandžio", "huhtikuuta", "travnja",
        "απριλίου", "apríla", "április",
        "квітня", "أبريل", "ابريل", "نيسان",
        "prill", "aprill", "aprīlis", "अप्रैल"),
    5: ("may", "mai", "mayo", "maggio", "maio", "mei", "maj", "maja", "мая", "май", "května",
        "květen", "mayıs", "gegužės", "toukokuuta", "svibnja", "μαΐου", "mája", "május",
        "травня", "مايو", "أيار",
        "maig", "maijs", "मई"),
    6: ("june", "juni", "juin", "junio", "giugno", "junho", "czerwca", "czerwiec", "июня",
        "июнь", "června", "červen", "haziran", "iunie", "birželio", "kesäkuuta", "lipnja",
        "ιουνίου", "júna", "június",
        "червня", "юни", "يونيو", "يونيه", "حزيران",
        "juny", "qershor", "juuni", "jūnijs", "junij", "hunyo"),
    7: ("july", "juli", "juillet", "julio", "luglio", "julho", "lipca", "lipiec", "июля",
        "июль", "července", "červenec", "temmuz", "iulie", "liepos", "heinäkuuta", "srpnja",
        "ιουλίου", "júla", "július",
        "липня", "юли", "يوليو", "يوليه", "تموز",
        "juliol", "korrik", "juuli", "jūlijs", "julij", "julai", "hulyo", "जुलाई"),
    8: ("august", "août", "agosto", "augustus", "agustus", "augusti", "sierpnia", "sierpień",
        "августа", "август", "srpna", "srpen", "ağustos", "rugpjūčio", "elokuuta",
        "kolovoza", "αυγούστου", "augusztus",
        "серпня", "أغسطس",
        "agost", "gusht", "augusts", "avgust", "ogos", "अगस्त"),
    9: ("september", "septembre", "septiembre", "setiembre", "settembre", "setembro",
        "września", "wrzesień", "сентября", "сентябрь", "září", "eylül", "septembrie",
        "rugsėjo", "syyskuuta", "rujna", "σεπτεμβρίου", "septembra", "szeptember",
        "вересня", "септември", "سبتمبر", "أيلول",
        "setembre", "shtator", "septembris", "septembar", "setyembre", "सितंबर", "सितम्बर"),
    10: ("october", "oktober", "octobre", "octubre", "ottobre", "outubro", "października",
         "październik", "октября", "октябрь", "října", "říjen", "ekim", "octombrie",
         "spalio", "lokakuuta", "οκτωβρίου", "októbra", "október",
         "жовтня", "октомври", "أكتوبر",
         "tetor", "oktoober", "oktobris", "oktobar", "oktubre", "अक्टूबर", "अक्तूबर"),
    11: ("november", "novembre", "noviembre", "novembro", "listopada", "listopad", "ноября",
         "ноябрь", "listopadu", "kasım", "noiembrie", "lapkričio", "marraskuuta",
         "studenoga", "νοεμβρίου", "novembra",
         "ноември", "نوفمبر",
         "nëntor", "novembris", "novembar", "nobyembre", "नवंबर", "नवम्बर"),
    12: ("december", "dezember", "décembre", "diciembre", "dicembre", "dezembro", "desember",
         "grudnia", "grudzień", "декабря", "декабрь", "prosince", "prosinec", "aralık",
         "decembrie", "gruodžio", "joulukuuta", "prosinca", "δεκεμβρίου", "decembra",
         "грудня", "декември", "ديسمبر",
         "desembre", "dhjetor", "detsember", "decembris", "decembar", "disember", "disyembre",
         "दिसंबर", "दिसम्बर"),
}
_MONTHS: dict[str, int] = {
    fold(name): number for number, names in _MONTH_NAMES.items() for name in names
}
# Abbreviations ("Sept", "janv", "Okt") are prefixes of a name. Where two languages share a
# prefix ("mar": March, Finnish "marraskuuta"), the language listed first in the table wins.
_ABBREVIATIONS: dict[str, int] = {}
for _position in range(max(len(names) for names in _MONTH_NAMES.values())):
    for _number, _names in _MONTH_NAMES.items():
        if _position < len(_names):
            _name = fold(_names[_position])
            for _size in (3, 4, 5):
                if len(_name) > _size and _name[:_size] not in _MONTHS:
                    _ABBREVIATIONS.setdefault(_name[:_size], _number)


def _month(word: str) -> int | None:
    word = fold(word).rstrip(".")
    return _MONTHS.get(word) or _ABBREVIATIONS.get(word)


# a month name: letters, and the vowel signs of Devanagari, which are not letters to `re`
_WORD = r"((?:[^\W\d_]|[\u0900-\u097f]){3,12})\.?"
_DAY = r"(3[01]|[12]\d|0?[1-9])"
YEAR = r"((?:19|20)\d\d)"
# 2021-03-03, 2021/03/03, 2021.03.03; a time and zone after it are ignored: the day as written
_ISO = re.compile(rf"(?<!\d){YEAR}([-/.])(1[0-2]|0?[1-9])\2{_DAY}(?!\d)")
# 20210303, 20210303T101500
_COMPACT = re.compile(rf"(?<!\d){YEAR}(1[0-2]|0[1-9])(3[01]|[12]\d|0[1-9])(?=T|\b|_)")
# 03.03.2021, 3/3/2021, 03-03-2021
_NUMERIC = re.compile(rf"(?<!\d)(\d{{1,2}})\s?([./-])\s?(\d{{1,2}})\s?\2\s?{YEAR}(?!\d)")
# 3 March 2021, 3. März 2021, 3 de marzo de 2021, 03-Mar-2021, 3rd of March, 2021
_DMY_WORDS = re.compile(
    rf"(?<!\d){_DAY}(?:st|nd|rd|th|er|º|°)?\.?[\s-]*(?:de\s+|of\s+)?{_WORD}[\s,-]*(?:de\s+)?{YEAR}(?!\d)",
    re.IGNORECASE,
)
# March 3, 2021; Mar. 3rd 2021
_MDY_WORDS = re.compile(
    rf"(?<!\w){_WORD}\s+{_DAY}(?:st|nd|rd|th)?,?\s+{YEAR}(?!\d)", re.IGNORECASE
)
# 2021 m. kovo 3 d. (Lithuanian), 2021. március 3. (Hungarian)
_YMD_WORDS = re.compile(rf"(?<!\d){YEAR}\.?\s*(?:m\.\s*)?{_WORD}\s+{_DAY}(?!\d)", re.IGNORECASE)
# 28.01.22: only in an element that is marked as a date
_SHORT_YEAR = re.compile(r"(?<![\d.])(3[01]|[12]\d|0?[1-9])\.(1[0-2]|0?[1-9])\.(\d\d)(?![\d.])")
_WORD_ORDERS = ((_DMY_WORDS, (2, 1, 3)), (_MDY_WORDS, (1, 2, 3)), (_YMD_WORDS, (2, 3, 1)))
# 2020年7月3日 (Chinese, Japanese), 2020년 3월 4일 (Korean)
_CJK = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*[年년]\s*(1[0-2]|0?[1-9])\s*[月월]\s*(3[01]|[12]\d|0?[1-9])\s*[日일]"
)
_TIMESTAMP = re.compile(r"^\d{10}(?:\d{3})?$")


def valid_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    # nothing on the web predates it, and nothing can be published after today
    if not settings.MIN_DATE <= value <= dt.date.today():
        return None
    return value


def _numeric(first: int, second: int, year: int, month_first: bool) -> dt.date | None:
    """d.m.Y or m/d/Y: a value over 12 settles the order, else the page's habit does."""
    if first > 12 or (second <= 12 and not month_first):
        return valid_date(year, second, first)
    return valid_date(year, first, second)


def parse_date(value: str, month_first: bool = False, short_year: bool = False) -> dt.date | None:
    """The earliest-written date in a string (ISO, numeric or with a month name), or None."""
    if not value:
        return None
    value = value.strip()
    if _TIMESTAMP.match(value):
        # a Unix timestamp in seconds or milliseconds
        stamp = dt.datetime.fromtimestamp(int(value[:10]), tz=dt.UTC)
        return valid_date(stamp.year, stamp.month, stamp.day)
    found: list[tuple[int, dt.date]] = []
    if (m := _ISO.search(value)) and (day := valid_date(int(m[1]), int(m[3]), int(m[4]))):
        found.append((m.start(), day))
    if (m := _COMPACT.search(value)) and (day := valid_date(int(m[1]), int(m[2]), int(m[3]))):
        found.append((m.start(), day))
    if (m := _CJK.search(value)) and (day := valid_date(int(m[1]), int(m[2]), int(m[3]))):
        found.append((m.start(), day))
    for m in _NUMERIC.finditer(value):
        # only the slash is the American habit: 03.04.2021 is the 3rd of April everywhere
        if day := _numeric(int(m[1]), int(m[3]), int(m[4]), month_first and m[2] == "/"):
            found.append((m.start(), day))
            break
    # (pattern, group numbers of month, day and year)
    for pattern, order in _WORD_ORDERS:
        for m in pattern.finditer(value):
            month = _month(m[order[0]])
            if month and (day := valid_date(int(m[order[2]]), month, int(m[order[1]]))):
                found.append((m.start(), day))
                break
    if not found and short_year and (m := _SHORT_YEAR.search(value)):
        year = 2000 + int(m[3])
        year = year if year <= dt.date.today().year else year - 100
        return valid_date(year, int(m[2]), int(m[1]))
    if not found:
        return None
    return min(found)[1]
