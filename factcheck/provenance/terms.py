"""Terms of a span: what retrieval (bm25s) and the overlap score compare.

A term is a lowercase word with a light suffix stemming ("launched" and "launch", "replaced" and
"replacement", "cities" and "city" meet). Stop words, attribution verbs (rewrites swap "said"
for "told the forum" freely) and the words of numbers ("million", "percent") are left out.
Han, kana and hangul runs have no spaces, so they give character bigrams instead. Digits are
not terms: numbers and dates are compared as details.
"""
from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]+")

STOPWORDS = frozenset("""
a an the and or but nor of to in on at by for from with without into onto over under as is are
was were be been being am it its itself this that these those he she they them their theirs his
her hers him we us our you your i me my will would could should can may might must shall has have
had having do does did not no so than then there here which who whom whose what when where while
why how also said says say saying told tell tells according added adding noted just only very
too such both each either neither any all some most more much many few other others another own
same about if because since until up down out off again further once per via s t via yet still
even though although however meanwhile thus therefore
thousand million billion trillion bn mn percent per cent percentage
two three four five six seven eight nine ten eleven twelve
""".split())  # the last two lines are parts of numbers, compared as details

# Longest first: the first suffix that leaves at least four letters is taken off.
_SUFFIXES = (("ations", ""), ("ation", ""), ("ments", ""), ("ment", ""), ("ings", ""),
             ("ing", ""), ("ies", "y"), ("ied", "y"), ("ers", ""), ("er", ""), ("ed", ""),
             ("es", ""), ("ly", ""), ("s", ""))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stem: enough for a rewrite's inflections to meet the original's."""
    if len(word) <= 4 or not word.isascii():
        return word
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: len(word) - len(suffix)] + repl
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


_TERMS: dict[str, str | None] = {}  # word -> term; bounded by the language's vocabulary


def _term(word: str) -> str | None:
    """The term of one lowercase word, or None for a stop word."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if word in STOPWORDS or len(word) < 2:
        return None
    return stem(word)


def terms(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """Terms of text[start:end] in order, repeats kept."""
    piece = text[start:end].lower()
    out: list[str] = []
    cache = _TERMS
    for word in _WORD.findall(piece):
        term = cache.get(word, "")
        if term == "":
            if not piece.isascii() and _CJK_RUN.search(word):
                for run in _CJK_RUN.findall(word):
                    out.extend(run[i:i + 2] for i in range(max(1, len(run) - 1)))
                continue
            if len(cache) < 200_000:
                cache[word] = term = _term(word)
            else:
                term = _term(word)
        if term is not None:
            out.append(term)
    return out
