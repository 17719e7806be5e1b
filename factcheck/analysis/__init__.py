"""The analysis core: text in, Analysis out. Imports no Flask and no database code.

    analyze(text, *, title=None, published=None, html=False, sha256=None, markdown=False)
    analyze_bytes(raw, *, filename, published=None)

Plain text: the first line is the title (unless `title` is given). Markdown: the first `# `
heading, else the first line. HTML: the page's headline; the normalized text is the extracted
article (title first), never markup. `published` wins over a date found in the page.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import PurePath

from . import ai_signals, blocks as blocks_mod, checkworthy, dates as dates_mod
from .attributions import Attributor
from .gcpause import gc_paused
from .html import extract
from .model import AIResult, Analysis, Attribution, Block, Claim, DateMention, Signal
from .normalize import InputError, decode_with_encoding, normalize
from .segment import sentence_spans
from .words import ascii_folded, words_of

__all__ = ["AIResult", "Analysis", "Attribution", "Block", "Claim", "DateMention", "InputError",
           "Signal", "analyze", "analyze_bytes"]

_TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                  ".html": "html", ".htm": "html", ".xhtml": "html"}
# Script counts from the UTF-8 bytes: Han U+3400-U+9FFF, kana U+3040-U+30FF and Hangul
# U+AC00-U+D7AF are three bytes each, led by E3-ED (a byte that only ever leads), so a count of
# lead bytes (bytes.translate, count) is a count of characters; where a lead byte covers more
# than one script, the second byte decides. test_analyze checks these against the ranges.
_NOT_CJK_LEAD = bytes(b for b in range(256) if not 0xE3 <= b <= 0xED)
_NOT_HAN_LEAD = bytes(b for b in range(256) if not 0xE4 <= b <= 0xE9)  # U+4000-U+9FFF
_HAN_E3 = re.compile(rb"\xe3[\x90-\xbf]")  # U+3400-U+3FFF
_KANA_PREFIXES = (b"\xe3\x81", b"\xe3\x82", b"\xe3\x83")  # U+3040-U+30FF
_NOT_HANGUL_LEAD = bytes(b for b in range(256) if not 0xEA <= b <= 0xED)
_HANGUL = re.compile(rb"\xea[\xb0-\xbf]|[\xeb\xec]|\xed(?:[\x80-\x9d]|\x9e[\x80-\xaf])")
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "was", "said", "with", "on"},
    "de": {"der", "die", "und", "das", "nicht", "mit", "ist", "den", "sich", "auf", "für", "ein"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "dans", "pour", "que", "du", "sur"},
    "es": {"el", "la", "los", "las", "y", "que", "del", "en", "por", "una", "para", "con"},
    "it": {"il", "di", "che", "e", "della", "per", "un", "una", "sono", "nel", "con", "gli"},
    "pt": {"o", "de", "que", "e", "do", "da", "em", "um", "para", "com", "uma", "os", "não"},
    "nl": {"de", "het", "een", "en", "van", "is", "dat", "op", "te", "zijn", "met", "voor"},
}
# Stop word -> the languages whose list has it (scores are sums of counts, so order is free).
_STOP_LANGUAGES: dict[str, tuple[str, ...]] = {}
for _lang, _stop in _STOPWORDS.items():
    for _word in _stop:
        _STOP_LANGUAGES[_word] = _STOP_LANGUAGES.get(_word, ()) + (_lang,)
_MD_TITLE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"---[ \t]*\n(.{0,4000}?)\n---[ \t]*(?:\n|$)", re.DOTALL)
# The non-ASCII characters whose lower case has a letter of a stop word (test_analyze checks
# every code point): without them, lowering ASCII alone counts the same stop words.
_LOWER_TO_STOP_LETTERS = ("Ü", "Ã", "İ")
_BYLINE_NAME = re.compile(r"(?:[Bb]y|BY|[Ww]ritten by)\s+([^,|·•\n]{2,80}?)\s*(?:[,|·•]|$)")


def detect_language(text: str) -> str:
    """A cheap guess from script and stop words; "en" when nothing says otherwise."""
    sample = text[:4000]
    if not sample.strip():
        return "en"
    han = kana = 0
    if not sample.isascii():
        data = sample.encode("utf-8", "surrogatepass")
        leads = data.translate(None, _NOT_CJK_LEAD)
        if leads:
            han = len(leads.translate(None, _NOT_HAN_LEAD))
            if b"\xe3" in leads:
                han += len(_HAN_E3.findall(data))
                kana = sum(map(data.count, _KANA_PREFIXES))
            if leads.translate(None, _NOT_HANGUL_LEAD) and (
                    len(_HANGUL.findall(data)) > 0.2 * len(sample.strip())):
                return "ko"
    if kana > 0.05 * (han + kana + 1) and han + kana > 0.15 * len(sample):
        return "ja"
    if han > 0.15 * len(sample):
        return "zh"
    if sample.isascii() or any(map(sample.__contains__, _LOWER_TO_STOP_LETTERS)):
        words = sample.lower().split()
    else:  # bytes.lower() is far faster and changes no stop word's count
        words = data.lower().decode("utf-8", "surrogatepass").split()
    if not words:
        return "en"
    scores = dict.fromkeys(_STOPWORDS, 0)
    stop_languages: dict = _STOP_LANGUAGES
    for word in words:
        languages = stop_languages.get(word)
        if languages is not None:
            for lang in languages:
                scores[lang] += 1
    best = max(scores, key=scores.get)
    return best if scores[best] > scores["en"] * 1.2 and scores[best] >= 3 else "en"


def analyze(text: str, *, title: str | None = None, published: date | None = None,
            html: bool = False, sha256: str | None = None, markdown: bool = False) -> Analysis:
    """Analyse one article (see the module docstring for what counts as the title)."""
    with gc_paused():
        return _analyze(text, title=title, published=published, html=html, sha256=sha256,
                        markdown=markdown)


def _analyze(text: str, *, title: str | None, published: date | None, html: bool,
             sha256: str | None, markdown: bool) -> Analysis:
    if sha256 is None:
        sha256 = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    metadata: dict = {"author": None, "url": None, "outlet": None, "published": None,
                      "provenance": {}}
    quote_spans: list[tuple[int, int]] = []
    if html:
        page = extract(text)
        metadata = page.metadata
        if published is None:
            published = page.published
        if title is None:
            title = page.title
        text, parts = _join_parts(page.parts)
        quote_spans = [(p.start, p.end) for p in parts if p.hint == "quote"]
        first_is_title = bool(parts) and parts[0].hint == "title"
    else:
        text = normalize(text)
        parts, found_title = _text_parts(text, markdown=markdown, title_given=title is not None)
        first_is_title = found_title is not None
        if title is None:
            title = found_title
        if markdown:
            quote_spans = [(p.start, p.end) for p in parts if text.startswith(">", p.start)]
    blocks = blocks_mod.classify(text, parts, first_is_title=first_is_title)
    language = detect_language(_body_sample(text, blocks)) if text and not text.isspace() else (
        metadata.get("language") or "en")
    claims = _claims(text, blocks, language, published)
    ai = ai_signals.detect(text, blocks, provenance=metadata.get("provenance"),
                           quote_spans=quote_spans)
    if not html:
        metadata["author"] = _byline_author(text, blocks)
    metadata["published"] = published.isoformat() if published else metadata.get("published")
    return Analysis(sha256=sha256, title=title, published_at=published, language=language,
                    text=text, blocks=blocks, claims=claims, ai=ai, metadata=metadata)


def analyze_bytes(raw: bytes, *, filename: str, published: date | None = None) -> Analysis:
    """Decode a file's bytes and analyse them by its extension (.txt, .md, .html)."""
    suffix = PurePath(filename).suffix.lower()
    kind = _TEXT_SUFFIXES.get(suffix)
    if kind is None:
        raise InputError(f"Files of type {suffix or '(no extension)'} cannot be imported; "
                         "import a .txt, .md or .html file.")
    text, encoding = decode_with_encoding(raw)
    if not text.strip():
        raise InputError("The file has no text; import a file with the article in it.")
    analysis = analyze(text, published=published, html=kind == "html", markdown=kind == "markdown",
                       sha256=hashlib.sha256(raw).hexdigest())
    analysis.metadata["encoding"] = encoding
    return analysis


