"""The lowercase words of a span, computed once per sentence and shared by the analysers.

Set lookups are much cheaper than running keyword regexes over every sentence, so each module
tests `words & ITS_KEYWORDS` first and runs its patterns only where a keyword is present.

A word is a run of characters that are neither whitespace nor one of _SEPARATORS. The same
words come out of three routes, fastest first: ASCII text goes through one byte-level
`translate` (lower case and separators to spaces) and `split`; other text has its non-ASCII
separators replaced by a regex before the same byte-level step; `_WORD.findall` is the
definition the other two are tested against.
"""
from __future__ import annotations

import re

_SEPARATORS = "!\"#$%&()*+,./:;<=>?@[\\]^_`{|}~“”‘„«»「」『』（），。：；！？、—–…"
# One character of a word, as a regex class (other modules build word boundaries from it).
WORD_CHAR = "[^\\s" + re.escape(_SEPARATORS) + "]"
_WORD = re.compile(WORD_CHAR + "+")
_NON_ASCII_SEPARATOR = re.compile("[" + re.escape("".join(c for c in _SEPARATORS if ord(c) > 127)) + "]")


def _byte_table() -> bytes:
    table = bytearray(range(256))
    for c in range(ord("A"), ord("Z") + 1):
        table[c] = c + 32
    for c in _SEPARATORS:
        if ord(c) < 128:
            table[ord(c)] = 32
    return bytes(table)


# ASCII capitals to lower case and ASCII separators to spaces; bytes >= 0x80 (all bytes of a
# multi-byte UTF-8 character) are left alone. str.split() afterwards splits on exactly the
# characters `\s` matches.
_BYTE_TABLE = _byte_table()


def ascii_folded(piece: str) -> str:
    """ASCII piece in lower case with separators as spaces: words_of(piece) is the set of its
    split(), and (the mapping being per character) a slice of it gives the words of that slice."""
    return piece.encode("ascii").translate(_BYTE_TABLE).decode("ascii")


def words_of(piece: str) -> set[str]:
    """Lowercase words of piece (the same set as `set(_WORD.findall(piece.lower()))`)."""
    if piece.isascii():
        return set(piece.encode("ascii").translate(_BYTE_TABLE).decode("ascii").split())
    low = _NON_ASCII_SEPARATOR.sub(" ", piece.lower())
    return set(low.encode("utf-8", "surrogatepass").translate(_BYTE_TABLE)
               .decode("utf-8", "surrogatepass").split())


def word_set(text: str, start: int = 0, end: int | None = None) -> set[str]:
    """Lowercase words of text[start:end]; apostrophes and hyphens stay inside words."""
    return words_of(text[start:end])
