"""The analysis core: text in, Analysis out. Imports no Flask and no database code."""
from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import PurePath

from .model import AIResult, Analysis, Attribution, Block, Claim, DateMention, Signal
from .normalize import InputError, decode, normalize
from .segment import sentence_spans

__all__ = ["AIResult", "Analysis", "Attribution", "Block", "Claim", "DateMention", "InputError",
           "Signal", "analyze", "analyze_bytes"]

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")


def _language(text: str) -> str:
    sample = text[:2000]
    return "zh" if sample and len(_CJK.findall(sample)) > len(sample) * 0.2 else "en"


def analyze(text: str, *, title: str | None = None, published: date | None = None,
            html: bool = False, sha256: str | None = None) -> Analysis:
    """Analyse one article. Plain text: the first line is the title."""
    if html:
        raise InputError("HTML analysis is not available yet")
    text = normalize(text)
    language = _language(text)
    blocks: list[Block] = []
    claims: list[Claim] = []
    for n, match in enumerate(_PARAGRAPH.finditer(text)):
        start, end = match.span()
        if n == 0 and title is None:
            blocks.append(Block("title", start, end))
            title = match.group().strip()
            continue
        blocks.append(Block("paragraph", start, end))
        for s, e in sentence_spans(match.group(), language, start):
            claims.append(Claim(id=f"c{len(claims) + 1}", start=s, end=e, text=text[s:e]))
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Analysis(sha256=digest, title=title, published_at=published, language=language,
                    text=text, blocks=blocks, claims=claims, ai=AIResult())


def analyze_bytes(raw: bytes, *, filename: str, published: date | None = None) -> Analysis:
    """Decode a file's bytes and analyse them by its extension (.txt, .md, .html)."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in {".txt", ".md", ".markdown", ".html", ".htm"}:
        raise InputError(f"unsupported file type {suffix or '(none)'}; import .txt, .md or .html")
    text = decode(raw)
    if not text.strip():
        raise InputError("the file has no text")
    return analyze(text, published=published, html=suffix in {".html", ".htm"},
                   sha256=hashlib.sha256(raw).hexdigest())
