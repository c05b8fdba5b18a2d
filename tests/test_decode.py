"""Bytes to text: marks, declarations, UTF-8, detection; unreadable input fails cleanly."""

from __future__ import annotations

import codecs

import pytest

from indexer.extraction import decode
from indexer.extraction.decode import DecodeError, decode_html
from indexer.extraction.extract import ExtractError, extract

CAFE = "<p>Café crème brûlée, “naïve” façade</p>"
RUSSIAN = "<p>Москва - столица России, крупнейший город страны.</p>"
JAPANESE = "<p>東京は日本の首都であり、世界最大の都市圏の一つです。</p>"
CHINESE = "<p>北京是中华人民共和国的首都，也是全国的政治和文化中心。</p>"
KOREAN = "<p>서울은 대한민국의 수도이며 최대 도시이다.</p>"
GREEK = "<p>Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.</p>"
POLISH = "<p>Zażółć gęślą jaźń, łódź płynie szybko.</p>"

# (raw bytes, charset from the HTTP header, text the page must decode to)
DECODE_CASES = [
    ("bom-utf8", codecs.BOM_UTF8 + CAFE.encode("utf-8"), None, CAFE),
    ("bom-utf16le", codecs.BOM_UTF16_LE + CAFE.encode("utf-16-le"), None, CAFE),
    ("bom-utf16be", codecs.BOM_UTF16_BE + RUSSIAN.encode("utf-16-be"), None, RUSSIAN),
    ("bom-utf32le", codecs.BOM_UTF32_LE + KOREAN.encode("utf-32-le"), None, KOREAN),
    # The mark wins over a header that says otherwise.
    ("bom-beats-header", codecs.BOM_UTF8 + CAFE.encode("utf-8"), "iso-8859-1", CAFE),
    ("http-header", RUSSIAN.encode("koi8-r"), "koi8-r", RUSSIAN),
    ("http-header-quoted", GREEK.encode("iso-8859-7"), '"ISO-8859-7"', GREEK),
    ("http-equiv",
     b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
     + RUSSIAN.encode("cp1251"), None,
     '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">' + RUSSIAN),
    ("meta-charset", b'<meta charset="shift_jis">' + JAPANESE.encode("shift_jis"), None,
     '<meta charset="shift_jis">' + JAPANESE),
    ("meta-charset-unquoted", b"<meta charset=gbk>" + CHINESE.encode("gbk"), None,
     "<meta charset=gbk>" + CHINESE),
    ("meta-euc-kr", b'<meta charset="euc-kr">' + KOREAN.encode("euc-kr"), None,
     '<meta charset="euc-kr">' + KOREAN),
    ("xml-declaration",
     b'<?xml version="1.0" encoding="iso-8859-2"?>' + POLISH.encode("iso-8859-2"), None,
     '<?xml version="1.0" encoding="iso-8859-2"?>' + POLISH),
    # Browsers read latin-1 as windows-1252: curly quotes live in 0x80-0x9F.
    ("latin1-means-cp1252", b'<meta charset="iso-8859-1">' + CAFE.encode("cp1252"), None,
     '<meta charset="iso-8859-1">' + CAFE),
    ("undeclared-utf8", CAFE.encode("utf-8"), None, CAFE),
    ("undeclared-utf8-cyrillic", RUSSIAN.encode("utf-8"), None, RUSSIAN),
    # A stale label on UTF-8 bytes: the bytes tell the truth.
    ("utf8-labelled-latin1", b'<meta charset="iso-8859-1">' + CAFE.encode("utf-8"), None,
     '<meta charset="iso-8859-1">' + CAFE),
    # Declared UTF-8 that is not: detection takes over.
    ("false-utf8-label", b'<meta charset="utf-8">' + CAFE.encode("cp1252"), None,
     '<meta charset="utf-8">' + CAFE),
    # charset-normalizer calls short Western text cp1250; cp1252 fits and is likelier.
    ("short-cp1252", "<p>Café crème</p>".encode("cp1252"), None, "<p>Café crème</p>"),
    ("short-cp1252-german", "<p>Grüße aus München</p>".encode("cp1252"), None,
     "<p>Grüße aus München</p>"),
    ("undeclared-cp1251",
     ("<p>" + "Москва - столица России, крупнейший город страны. " * 4 + "</p>").encode("cp1251"),
     None, "<p>" + "Москва - столица России, крупнейший город страны. " * 4 + "</p>"),
    # Labels that are no text encoding, or wrong for ASCII-compatible bytes, are ignored.
    ("codec-not-text", b'<meta charset="base64">' + CAFE.encode("utf-8"), None,
     '<meta charset="base64">' + CAFE),
    ("utf16-label-on-utf8", b'<meta charset="utf-16">' + CAFE.encode("utf-8"), None,
     '<meta charset="utf-16">' + CAFE),
    ("unknown-label", b'<meta charset="no-such-charset">' + CAFE.encode("utf-8"), None,
     '<meta charset="no-such-charset">' + CAFE),
    # A file cut in the middle of a multi-byte character keeps everything before it.
    ("truncated-utf8", "<p>Москва".encode()[:-1], None, "<p>Москв"),
    ("stray-nul", b"<html><p>One stray\x00 byte in a page</p></html>", None,
     "<html><p>One stray byte in a page</p></html>"),
    ("utf16le-no-bom", ("<html><meta charset='utf-16'><p>Grüße aus Köln, "
                        "sagte sie.</p></html>").encode("utf-16-le"), "utf-16",
     "<html><meta charset='utf-16'><p>Grüße aus Köln, sagte sie.</p></html>"),
    ("utf16be-no-bom", ("<html><p>Grüße aus Köln, sagte sie am Montag.</p></html>"
                        ).encode("utf-16-be"), None,
     "<html><p>Grüße aus Köln, sagte sie am Montag.</p></html>"),
]