def _join_parts(page_parts: list[tuple[str, str | None]]) -> tuple[str, list[blocks_mod.Part]]:
    pieces: list[str] = []
    parts: list[blocks_mod.Part] = []
    pos = 0
    for text, hint in page_parts:
        text = normalize(text)
        if pieces:
            pieces.append("\n\n")
            pos += 2
        pieces.append(text)
        parts.append(blocks_mod.part(pos, pos + len(text), hint))
        pos += len(text)
    return "".join(pieces), parts


def _text_parts(text: str, *, markdown: bool,
                title_given: bool) -> tuple[list[blocks_mod.Part], str | None]:
    """Parts of plain text or Markdown, and the title found in them (if not given)."""
    if title_given or not text.strip():
        return blocks_mod.plain_parts(text, markdown=markdown), None
    parts: list[blocks_mod.Part] = []
    start = 0
    if markdown:
        front = _FRONT_MATTER.match(text)
        if front:
            parts.append(blocks_mod.part(0, front.end() - (1 if text[front.end() - 1:front.end()] == "\n" else 0),
                                         "metadata"))
            start = front.end()
        heading = _MD_TITLE.search(text, start)
        if heading:
            if text[start:heading.start()].strip():
                parts.extend(blocks_mod.plain_parts(text[:heading.start()], markdown=True,
                                                    start=start))
            parts.append(blocks_mod.part(heading.start(), heading.end(), "title"))
            parts.extend(blocks_mod.plain_parts(text, markdown=True, start=heading.end()))
            return _title_first(parts), heading.group(1).strip()
    # The first non-empty line is the title.
    while start < len(text) and text[start] in " \t\n":
        start += 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    line_end = end
    while line_end > start and text[line_end - 1].isspace():
        line_end -= 1
    parts.append(blocks_mod.part(start, line_end, "title"))
    parts.extend(blocks_mod.plain_parts(text, markdown=markdown, start=end))
    title = text[start:line_end].lstrip("#").strip() or None
    return _title_first(parts), title


