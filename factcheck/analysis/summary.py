"""Analysis.summary(): what a fact-checker reads in a terminal.

Title, language, published date, the AI level with its evidence, then every claim unit with its
score, reasons, dates (with the interval each resolves to), attributions and flags (the report's
`date_inconsistent`, and `unattributed` for a claim scoring 0.5 or more with no source), and the
boilerplate blocks that were skipped.
"""
from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Analysis

_WIDTH = 100
UNATTRIBUTED_FROM = 0.5  # the score from which a claim without a source is flagged
_LEVEL_TEXT = {
    "disclosed": "disclosed (the page says it is AI-generated)",
    "metadata": "metadata (machine-readable provenance says AI)",
    "suspected": "suspected (leaked chatbot text or template slots)",
    "none": "none found",
}


def render(a: Analysis) -> str:
    lines: list[str] = []
    lines.append(a.title or "(untitled)")
    lines.append("=" * min(_WIDTH, max(8, len(lines[0]))))
    published = a.published_at.isoformat() if a.published_at else "unknown (relative dates left unresolved)"
    lines.append(f"Language: {a.language}   Published: {published}   SHA-256: {a.sha256[:16]}…")
    meta = [f"{k}: {a.metadata[k]}" for k in ("author", "outlet", "url") if a.metadata.get(k)]
    if meta:
        lines.append("   ".join(meta))
    lines.append("")
    lines.append(f"AI content: {_LEVEL_TEXT.get(a.ai.level, a.ai.level)}")
    for s in a.ai.signals:
        where = f"chars {s.start}-{s.end}" if s.start is not None else "page metadata"
        lines.append(_wrap(f"- {s.kind} ({where}, weight {s.weight:g}): {_short(s.evidence, 240)}", "    "))
        if s.scope:
            lines.append(_wrap(f"scope: {s.scope}", "    "))
    lines.append("")
    worthy = sum(1 for c in a.claims if c.checkworthy >= UNATTRIBUTED_FROM)
    inconsistent = sum(1 for c in a.claims for d in c.dates if d.inconsistent)
    lines.append(f"Claims: {len(a.claims)} ({worthy} scoring {UNATTRIBUTED_FROM} or more"
                 + (f", {inconsistent} date(s) inconsistent with publication" if inconsistent else "")
                 + ")")
    for n, c in enumerate(a.claims, start=1):
        lines.append("")
        lines.append(_wrap(f"{n:>3}. [{c.checkworthy:.2f}] {c.text}", "       "))
        if c.reasons:
            lines.append(_wrap("why: " + "; ".join(c.reasons), "       ", first="       "))
        for d in c.dates:
            span = d.date_from.isoformat() if d.date_from == d.date_to else (
                f"{d.date_from.isoformat()} .. {d.date_to.isoformat()}")
            note = " (relative to the published date)" if d.relative else ""
            lines.append(f"       date: \"{d.text}\" = {span} [{d.precision}]{note}")
        for t in c.attributions:
            lines.append(_wrap(f"source: {t.source}  (\"{t.text}\")", "       ", first="       "))
        flags = []
        if any(d.inconsistent for d in c.dates):
            flags.append("date_inconsistent (a date after publication told as past)")
        if not c.attributions and c.checkworthy >= UNATTRIBUTED_FROM:
            flags.append("unattributed (check-worthy, no source named)")
        if flags:
            lines.append(_wrap("flags: " + "; ".join(flags), "       ", first="       "))
    skipped = [b for b in a.blocks if b.kind == "boilerplate"]
    if skipped:
        lines.append("")
        lines.append(f"Skipped as boilerplate: {len(skipped)} block(s)")
        for b in skipped:
            lines.append(_wrap(f"- {b.boilerplate_kind}: {_short(a.text[b.start:b.end], 160)}", "    "))
    headings = [b for b in a.blocks if b.kind == "heading"]
    if headings:
        lines.append("")
        lines.append("Headings: " + " | ".join(_short(a.text[b.start:b.end], 80) for b in headings))
    return "\n".join(lines) + "\n"


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _wrap(text: str, indent: str, first: str = "") -> str:
    return textwrap.fill(text, width=_WIDTH, initial_indent=first, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)
