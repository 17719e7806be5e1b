"""Sentence spans with exact offsets: sentencex, corrected for news text.

sentencex is fast and mostly right; news text trips it in a few known places, fixed here:
  - title abbreviations that never end a sentence (Dr., Ms., Gen., Approx., Fig., ...) are
    merged with what follows; "No. 5", "Jan. 15", "Inc. said", "5 p.m. Friday" likewise;
  - an ellipsis ("..." or "…") before a lower-case word is not a sentence end;
  - "the U.S. The next day" and "he left… Then" are split where sentencex keeps one piece;
  - a quotation ending in ?" or !" followed by its speech tag ('"Why?" Smith asked.') stays
    one sentence;
  - CJK 。！？ end sentences (sentencex does this for every language, except before an ASCII
    digit: "增长6.8%。2025年…" is split here).
Lone surrogates are replaced (same length) before calling sentencex, which cannot encode them.
"""
from __future__ import annotations

import re

from sentencex import get_sentence_boundaries, segment

from .normalize import without_surrogates

_SUPPORTED = {"en", "de", "fr", "es", "it", "pt", "nl", "zh", "ja", "ru"}

# The abbreviation a sentence ends in: the word between the last separator (or the start) and
# the final "."; then one set lookup per list instead of a regex of alternatives for each.
_LAST_WORD = re.compile(r"(?:^|[\s(\"“'‘-])([A-Za-z.]{1,6})\.$")
# Never the end of a sentence in news text.
_TITLE_WORDS = frozenset(
    "Mr Mrs Ms Mx Dr Prof Gen Gov Sen Sens Rep Reps Rev Hon Sgt Lt Col Capt Cmdr Adm Maj Cpl Pvt "
    "Supt Insp Det Pres Amb Atty Messrs Mme Mlle Mt Ft Approx approx Eq Fig Figs Vol Vols Nr cf ca "
    "vs Ste".split())
# End a sentence only when the next word cannot continue it.
_SOFT_WORDS = frozenset(
    "St No Nos Art Sec Ch pp Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec a.m p.m Inc Corp Co "
    "Ltd Bros LLC plc Jr Sr etc U.S U.K U.N E.U D.C e.g i.e pct est Est".split()
    + list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
# The last two characters of each word of either list (or the letter, for one-letter words):
# a tail that ends otherwise cannot end in one, and the _LAST_WORD search is skipped.
_WORD_ENDS = frozenset(w[-2:] for w in _TITLE_WORDS | _SOFT_WORDS)
_TIME_END = re.compile(r"(?:^|\s)[ap]\.m\.$")
_TIME_FOLLOWER = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|ET|EST|EDT|PT|PST|PDT|CT|GMT|"
    r"BST|CET|UTC|HKT|JST|local)\b|(?:[A-Z][a-z]+\s+){1,2}time\b")
_SENTENCE_STARTER = re.compile(
    r"(?:The|He|She|It|They|We|I|But|And|However|This|That|These|Those|There|His|Her|Their|Its|"
    r"Our|A|An|In|On|At|Meanwhile|Officials|Police|Some|Many|Most|Yet|Still|So)\b")
# '"Why now?" Smith asked.' is one sentence.
_QUESTION_QUOTE_END = re.compile(r"[?!][\"”’']$")
_SPEECH_TAG = re.compile(
    r"[A-Z][\w'’.-]*\s+(?:[\w'’.-]+\s+){0,3}?(?:said|asked|says|asks|added|replied|wrote|told|"
    r"exclaimed|shouted|continued|recalled|wondered|demanded)\b")
_CJK_SPEECH_TAG = re.compile(r"[^。！？“”\s]{1,20}?(?:说|表示|称|指出|强调|问道|介绍|透露)[。，,]")
# Splits sentencex misses.
_MISSED_SPLIT = re.compile(
    r"(?:(?<=\bU\.S\.)|(?<=\bU\.K\.)|(?<=\bU\.N\.)|(?<=\bE\.U\.)|(?<=\bD\.C\.)|(?<=\ba\.m\.)|"
    r"(?<=\bp\.m\.)|(?<=\betc\.))\s+(?=" + _SENTENCE_STARTER.pattern + r")"
    r"|(?<=…)\s+(?=[A-Z][a-z])"
    r"|(?<=[。！？])(?=[0-9])")  # sentencex keeps "增长6.8%。2025年…" together
_LIST_MARKER = re.compile(r"(?:[-*+•>]|#{1,6}|\d{1,3}[.)])[ \t]+")
_LIST_MARKER_FIRST = "-*+•>#"  # or a digit (\d)
_HAS_WORD = re.compile(r"\w")


