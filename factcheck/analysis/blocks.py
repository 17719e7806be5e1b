"""Blocks: the structural spans of an article (title, heading, paragraph, boilerplate).

Plain text and Markdown are split into parts here (`plain_parts`); HTML extraction makes its
own parts with hints from the markup (h1-h6, figcaption, footer, ...). `classify` then gives
every part a kind. Boilerplate kinds: related, disclaimer, byline, footer, promo, caption,
separator, metadata. A line alone that announces related articles ("Related Articles",
"You may also like", "Read more") opens a run: the short teasers under it are `related` too,
headline-like or not, until an explicit heading, a long paragraph or twelve teasers end it.

Plain text: paragraphs are separated by blank lines or by single line breaks (as in the demo
and the shared sample); a line break inside a paragraph is a wrap when the line before does not
end a sentence and the next starts in lower case, or when the line before is long and not a
title-case heading. A note that opens like a disclosure but reports someone else ("..., the
lawsuit claims") stays a paragraph.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .model import Block


class Part(NamedTuple):
    start: int
    end: int
    hint: str | None = None  # title | heading | paragraph | quote | or a boilerplate kind


def part(start: int, end: int, hint: str | None = None) -> Part:
    """Part(start, end, hint) without the Python-level __new__ that NamedTuple generates."""
    return tuple.__new__(Part, (start, end, hint))


BOILERPLATE_HINTS = {"related", "disclaimer", "byline", "footer", "promo", "caption",
                     "separator", "metadata"}

_I = re.IGNORECASE
_RELATED_HEAD = re.compile(
    r"(?:related(?: (?:articles?|stories|news|content|coverage|reading|posts|links|topics))?|"
    r"you (?:may|might) also (?:like|enjoy|be interested in)|read (?:more|also|next)|also read|"
    r"see also|more (?:from|on|in)\b.{0,60}|more (?:stories|news|articles|like this)|"
    r"recommended(?: for you| reading| stories| articles)?|most (?:read|popular|viewed|shared)|"
    r"trending(?: now| stories| news)?|popular (?:now|stories|articles)|what to read next|"
    r"further reading|top stories|latest (?:news|stories)|editor'?s picks|don'?t miss|"
    r"相关(?:文章|新闻|阅读|报道)|延伸阅读|推荐阅读|热门文章|猜你喜欢)\s*[:：]?", _I)
# "..., the lawsuit claims": a statement reported from someone else, not the page's own note.
REPORTING_CLAUSE = (
    r"[,;]\s*(?:[\w'’-]+\s+){0,4}?(?:said|says|claims?|claimed|alleges?|alleged|reported|reports|"
    r"argues?|argued|suggests?|suggested|wrote|writes|insists?|insisted|according to)\b")
_REPORTED = re.compile(REPORTING_CLAUSE, re.IGNORECASE)
_RELATED_INLINE = re.compile(
    r"(?:read more|read also|also read|related|see also|more|recommended|watch|listen)\s*[:：]\s*\S", _I)
_DISCLAIMER = re.compile(
    r"(?:editor'?s'? note|editors'? note|note to readers|note from the editors?|disclaimer|"
    r"disclosure|ai disclosure|transparency note|correction|clarification|update|about this "
    r"(?:article|story|content|summary))\s*[:：—–-]"
    r"|(?:this (?:content|article|story|summary|report|piece|post|text|page|newsletter|translation|"
    r"audio|video|episode)|the (?:key points|summary|bullet points|translation|audio version)"
    r"(?: above| below)?) (?:is|was|has been|have been|were|are|"
    r"may (?:have been|contain)|contains|includes)\b[^\n]{0,80}?(?:generat|\bai\b|a\.i\.|"
    r"artificial intelligence|automat|algorithm|machine|assist|sponsor|paid|partnership|"
    r"provided by|updated|corrected|amended|informational|opinion|advice|translat|summari[sz]|"
    r"republish|originally|language model|chatgpt|gpt|llm)"
    r"|(?:no part of|none of) this (?:article|story|content|report)"
    r"|the (?:views|opinions) expressed|for (?:general )?informational purposes only|"
    r"(?:is|does) not (?:constitute )?(?:financial|investment|legal|medical) advice|"
    r"errors may occur|may contain (?:errors|inaccuracies)|we recommend verifying|"
    r"this (?:story|article) (?:originally )?appeared|originally published|"
    r"ai[- ]generated(?: content| summary| article| text| story)?\s*[.:]?\s*$|"
    r"免责声明|声明[:：]|本文(?:内容)?由|以上内容(?:由|仅)|本文(?:仅|不构成)", _I)
# The keyword is a whole word ("Byzantine art ...", "Authority figures ..." are none); a name in
# Chinese may follow it directly.
_BYLINE = re.compile(
    r"(?:by|written by|reporting by|reported by|words by|story by|additional reporting by|"
    r"compiled by|edited by|author|authors|by:)(?![^\W\u3400-\u9fff])\s*[:：]?\s*"
    r"[\w\u3400-\u9fff\[]"
    r"|\((?:reporting|writing|editing) by\b"
    r"|(?:published|updated|posted|last updated|first published)\s*[:：]?\s*(?:on\s+)?"
    r"(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)"
    r"|(?:记者|作者|来源|责任编辑|编辑|撰文|文)\s*[:：|｜]", _I)
_FOOTER = re.compile(
    r"(?:©|\(c\)\s*\d|copyright\b|all rights reserved|版权所有|"
    r"(?:terms of (?:use|service)|privacy policy|cookie (?:policy|settings)|contact us|about us|"
    r"advertise with us|accessibility|site ?map)\s*(?:[|·•,]|$)|"
    r"(?:read |see |learn about )?(?:our |about our )?(?:ai|editorial|corrections|ethics|"
    r"artificial intelligence) (?:policy|policies|guidelines|principles|standards)\b|"
    r"how we use (?:ai|artificial intelligence)\b|"
    r"(?:read|learn|see|find out) (?:more )?(?:about )?how [^\n]{1,60} uses? (?:ai|artificial "
    r"intelligence)\b)", _I)
_PROMO = re.compile(
    r"(?:subscribe\b|sign up\b|sign-up\b|get (?:our|the) [^\n]{0,40}newsletter|join our\b|"
    r"follow us\b|download (?:our|the) app|click here|advertisement\s*$|sponsored(?: content)?\s*$|"
    r"share (?:this|on)\b|support (?:our|independent) journalism|become a (?:member|subscriber)|"
    r"listen to (?:this|the) (?:article|story|podcast)|get the latest|we'?d love your feedback|"
    r"(?:free )?newsletter\b|关注我们|扫码|订阅)", _I)
_NEWSLETTER = re.compile(r"newsletter|inbox|subscribe", _I)
# _NEWSLETTER with its first letter as a character class (every character the case-insensitive
# letter matches), so the engine can skip to candidate letters.
_NEWSLETTER_FAST = re.compile(r"[NnIiİıSsſ](?:(?<=[Nn])(?i:ewsletter)|(?<=[Iiİı])(?i:nbox)|"
                              r"(?<=[Ssſ])(?i:ubscribe))")
# A piece of each word free of i, s and k (which case-fold with non-ASCII letters): a match of
# _NEWSLETTER_FAST has one in its lower case, and str.find is far cheaper than the search.
_NEWSLETTER_PIECES = ("letter", "nbox", "cr")
_DATE_ONLY = re.compile(
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    r"(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:st|nd|rd|th)?,?\s+\d{4}(?:[,\s]+\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
    r"|\d{4}-\d{2}-\d{2}(?:[T\s]\d{2}:\d{2}(?::\d{2})?)?|\d{4}年\d{1,2}月\d{1,2}日(?:\s*\d{1,2}:\d{2})?",
    _I)


def case_variants(ch: str) -> str:
    """The characters `(?i)ch` matches: both cases, and for i, s and k also İ ı, ſ and the
    Kelvin sign (the only non-ASCII characters that fold onto ASCII letters)."""
    extra = {"i": "İı", "s": "ſ", "k": "\u212a"}.get(ch.lower(), "")
    return "".join(dict.fromkeys(ch.lower() + ch.upper() + extra)) if ch.isalpha() else ch


def _first_chars(chars: str) -> frozenset[str]:
    """What a case-insensitive pattern whose matches start with one of chars can start with."""
    return frozenset("".join(map(case_variants, chars)))


# The characters each pattern can start with (test_blocks checks them against the patterns);
# _DATE_ONLY also starts with any decimal digit.
_RELATED_HEAD_FIRST = _first_chars("adeflmprstwy相延推热猜")
_RELATED_INLINE_FIRST = _first_chars("almrsw")
_DISCLAIMER_FIRST = _first_chars("acdefimnotuw免声本以")
_BYLINE_FIRST = _first_chars("(abceflprsuw记作来责编撰文")
_DATE_FIRST = _first_chars("adfjmnostw")
_FOOTER_FIRST = _first_chars("©(acefhloprst版")
_PROMO_FIRST = _first_chars("abcdfgjlnsw关扫订")
# Those sets and, for ASCII starts, the first three characters (lowered) of every match that
# starts with three ASCII characters; no match is shorter (test_blocks derives them from the
# patterns). _kind looks up its bare's first three characters, lowered, if they are ASCII,
# else its first character.
_RELATED_HEAD_START = _RELATED_HEAD_FIRST | {
    "rel", "you", "rea", "als", "see", "mor", "rec", "mos", "tre", "pop", "wha", "fur", "top",
    "lat", "edi", "don"}
_RELATED_INLINE_START = _RELATED_INLINE_FIRST | {
    "rea", "als", "rel", "see", "mor", "rec", "wat", "lis"}
_DISCLAIMER_START = _DISCLAIMER_FIRST | {
    "edi", "not", "dis", "ai ", "ai-", "tra", "cor", "cla", "upd", "abo", "thi", "the", "no ",
    "non", "for", "is ", "doe", "err", "may", "we ", "ori"}
_BYLINE_START = _BYLINE_FIRST | {
    "wri", "rep", "wor", "sto", "add", "com", "edi", "aut", "(re", "(wr", "(ed", "pub", "upd",
    "pos", "las", "fir"} | {"by" + c for c in map(chr, range(128)) if re.fullmatch(r"[\s:\[\w]", c)}
_DATE_START = _DATE_FIRST | {
    "mon", "tue", "wed", "thu", "fri", "sat", "sun", "jan", "feb", "mar", "apr", "may", "jun",
    "jul", "aug", "sep", "oct", "nov", "dec"}
_FOOTER_START = _FOOTER_FIRST | {
    "(c)", "cop", "all", "ter", "pri", "coo", "con", "abo", "adv", "acc", "sit", "rea", "see",
    "lea", "our", "ai ", "edi", "cor", "eth", "art", "how", "fin"}
_PROMO_START = _PROMO_FIRST | {
    "sub", "sig", "get", "joi", "fol", "dow", "cli", "adv", "spo", "sha", "sup", "bec", "lis",
    "we'", "wed", "fre", "new"}
_SEPARATOR = re.compile(r"[\W_]+")
_TERMINAL = re.compile(r"[.!?…。！？:;,，；：][\"”’'»」』)\]]*$")
_MD_HEADING = re.compile(r"#{1,6}\s")
_MD_LIST = re.compile(r"(?:[-*+•]|\d{1,3}[.)])\s")
_MD_BLOCKQUOTE = re.compile(r">\s?")
_LETTER = re.compile(r"[^\W\d_]")
# A related run ends at a long paragraph, an explicit heading or after this many teasers.
_RUN_MAX_CHARS = 400
_RUN_MAX_PARTS = 12


def _heading_mark(line: str, pos: int = 0) -> bool:
    """Whether line[pos:] opens with a Markdown heading mark ("## "); most fail at the "#"."""
    return line.startswith("#", pos) and _MD_HEADING.match(line, pos) is not None


def plain_parts(text: str, *, markdown: bool = False, start: int = 0) -> list[Part]:
    """Split text[start:] (plain or Markdown) into parts: one per paragraph, heading or item."""
    parts: list[Part] = []
    chunk: list[tuple[int, int]] = []
    pos = start
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        # A line with something besides whitespace (most start with it) joins the chunk.
        if pos < end and (not text[pos].isspace() or not text[pos:end].isspace()):
            chunk.append((pos, end))
        elif chunk:
            parts.extend(_chunk_parts(text, chunk, markdown))
            chunk = []
        pos = end + 1
    if chunk:
        parts.extend(_chunk_parts(text, chunk, markdown))
    return parts


def _chunk_parts(text: str, chunk: list[tuple[int, int]], markdown: bool) -> list[Part]:
    """Lines between blank lines: separate parts unless a line is a wrap of the one before."""
    if len(chunk) == 1:
        return [part(*_strip_span(text, *chunk[0]))]
    width = max(e - s for s, e in chunk)
    out: list[Part] = []
    cur_s, cur_e = _strip_span(text, *chunk[0])
    prev = text[cur_s:cur_e]
    for s, e in chunk[1:]:
        s, e = _strip_span(text, s, e)
        line = text[s:e]
        if _is_wrap(prev, line, width, markdown) and not (
                markdown and _heading_mark(text, cur_s)):
            cur_e = e
        else:
            out.append(part(cur_s, cur_e))
            cur_s, cur_e = s, e
        prev = line
    out.append(part(cur_s, cur_e))
    return out


def _strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _is_wrap(prev: str, line: str, width: int, markdown: bool) -> bool:
    if _MD_LIST.match(line) or _heading_mark(line) or line.startswith(("|", "```")):
        return False
    if markdown:
        if _heading_mark(prev) or _SEPARATOR.fullmatch(line) or _SEPARATOR.fullmatch(prev):
            return False
        return not prev.endswith("  ")  # two trailing spaces are a hard break in Markdown
    if _TERMINAL.search(prev):
        return False
    first = line[0]
    if first.islower() or first in ",;)":
        return True
    return width >= 40 and len(prev) >= 0.75 * width and not _title_case(prev)


def _title_case(line: str) -> bool:
    words = [w for w in line.split() if _LETTER.match(w)]
    if not words:
        return False
    capitals = sum(1 for w in words if w[0].isupper() or len(w) <= 3)
    return capitals >= 0.8 * len(words)


def classify(text: str, parts: list[Part], *, first_is_title: bool) -> list[Block]:
    """Give every part a kind; the first part is the title when first_is_title."""
    blocks: list[Block] = []
    in_related = False
    run_length = 0
    for i, part in enumerate(parts):
        s, e, hint = part
        line = text[s:e]
        if i == 0 and (first_is_title or hint == "title"):
            blocks.append(Block("title", s, e))
            continue
        if hint == "title":
            hint = "heading"
        kind, sub = _kind(line, hint, i, parts, text)
        if kind == "boilerplate" and sub == "related" and _RELATED_HEAD.fullmatch(line.strip("#*_ \t")):
            in_related = True
            run_length = 0
        elif in_related:
            run_length += 1
            explicit_heading = hint == "heading" or _heading_mark(line)
            if (kind in ("paragraph", "heading") and not explicit_heading
                    and len(line) <= _RUN_MAX_CHARS and run_length <= _RUN_MAX_PARTS):
                kind, sub = "boilerplate", "related"
            elif kind != "boilerplate" or sub in ("disclaimer", "footer"):
                in_related = False
        blocks.append(Block(kind, s, e, sub))
    return blocks


def _kind(line: str, hint: str | None, i: int, parts: list[Part],
          text: str) -> tuple[str, str | None]:
    if hint in BOILERPLATE_HINTS:
        return "boilerplate", hint
    bare = line.lstrip("#>*_-+• \t").rstrip("*_ \t")
    if not (bare and bare[0].isalpha()) and not _LETTER.search(bare):  # a letter first is one
        return "boilerplate", "separator"
    short = len(bare) <= 160
    # Each pattern is tried only when bare starts with what it can start with (a failed
    # case-insensitive match costs thousands of instructions, a set lookup a few): its first
    # three characters where they are ASCII (whose case folding is lower()), else its first.
    first = bare[0]
    key = bare[:3]
    key = key.lower() if key.isascii() else first
    if short and key in _RELATED_HEAD_START and _RELATED_HEAD.fullmatch(bare):
        return "boilerplate", "related"
    if short and key in _RELATED_INLINE_START and _RELATED_INLINE.match(bare):
        return "boilerplate", "related"
    # Lowered once, for the hedge and the newsletter words (str.lower() and `in`: bytes.lower()
    # is cheaper, but `in` on bytes costs 3-4 times more).
    low = bare.lower() if len(bare) <= 600 else ""
    if (key in _DISCLAIMER_START and _DISCLAIMER.match(bare)
            and not _REPORTED.search(bare, 0, 200)) or (
            _holds_any(low, _HEDGE_NEEDLES) and _disclaimer_body(bare)):
        return "boilerplate", "disclaimer"
    if short and ((key in _BYLINE_START and _BYLINE.match(bare)) or (
            (key in _DATE_START or first.isdecimal()) and _DATE_ONLY.fullmatch(bare))):
        return "boilerplate", "byline"
    if len(bare) <= 300 and key in _FOOTER_START and _FOOTER.match(bare):
        return "boilerplate", "footer"
    if len(bare) <= 200 and ((key in _PROMO_START and _PROMO.match(bare)) or (
            len(bare) <= 120 and _holds_any(low, _NEWSLETTER_PIECES)
            and _NEWSLETTER_FAST.search(bare))):
        return "boilerplate", "promo"
    if hint == "heading" or _heading_mark(line):
        return "heading", None
    if hint in ("paragraph", "quote"):
        return "paragraph", None
    if _looks_like_heading(bare, line, i, parts, text):
        return "heading", None
    return "paragraph", None


_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”|「[^」\n]*」|«[^»\n]*»')


_HEDGE_NEEDLES = ("errors", "inaccuracies", "verifying", "informational", "advice", "views expressed")
_HEDGE_PHRASES = ("errors may occur", "may contain (?:errors|inaccuracies)", "we recommend verifying",
                  "informational purposes", "not (?:constitute )?(?:financial|investment) advice",
                  "views expressed")
_HEDGE = re.compile("|".join(_HEDGE_PHRASES), _I)
# _HEDGE with the phrases' first letters as a character class (every character each
# case-insensitive letter matches; no two phrases share one), so that the engine skips to
# candidate letters instead of trying every position: tens of times faster on a paragraph.
_HEDGE_FAST = re.compile(
    "[" + "".join(case_variants(p[0]) for p in _HEDGE_PHRASES) + "](?:"
    + "|".join(f"(?<=[{case_variants(p[0])}])(?i:{p[1:]})" for p in _HEDGE_PHRASES) + ")")


def _holds_any(low: str, needles: tuple[str, ...]) -> bool:
    for needle in needles:
        if needle in low:
            return True
    return False


def _disclaimer_body(bare: str) -> bool:
    # A paragraph that hedges in its own voice ("errors may occur"), not in a quotation; _kind
    # calls it only when bare has one of _HEDGE_NEEDLES.
    return _HEDGE_FAST.search(_QUOTED.sub("", bare)) is not None


def _looks_like_heading(bare: str, line: str, i: int, parts: list[Part], text: str) -> bool:
    if len(bare) > 100 or len(bare.split()) > 14 or _TERMINAL.search(bare):
        return False
    if i + 1 >= len(parts):
        return False  # a heading introduces something
    if line.startswith(("-", "*", "+", "•")) or _MD_LIST.match(line):
        return False
    first = bare[0]
    return first.isupper() or first.isdigit() or not first.isascii()
