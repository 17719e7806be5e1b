"""Bytes to normalized text: decode with a clear refusal, NFC, newlines unified.

Accepted encodings: UTF-8 (with or without BOM), UTF-16 with a BOM, and Windows-1252 /
Latin-1 when the bytes are not UTF-8 but read as plausible Western European text (accented
letters inside words, typographic punctuation). Everything else is refused with one plain
sentence saying what to do.
"""
from __future__ import annotations

import codecs
import re
import unicodedata


class InputError(ValueError):
    """Input that cannot be analysed; the message says why in plain words."""


# Bytes that Windows-1252 leaves undefined: their presence means it is not 1252 text.
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
# Three non-ASCII characters in a row is what GBK, Shift-JIS or double-encoded UTF-8 look
# like when read as 1252; Western text has one accented letter or a quote pair at a time.
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{3,}")
_C0_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def decode(raw: bytes) -> str:
    """The text of raw, or InputError with a plain sentence."""
    return decode_with_encoding(raw)[0]


def decode_with_encoding(raw: bytes) -> tuple[str, str]:
    """(text, encoding name), or InputError with a plain sentence."""
    text, encoding = _decode(raw)
    if "\x00" in text:  # e.g. UTF-16 that decodes to NUL characters: not a text document
        raise InputError("The file looks binary (it contains NUL characters); import text, "
                         "Markdown or HTML.")
    return text, encoding


def _decode(raw: bytes) -> tuple[str, str]:
    if not raw:
        raise InputError("The file is empty; import a file that contains text.")
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw[len(codecs.BOM_UTF8):], "utf-8"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(raw, "utf-16"), "utf-16"
    if b"\x00" in raw:
        raise InputError("The file looks binary (it contains NUL bytes); import text, Markdown or HTML.")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    text = _western(raw)
    if text is not None:
        return text, "windows-1252"
    raise InputError(
        f"The file is not valid UTF-8 (byte 0x{raw[first_bad]:02x} at position {first_bad}) and "
        "does not read as Windows-1252 either; save it as UTF-8 and import it again.")


def _strict(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"The file is not valid {encoding.upper()} (byte 0x{raw[exc.start]:02x} at position "
            f"{exc.start}); save it as UTF-8 and import it again.") from None


def _western(raw: bytes) -> str | None:
    """Decode as Windows-1252 only when the result looks like Western text."""
    if _CP1252_UNDEFINED.search(raw):
        return None
    text = raw.decode("cp1252")
    if _NON_ASCII_RUN.search(text) or _C0_CONTROLS.search(text):
        return None
    non_ascii = sum(1 for ch in text if ord(ch) > 0x7F)
    letters = sum(1 for ch in text if ch.isalpha())
    # Western prose is mostly ASCII; a mostly-high-byte file is some other encoding.
    if letters == 0 or non_ascii > 0.15 * letters:
        return None
    return text


def normalize(text: str) -> str:
    """Unicode NFC, CRLF and CR to LF, nothing else (PRODUCT.md 'Normalized text')."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """Same length, lone surrogates replaced, for libraries that need encodable text."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")  # fails exactly when there is a surrogate; far cheaper than a scan
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text