def sentence_spans(text: str, start: int = 0, end: int | None = None,
                   language: str = "en") -> list[tuple[int, int]]:
    """(start, end) of each sentence in text[start:end], whitespace trimmed, absolute offsets."""
    if end is None:
        end = len(text)
    piece = text[start:end]
    if not piece or piece.isspace():
        return []
    first = piece[0]
    if first in _LIST_MARKER_FIRST or first.isdecimal():
        marker = _LIST_MARKER.match(piece)
        if marker:
            start += marker.end()
            piece = piece[marker.end():]
            if not piece or piece.isspace():
                return []
    # Line breaks inside a block are wraps, not boundaries; same length keeps offsets.
    call_text = without_surrogates(piece).replace("\n", " ")
    lang = language if language in _SUPPORTED else "en"
    spans: list[tuple[int, int]] = []
    # segment() returns the pieces of call_text in order (sentences with their trailing space);
    # their lengths give the offsets get_sentence_boundaries() reports, at half the cost. It has
    # no newline, hence no paragraph-break pieces; if the pieces ever do not add up, fall back
    # (found after the loop, which saves summing the lengths first).
    pos = 0
    sentence: str  # so that its length and end characters are direct C calls
    for sentence in segment(lang, call_text):
        s = pos
        pos += len(sentence)
        e = pos
        if s == e:
            continue
        # sentence is call_text[s:e], whitespace where piece has it (a surrogate's
        # replacement is not whitespace either), so its strip gives the offsets.
        if sentence[-1].isspace():  # the trailing space of every piece but the last
            e = s + len(sentence.rstrip())
        if s < e and sentence[0].isspace():
            s = e - len(sentence.strip())
        if s < e:
            spans.append((s, e))
    if pos != len(call_text):
        spans = []
        for part in get_sentence_boundaries(lang, call_text):
            if part["is_paragraph_break"]:
                continue
            s, e = _trim(piece, part["start_index"], part["end_index"])
            if s < e:
                spans.append((s, e))
    if len(spans) > 1:
        spans = _merge(piece, spans)
    if "…" in piece or "etc." in piece or _MISSED_GATE.search(piece) or (
            not piece.isascii() and any(map(piece.__contains__, _CJK_ENDS))
            and _CJK_END_DIGIT.search(piece)):
        spans = _split_missed(piece, spans)
    out = []
    for s, e in spans:
        first = piece[s]
        if first.isalnum() or first == "_" or _HAS_WORD.search(piece, s, e):
            out.append((start + s, start + e))
    return out


def _trim(piece: str, s: int, e: int) -> tuple[int, int]:
    if s < e and piece[s].isspace():
        s = e - len(piece[s:e].lstrip())
    if e > s and piece[e - 1].isspace():
        e = s + len(piece[s:e].rstrip())
    return s, e


def _merge(piece: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if len(spans) < 2:
        return spans
    merged = [spans[0]]
    for s, e in spans[1:]:
        ps, pe = merged[-1]
        if _continues(piece[max(ps, pe - 16):pe], piece[s:s + 40]):
            merged[-1] = (ps, e)
        else:
            merged.append((s, e))
    return merged


def _continues(tail: str, head: str) -> bool:
    """Whether a sentence ending in tail really goes on with head."""
    last = tail[-1]
    first = head[0]
    if last == ".":
        if not ("a" <= tail[-2:-1] <= "z" or "A" <= tail[-2:-1] <= "Z"):
            # Every abbreviation below ends in an ASCII letter; "..." is an ellipsis.
            return first.islower() and tail.endswith("...")
        if tail[-3:-1] not in _WORD_ENDS and tail[-2] not in _WORD_ENDS:
            return False
        # The longest word is six characters: the match starts among the last eight ("^"
        # still means the tail's start).
        m = _LAST_WORD.search(tail, max(0, len(tail) - 8))
        word = m.group(1) if m else ""
        if word in _TITLE_WORDS:
            return True
        if word in _SOFT_WORDS:
            if first.islower() or first.isdigit():
                return True
            if _TIME_END.search(tail) and _TIME_FOLLOWER.match(head):
                return True
            return tail.endswith(("No.", "Nos.", "St.")) and not _SENTENCE_STARTER.match(head)
        return False
    if last in "\"”’'" and _QUESTION_QUOTE_END.search(tail):
        return bool(_SPEECH_TAG.match(head)) or first.islower()
    if last == "…":
        return first.islower()
    if last in "”」』\"" and tail[-2:-1] in ("。", "！", "？") and _CJK_SPEECH_TAG.match(head):
        return True  # “……机会。”陈慧敏说。
    return False


_MISSED_NEEDLES = ("U.S.", "U.K.", "U.N.", "E.U.", "D.C.", "a.m.", "p.m.", "etc.", "…", "。", "！", "？")
# A character class scans slowly: the search runs only when one of the ends is in the piece.
_CJK_ENDS = "。！？"
_CJK_END_DIGIT = re.compile(f"[{_CJK_ENDS}][0-9]")
# Every needle but "etc." and "…" has a dot, a letter of this class and a dot.
_MISSED_GATE = re.compile(r"\.[SKNUCm]\.")


def _split_missed(piece: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split where _MISSED_SPLIT matches: only right after a needle can it match (a lookbehind
    on the needle starts every alternative), so it is tried only there."""
    cuts = []
    for needle in _MISSED_NEEDLES:
        i = piece.find(needle)
        while i >= 0:
            cuts.append(i + len(needle))
            i = piece.find(needle, i + 1)
    if not cuts:
        return spans
    cuts.sort()
    out = []
    for s, e in spans:
        cut = s
        pos = s
        for q in cuts:
            if q < pos or q >= e:
                continue
            m = _MISSED_SPLIT.match(piece, q, e)
            if m is None:
                continue
            if m.start() > cut:  # "。" then a digit at the very start: nothing to cut off
                out.append(_trim(piece, cut, m.start()))
            cut = pos = m.end()
        out.append((cut, e) if cut == s else _trim(piece, cut, e))
    return out
