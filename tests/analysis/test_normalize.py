import codecs

import pytest

from factcheck.analysis.normalize import (InputError, decode, decode_with_encoding, normalize,
                                          without_surrogates)


def test_utf8_with_and_without_bom():
    assert decode("café".encode()) == "café"
    assert decode_with_encoding(codecs.BOM_UTF8 + "café".encode()) == ("café", "utf-8-sig")


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"),
                                        (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_utf16_with_bom(bom, codec):
    text, encoding = decode_with_encoding(bom + "Zürich 2026年".encode(codec))
    assert text == "Zürich 2026年" and encoding == "utf-16"


def test_windows_1252_is_detected():
    raw = "Café owners said the “new rules” cost €4 – or more.".encode("cp1252")
    text, encoding = decode_with_encoding(raw)
    assert encoding == "windows-1252"
    assert text == "Café owners said the “new rules” cost €4 – or more."


def test_latin1_text_is_read():
    raw = "Der Bürgermeister sagte, die Straße bleibt offen.".encode("latin-1")
    assert decode(raw) == "Der Bürgermeister sagte, die Straße bleibt offen."


@pytest.mark.parametrize("raw", [
    "深圳东湾港区集装箱吞吐量增长".encode("gbk"),
    "日本語のニュース記事です".encode("shift_jis"),
    b"\x81\x8d\x8f plain",
])
def test_other_encodings_are_refused_clearly(raw):
    with pytest.raises(InputError, match="UTF-8"):
        decode(raw)


def test_empty_and_binary_are_refused():
    with pytest.raises(InputError, match="empty"):
        decode(b"")
    with pytest.raises(InputError, match="binary"):
        decode(b"PK\x03\x04\x00\x00 zip file")


def test_nul_characters_after_decoding_are_refused():
    with pytest.raises(InputError, match="binary"):
        decode(codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"))


def test_invalid_utf16_is_refused():
    with pytest.raises(InputError, match="UTF-16"):
        decode(codecs.BOM_UTF16_LE + b"\x00\xd8\x41")  # lone high surrogate


def test_normalize_changes_only_newlines_and_composition():
    assert normalize("a\r\nb\rc\n") == "a\nb\nc\n"
    assert normalize("Cafe\u0301") == "Café"
    assert normalize("tabs\tand  two spaces ") == "tabs\tand  two spaces "


def test_without_surrogates_keeps_length():
    text = "a\ud800b"
    assert without_surrogates(text) == "a\ufffdb"
    assert len(without_surrogates(text)) == len(text)