@pytest.mark.parametrize(("raw", "header", "expected"), [c[1:] for c in DECODE_CASES],
                         ids=[c[0] for c in DECODE_CASES])
def test_decode_html(raw: bytes, header: str | None, expected: str) -> None:
    assert decode_html(raw, header) == expected


@pytest.mark.parametrize(("raw", "message"), [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", "binary"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" * 20, "binary"),
    (bytes(range(1, 32)) * 50, "binary"),
], ids=["empty", "png", "zip", "control-bytes"])
def test_unreadable_bytes_raise_decode_error(raw: bytes, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        decode_html(raw)


@pytest.mark.parametrize(("label", "expected"), [
    ("UTF-8", "utf-8"),
    ("latin1", "cp1252"),
    ("US-ASCII", "cp1252"),
    ("Windows-1251", "cp1251"),
    (" 'gb2312' ", "gb2312"),
    ("utf-7", None),
    ("rot13", None),
    ("x-nonsense", None),
    (None, None),
], ids=lambda value: str(value).strip())
def test_codec_name(label: str | None, expected: str | None) -> None:
    assert decode.codec_name(label) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    (b'<meta charset="utf-8">', "utf-8"),
    (b"<META CHARSET='Shift_JIS'>", "Shift_JIS"),
    (b'<meta content="text/html; charset=windows-1250" http-equiv="Content-Type">', "windows-1250"),
    (b'<?xml version="1.0" encoding="ISO-8859-15"?><html>', "ISO-8859-15"),
    (b"<html><head><title>x</title></head>", None),
], ids=["meta", "meta-upper", "http-equiv-content-first", "xml", "none"])
def test_declared_charset(raw: bytes, expected: str | None) -> None:
    assert decode.declared_charset(raw) == expected


ARTICLE = ("<p>The committee published its findings on Monday, and the report runs to "
           "more than two hundred pages, with forty recommendations.</p>") * 3


@pytest.mark.parametrize(("raw", "needle"), [
    (("<html><head><meta charset='utf-8'><title>T</title></head><body><article>"
      + ARTICLE).encode("utf-8"), "two hundred pages"),
    (("<html><body><div><article><p>Unclosed paragraph with enough words to count as text, "
      "and more words after the comma<p>Another one, also unclosed, that goes on and on"
      "<div><span>" + ARTICLE).encode("utf-8"), "Unclosed paragraph"),
    (("<html><body><article>" + ARTICLE + "</article></body></html>").encode("utf-8")[:-30],
     "forty recommendations"),
    (("<html lang='ru'><head><meta charset='windows-1251'></head><body><article><p>"
      + "Москва - столица России, крупнейший город страны. " * 3
      + "</p></article></body></html>").encode("cp1251"), "крупнейший город"),
    (("<html lang='ko'><body><article><p>" + "서울은 대한민국의 수도이며, 최대 도시이다. " * 5
      + "</p></article></body></html>").encode("utf-8"), "대한민국의 수도"),
], ids=["well-formed", "unclosed-tags", "truncated", "cyrillic-cp1251", "korean"])
def test_extract_reads_messy_pages(raw: bytes, needle: str) -> None:
    assert needle in extract(raw, "page.html").body


@pytest.mark.parametrize("raw", [
    b"",
    b"   \n\t  ",
    b"\x00" * 500,
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    b"<html><body><nav><a href='/'>Home</a></nav>" + b" " * 100 + b"</body></html>",
    b"<" * 5000,
    b"<?xml version='1.0'?>" + b"]]>" * 100,
], ids=["empty", "whitespace", "nul", "png", "no-text", "angle-brackets", "junk-xml"])
def test_extract_raises_only_extract_error(raw: bytes) -> None:
    with pytest.raises(ExtractError):
        extract(raw, "bad.html")