def _title_first(parts: list[blocks_mod.Part]) -> list[blocks_mod.Part]:
    """classify() takes the first part as the title: move front matter after it."""
    for i, p in enumerate(parts):
        if p.hint == "title":
            return [p] + parts[:i] + parts[i + 1:]
    return parts


def _body_sample(text: str, blocks: list[Block], limit: int = 1500) -> str:
    """The first `limit` characters of the body (title, headings, paragraphs), else of text.

    (The prefix of the joined blocks: joining stops once it is long enough.)"""
    body: list[str] = []
    size = 0
    for b in blocks:
        if b.kind in ("paragraph", "title", "heading"):
            body.append(text[b.start:b.end])
            size += b.end - b.start
            if size >= limit:
                break
    return "\n".join(body)[:limit] or text[:limit]


def _claims(text: str, blocks: list[Block], language: str,
            published: date | None) -> list[Claim]:
    # One pass per analyser over the article's sentences rather than all analysers per
    # sentence: each pass keeps its own code and patterns hot (about 6% faster, same results;
    # the Attributor still sees the sentences in order).
    sentences: list[tuple[int, int, str, set[str]]] = []
    for block in blocks:
        if block.kind == "paragraph":
            b = block.start
            spans = sentence_spans(text, b, block.end, language)
            piece = text[b:block.end]
            if piece.isascii():  # fold the block once, split each sentence's slice of it
                folded = ascii_folded(piece)
                sentences += [(s, e, text[s:e], set(folded[s - b:e - b].split()))
                              for s, e in spans]
            else:
                sentences += [(s, e, text[s:e], words_of(text[s:e])) for s, e in spans]
    # find_dates() in two passes: where dates can start, then the dates there.
    anchors = dates_mod.date_anchors
    all_anchors = [anchors(text, s, e, words, sentence) for s, e, sentence, words in sentences]
    dates_at = dates_mod.dates_at
    all_dates = [dates_at(text, s, e, published, words, found) if found else []
                 for (s, e, sentence, words), found in zip(sentences, all_anchors)]
    find = Attributor().find
    all_attributions = [find(text, s, e, words, sentence=sentence)
                        for s, e, sentence, words in sentences]
    score = checkworthy.score
    claims: list[Claim] = []
    for (s, e, sentence, words), found_dates, found_attr in zip(sentences, all_dates,
                                                                 all_attributions):
        value, reasons = score(text, s, e, found_dates, found_attr, words, sentence=sentence)
        claims.append(Claim(f"c{len(claims) + 1}", s, e, sentence, value, reasons, found_dates,
                            found_attr))
    return claims


def _byline_author(text: str, blocks: list[Block]) -> str | None:
    for block in blocks[:8]:
        if block.kind == "boilerplate" and block.boilerplate_kind == "byline":
            m = _BYLINE_NAME.match(text, block.start, block.end)
            if m:
                return m.group(1).strip()
    return None
