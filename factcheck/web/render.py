"""Article text cut into blocks and claim spans for the template. Offsets stay exact."""
from __future__ import annotations

from dataclasses import dataclass, field

from factcheck.models import ClaimUnit


@dataclass
class Piece:
    text: str
    claim: ClaimUnit | None = None


@dataclass
class RenderedBlock:
    kind: str
    boilerplate_kind: str | None
    start: int
    end: int
    pieces: list[Piece] = field(default_factory=list)


def article_blocks(text: str, blocks: list[dict], claims: list[ClaimUnit]) -> list[RenderedBlock]:
    """Each block with its text split around the claim units inside it."""
    spans = list(blocks) or [{"kind": "paragraph", "start": 0, "end": len(text), "boilerplate_kind": None}]
    ordered = sorted(claims, key=lambda c: c.start)
    rendered = []
    i = 0
    for block in sorted(spans, key=lambda b: b["start"]):
        out = RenderedBlock(block["kind"], block.get("boilerplate_kind"), block["start"], block["end"])
        cursor = block["start"]
        while i < len(ordered) and ordered[i].start < block["end"]:
            claim = ordered[i]
            if claim.start > cursor:
                out.pieces.append(Piece(text[cursor:claim.start]))
            out.pieces.append(Piece(text[claim.start:claim.end], claim))
            cursor = max(cursor, claim.end)
            i += 1
        if cursor < block["end"]:
            out.pieces.append(Piece(text[cursor:block["end"]]))
        rendered.append(out)
    return rendered
