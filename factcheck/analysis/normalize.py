"""Bytes to normalized text: decode with a clear refusal, NFC, newlines unified."""
from __future__ import annotations

import codecs
import unicodedata


class InputError(ValueError):
    """Input that cannot be analysed; the message says why in plain words."""


def decode(raw: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; refuse anything else."""
    if not raw:
        raise InputError("the file is empty")
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
        encoding = "utf-8"
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
        if b"\x00" in raw[:8192]:
            raise InputError("the file looks binary (it contains NUL bytes); import text, Markdown or HTML")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the file is not valid {encoding.upper()} (byte 0x{raw[exc.start]:02x} at position {exc.start}); "
            "save it as UTF-8 and import it again") from None
    return text


def normalize(text: str) -> str:
    """Unicode NFC, CRLF and CR to LF, nothing else (PRODUCT.md 'Normalized text')."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
