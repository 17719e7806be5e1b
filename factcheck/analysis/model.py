"""The analysis result: plain dataclasses, serialised exactly as PRODUCT.md's schema.

Fields marked "not in the JSON" are for the rest of the product (the report's
`date_inconsistent` flag reads `DateMention.inconsistent`; `Signal.scope` is the part of the
article a disclosure covers) and never appear in `to_dict()`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

SCHEMA = "factcheck.analysis/1"


@dataclass(slots=True)
class Block:
    kind: str  # title | heading | paragraph | boilerplate
    start: int
    end: int
    boilerplate_kind: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end,
                "boilerplate_kind": self.boilerplate_kind}


@dataclass(slots=True)
class DateMention:
    start: int
    end: int
    text: str
    date_from: date
    date_to: date
    precision: str  # day | month | quarter | year | part
    relative: bool = False
    # Not in the JSON: an absolute date after publication that the sentence calls past.
    inconsistent: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text,
                "from": self.date_from.isoformat(), "to": self.date_to.isoformat(),
                "precision": self.precision, "relative": self.relative}


@dataclass(slots=True)
class Attribution:
    start: int
    end: int
    text: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "source": self.source}


@dataclass(slots=True)
class Claim:
    id: str
    start: int
    end: int
    text: str
    checkworthy: float = 0.0
    reasons: list[str] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "start": self.start, "end": self.end, "text": self.text,
                "checkworthy": self.checkworthy, "reasons": list(self.reasons),
                "dates": [d.to_dict() for d in self.dates],
                "attributions": [a.to_dict() for a in self.attributions]}


@dataclass(slots=True)
class Signal:
    kind: str  # disclosure | metadata | artifact | style
    start: int | None
    end: int | None
    evidence: str
    weight: float
    # Not in the JSON: the part a disclosure covers when it says so ("the key points").
    scope: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end,
                "evidence": self.evidence, "weight": self.weight}


@dataclass(slots=True)
class AIResult:
    level: str = "none"  # disclosed | metadata | suspected | none
    signals: list[Signal] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "signals": [s.to_dict() for s in self.signals]}


@dataclass(slots=True)
class Analysis:
    sha256: str
    title: str | None
    published_at: date | None
    language: str
    text: str
    blocks: list[Block] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    ai: AIResult = field(default_factory=AIResult)
    # Not part of the JSON schema: what an import stores beside the text
    # (author, url, outlet, raw provenance such as JSON-LD and meta tags).
    metadata: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        """A plain-text report for a fact-checker (what `factcheck analyze` prints)."""
        from .summary import render  # keeps this module a plain data module
        return render(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "sha256": self.sha256,
            "title": self.title,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "language": self.language,
            "text": self.text,
            "blocks": [b.to_dict() for b in self.blocks],
            "claims": [c.to_dict() for c in self.claims],
            "ai": self.ai.to_dict(),
        }
