"""The lowercase words of a span, computed once per sentence and shared by the analysers.

Set lookups are much cheaper than running keyword regexes over every sentence, so each module
tests `words & ITS_KEYWORDS` first and runs its patterns only where a keyword is present.
"""
from __future__ import annotations

_SEPARATORS = "!\"#$%&()*+,./:;<=>?@[\\]^_`{|}~“”‘„«»「」『』（），。：；！？、—–…"
_TABLE = str.maketrans({c: " " for c in _SEPARATORS})


def word_set(text: str, start: int = 0, end: int | None = None) -> set[str]:
    """Lowercase words of text[start:end]; apostrophes and hyphens stay inside words."""
    return set(text[start:end].lower().translate(_TABLE).split())
