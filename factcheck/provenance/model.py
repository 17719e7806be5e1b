"""The trace result: plain dataclasses, serialised exactly as issue 9's `factcheck.trace/1` JSON.

Fields marked "not in the JSON" are for the workspace and the report: where each side of a
difference sits (to highlight both in the side-by-side view), the claim's overall score, its
check-worthiness, and the nearest passage of an unsupported claim (to show "closest: ..." and let
a reviewer reject the finding).
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any, Sequence

SCHEMA = "factcheck.trace/1"
STATUSES = ("supported", "changed", "unsupported")


@dataclass
class Match:
    origin: int  # index into the origins passed to trace()
    start: int  # offsets into that origin's normalized text
    end: int
    text: str
    score: float  # how much of the claim this passage alone covers, 0..1

    def to_dict(self) -> dict[str, Any]:
        return {"origin": self.origin, "start": self.start, "end": self.end, "text": self.text,
                "score": self.score}


@dataclass
class Difference:
    kind: str  # number | date | name | quantity
    claim: str  # the claim's wording ("$4.85 billion")
    origin: str  # the origin's wording ("$4.58 billion")
    # Not in the JSON: where both sides are, for highlighting.
    claim_start: int = 0  # offsets into the article's text
    claim_end: int = 0
    origin_index: int = 0  # which origin document
    origin_start: int = 0  # offsets into that origin's text
    origin_end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "claim": self.claim, "origin": self.origin}


@dataclass
class ClaimTrace:
    id: Any  # the claim's id as given ("c1" from the analysis, an int from the database)
    start: int
    end: int
    text: str
    status: str  # supported | changed | unsupported
    matches: list[Match] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    # Not in the JSON.
    score: float = 0.0  # how much of the claim the matches cover together, 0..1
    checkworthy: float | None = None  # the claim's, when it has one
    nearest: Match | None = None  # an unsupported claim's closest passage, if any came near

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "start": self.start, "end": self.end, "text": self.text,
                "status": self.status, "matches": [m.to_dict() for m in self.matches],
                "differences": [d.to_dict() for d in self.differences]}


@dataclass
class Trace:
    claims: list[ClaimTrace] = field(default_factory=list)

    def by_status(self, status: str) -> list[ClaimTrace]:
        return [c for c in self.claims if c.status == status]

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "claims": [c.to_dict() for c in self.claims]}

    def summary(self, origin_names: Sequence[str] = ()) -> str:
        """What `factcheck trace` prints: each claim numbered, its status, differences, passages."""
        def origin_name(i: int) -> str:
            return origin_names[i] if i < len(origin_names) else f"origin {i + 1}"

        counts = ", ".join(f"{len(self.by_status(s))} {s}" for s in STATUSES)
        lines = [f"{len(self.claims)} claims: {counts}"]
        for number, c in enumerate(self.claims, 1):
            lines.append("")
            lines.append(_wrap(f"{number}. [{c.status}] {c.text}", "   "))
            for d in c.differences:
                lines.append(_wrap(f"   {d.kind}: claim: {d.claim} / origin: {d.origin}"
                                   f"  ({origin_name(d.origin_index)})", "      "))
            for m in c.matches:
                lines.append(_wrap(f"   = {origin_name(m.origin)} [{m.start}-{m.end}, "
                                   f"score {m.score:.2f}]: {m.text}", "      "))
            if c.status == "unsupported":
                near = (f"nearest: {origin_name(c.nearest.origin)}, score {c.nearest.score:.2f}: "
                        f"{c.nearest.text}") if c.nearest else "nothing near it"
                lines.append(_wrap(f"   (no origin passage says this; {near})", "      "))
        return "\n".join(lines)


def _wrap(line: str, indent: str) -> str:
    return textwrap.fill(line, width=100, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False)
