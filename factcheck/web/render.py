"""Article text cut into blocks, claim spans and AI-evidence spans for the template. Offsets stay exact."""
from __future__ import annotations

from dataclasses import dataclass, field

from factcheck.models import ClaimUnit


@dataclass
class Piece:
    text: str
    claim: ClaimUnit | None = None
    evidence: str | None = None  # the AI signal kind when this span is AI evidence


@dataclass
class RenderedBlock:
    kind: str
    boilerplate_kind: str | None
    start: int
    end: int
    pieces: list[Piece] = field(default_factory=list)


def _evidence_pieces(text: str, start: int, end: int, signals: list[dict]) -> list[Piece]:
    """Plain text between claims, with AI-evidence spans cut out as their own pieces."""
    pieces, cursor = [], start
    for signal in signals:
        s, e = max(signal["start"], cursor), min(signal["end"], end)
        if s >= e:
            continue
        if s > cursor:
            pieces.append(Piece(text[cursor:s]))
        pieces.append(Piece(text[s:e], evidence=signal["kind"]))
        cursor = e
    if cursor < end:
        pieces.append(Piece(text[cursor:end]))
    return pieces


def article_blocks(text: str, blocks: list[dict], claims: list[ClaimUnit],
                   signals: list[dict] | None = None) -> list[RenderedBlock]:
    """Each block with its text split around the claim units and AI evidence inside it."""
    spans = list(blocks) or [{"kind": "paragraph", "start": 0, "end": len(text), "boilerplate_kind": None}]
    located = sorted((s for s in signals or [] if s.get("start") is not None and s.get("end") is not None),
                     key=lambda s: s["start"])
    ordered = sorted(claims, key=lambda c: c.start)
    rendered = []
    i = 0
    for block in sorted(spans, key=lambda b: b["start"]):
        out = RenderedBlock(block["kind"], block.get("boilerplate_kind"), block["start"], block["end"])
        cursor = block["start"]
        while i < len(ordered) and ordered[i].start < block["end"]:
            claim = ordered[i]
            if claim.start > cursor:
                out.pieces.extend(_evidence_pieces(text, cursor, claim.start, located))
            overlapping = next((s["kind"] for s in located if s["start"] < claim.end and claim.start < s["end"]), None)
            out.pieces.append(Piece(text[claim.start:claim.end], claim, overlapping))
            cursor = max(cursor, claim.end)
            i += 1
        if cursor < block["end"]:
            out.pieces.extend(_evidence_pieces(text, cursor, block["end"], located))
        rendered.append(out)
    return rendered
