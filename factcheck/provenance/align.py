"""trace(): retrieve candidate origin sentences with bm25s, score them, pick matches, compare.

See the package docstring for the method and the thresholds.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from factcheck.analysis.dates import find_dates
from factcheck.analysis.gcpause import gc_paused
from factcheck.analysis.segment import sentence_spans
from factcheck.analysis.words import word_set

from . import details as details_mod
from .details import Details, comparable, same
from .model import ClaimTrace, Difference, Match, Trace
from .terms import terms

# The thresholds, explained in the package docstring.
SUPPORTED_MIN = 0.5
NEAREST_MIN = 0.25
GAIN_MIN = 0.12
PART_MIN = 0.2
RHETORIC_MAX = 0.1
CANDIDATES = 10
MAX_MATCHES = 3
NEIGHBOURS = 2
EVIDENCE_MIN = 3
VERBATIM_MIN = 90.0
NEUTRAL_CREDIT = 0.5
OUTRIGHT = 0.85
CLEAR_MIN = 0.6
CLEAR_TERMS = 3
FUZZY_MIN = 85.0
_FUZZY_LEN = 5
# Origin blocks that speak of other stories: never evidence for a claim.
_SKIPPED_BOILERPLATE = {"related", "promo"}
_NO_DETAILS = Details()


@dataclass
class _Unit:
    """One origin sentence (or a title, heading or boilerplate line)."""
    origin: int
    start: int
    end: int
    terms: list[str]
    term_set: frozenset[str]
    dates: list = field(default_factory=list)  # the analysis' DateMentions
    # Filled when first needed: numbers and dates for scoring, everything for comparing.
    scoring: Details | None = None
    details: Details | None = None
    _buckets: dict[str, list[str]] | None = None

    def buckets(self) -> dict[str, list[str]]:
        """The unit's longer terms by their first two letters, for fuzzy matching."""
        if self._buckets is None:
            self._buckets = {}
            for t in self.term_set:
                if len(t) >= _FUZZY_LEN - 1:
                    self._buckets.setdefault(t[:2], []).append(t)
        return self._buckets


@dataclass
class _Item:
    """Something in a claim that a passage may cover: a term or a number/date detail."""
    weight: float
    term: str | None = None
    detail: Any = None


def trace(article: Any, origins: Sequence[Any]) -> Trace:
    """Align each claim unit of `article` with passages of `origins`.

    `article` and each origin are Analysis objects from factcheck.analysis (or anything with
    the same `text`, `claims`, `blocks`, `published_at` and `language`: claims need id, start,
    end and text, and should have dates, attributions and checkworthy). Match offsets index each
    origin's `text`.
    """
    with gc_paused():
        return _trace(article, origins)


def _trace(article: Any, origins: Sequence[Any]) -> Trace:
    units = _origin_units(origins)
    index = _Index(units)
    article_text = article.text
    origin_texts = [o.text for o in origins]

    def in_origins(name: str) -> bool:
        return any(name in t for t in origin_texts)

    def in_article(name: str) -> bool:
        return name in article_text

    out = Trace()
    for claim in article.claims:
        out.claims.append(_trace_claim(claim, article_text, units, index, origins,
                                       in_origins=in_origins, in_article=in_article))
    return out


def _origin_units(origins: Sequence[Any]) -> list[_Unit]:
    units: list[_Unit] = []
    for i, origin in enumerate(origins):
        text = origin.text
        found = [_unit(i, text, c.start, c.end, list(c.dates)) for c in origin.claims]
        for block in origin.blocks:
            if block.kind == "paragraph" or block.boilerplate_kind in _SKIPPED_BOILERPLATE:
                continue  # paragraphs: their sentences are the claim units above
            # Titles, headings and other boilerplate have no claims; a title often states the
            # main fact, and a misfiled paragraph must still count as evidence.
            for s, e in sentence_spans(text, block.start, block.end, origin.language):
                found.append(_unit(i, text, s, e, find_dates(text, s, e, origin.published_at,
                                                             word_set(text, s, e))))
        found.sort(key=lambda u: u.start)  # neighbours in the list are neighbours in the text
        units.extend(found)
    return units


def _unit(origin: int, text: str, start: int, end: int, dates: list) -> _Unit:
    found = terms(text, start, end)
    return _Unit(origin, start, end, found, frozenset(found), dates)


def _details(unit: _Unit, origins: Sequence[Any], *, full: bool = True) -> Details:
    if unit.details is None and full:
        unit.details = details_mod.extract(origins[unit.origin].text, unit.start, unit.end,
                                           unit.dates)
    if unit.details is not None:
        return unit.details
    if unit.scoring is None:
        unit.scoring = details_mod.extract(origins[unit.origin].text, unit.start, unit.end,
                                           unit.dates, full=False)
    return unit.scoring


class _Index:
    """bm25s over the origin units, plus the inverse document frequencies the score weighs by."""

    def __init__(self, units: list[_Unit]):
        self.size = len(units)
        df = Counter(chain.from_iterable(u.term_set for u in units))
        n = max(1, self.size)
        self.df = df
        self.unseen = math.log(1 + (n + 0.5) / 0.5)
        self.rare = math.log(1 + (n - 0.5) / 1.5)  # a term found in one unit: a detail's weight
        self._n = n
        self.retriever = None
        if units and df:
            import bm25s  # imported here: numpy loads only when something is traced

            self.retriever = bm25s.BM25()
            self.retriever.index([u.terms or [""] for u in units], show_progress=False)

    def idf(self, term: str) -> float:
        df = self.df.get(term, 0)
        return math.log(1 + (self._n - df + 0.5) / (df + 0.5)) if df else self.unseen

    def candidates(self, query: Sequence[str], k: int) -> list[int]:
        if self.retriever is None:
            return []
        known = [t for t in dict.fromkeys(query) if t in self.retriever.vocab_dict and t]
        if not known:
            return []
        import numpy as np  # loaded with bm25s

        scores = self.retriever.get_scores(known)
        # argpartition over the whole array is slow on the many zero scores: skip them first.
        top = np.flatnonzero(scores > 0)
        if len(top) > k:
            top = top[np.argpartition(scores[top], -k)[-k:]]
        return sorted((int(i) for i in top), key=lambda i: (-scores[i], i))


def _trace_claim(claim: Any, text: str, units: list[_Unit], index: _Index, origins: Sequence[Any],
                 *, in_origins, in_article) -> ClaimTrace:
    result = ClaimTrace(id=claim.id, start=claim.start, end=claim.end, text=claim.text,
                        status="unsupported", checkworthy=getattr(claim, "checkworthy", None))
    claim_terms = terms(_without_known_sources(claim, in_origins))
    mine = details_mod.extract(text, claim.start, claim.end, getattr(claim, "dates", ()))
    items = [_Item(index.idf(t), term=t) for t in dict.fromkeys(claim_terms)]
    items += [_Item(index.rare, detail=d) for d in (*mine.numbers, *mine.dates)]
    found = index.candidates(claim_terms, CANDIDATES) if items else []
    has_details = bool(mine.numbers or mine.dates)
    if not found:
        return result

    def credits_of(u: int) -> list[float]:
        if u not in credits:
            theirs = _details(units[u], origins, full=False) if has_details else _NO_DETAILS
            credits[u] = _credits(items, mine, units[u], theirs)
            single[u] = weights.score(credits[u])
        return credits[u]

    weights = _Weights(items)
    credits: dict[int, list[float]] = {}
    single: dict[int, float] = {}
    for u in found:
        credits_of(u)
    best = max(found, key=lambda u: single[u])  # ties: the better-ranked unit
    chosen = [best]
    score = single[best]
    while len(chosen) < MAX_MATCHES:
        # A rewrite merges sentences that stand close together in one origin.
        near = [n for c in chosen for n in range(c - NEIGHBOURS, c + NEIGHBOURS + 1)
                if 0 <= n < len(units) and n not in chosen
                and units[n].origin == units[best].origin]
        gains = {u: weights.score(weights.union([credits[c] for c in chosen] + [credits_of(u)]))
                 - score for u in near}
        gains = {u: g for u, g in gains.items() if single[u] >= PART_MIN}
        if not gains:
            break
        nxt = max(gains, key=lambda u: (gains[u], -abs(u - best)))
        if gains[nxt] < GAIN_MIN:
            break
        chosen.append(nxt)
        score += gains[nxt]
    chosen.sort(key=lambda u: (units[u].origin, units[u].start))
    cover = weights.cover([credits[u] for u in chosen])
    result.score = round(cover.score, 3)

    def as_match(u: int) -> Match:
        unit = units[u]
        return Match(unit.origin, unit.start, unit.end,
                     origins[unit.origin].text[unit.start:unit.end], round(single[u], 3))

    if cover.score >= SUPPORTED_MIN and (cover.evidence >= EVIDENCE_MIN
                                         or _near_verbatim(claim.text, units[best], origins)):
        if result.checkworthy is not None and result.checkworthy < RHETORIC_MAX:
            result.status = "supported"
        else:
            found_diffs = details_mod.compare(
                mine, [_details(units[u], origins) for u in chosen],
                in_origins=in_origins, in_article=in_article)
            clear = cover.term_score >= CLEAR_MIN and cover.matched_terms >= CLEAR_TERMS
            if found_diffs.pairs and clear:
                result.status = "changed"
                for p in found_diffs.pairs:
                    unit = units[chosen[p.origin_part]]
                    claim_side, origin_side = _sides(p.claim, p.origin)
                    result.differences.append(Difference(
                        p.claim.kind, claim_side, origin_side, claim_start=p.claim.start,
                        claim_end=p.claim.end, origin_index=unit.origin,
                        origin_start=p.origin.start, origin_end=p.origin.end))
            elif not found_diffs.pairs and not found_diffs.unresolved:
                result.status = "supported"
        if result.status != "unsupported":
            result.matches = [as_match(u) for u in chosen]
            return result
    if single[best] >= NEAREST_MIN:
        result.nearest = as_match(best)
    return result


def _near_verbatim(sentence: str, unit: _Unit, origins: Sequence[Any]) -> bool:
    """Does the passage read almost exactly like the sentence (short sentences have few terms)?"""
    passage = origins[unit.origin].text[unit.start:unit.end]
    return fuzz.ratio(sentence, passage, processor=default_process) >= VERBATIM_MIN


def _sides(claim: Any, origin: Any) -> tuple[str, str]:
    """Both wordings; the same words for two dates ("Thursday", resolved against each document's
    own publication date) get the dates they stand for."""
    if claim.kind == "date" and claim.text.lower() == origin.text.lower():
        return tuple(f"{d.text} ({_interval(d.value)})" for d in (claim, origin))
    return claim.text, origin.text


def _interval(value: tuple) -> str:
    lo, hi = value
    return lo.isoformat() if lo == hi else f"{lo.isoformat()} to {hi.isoformat()}"


def _without_known_sources(claim: Any, in_origins) -> str:
    """The claim's text with the sources it credits blanked out when the origins name them:
    "according to the Lakeshore Tribune" credits the origin itself (often named only in its
    byline), and is neither evidence for the claim nor against it."""
    sentence = claim.text
    for attribution in getattr(claim, "attributions", ()):
        source = attribution.source
        if len(source) > 2 and source in sentence and in_origins(source):
            sentence = sentence.replace(source, " " * len(source))
    return sentence


def _credits(items: list[_Item], mine: Details, unit: _Unit, theirs: Details) -> list[float]:
    """Per claim item, how far this passage covers it: 1 (or a fuzzy 0.85-1) when it has the term
    or the same number or date, NEUTRAL_CREDIT when it states that number or date otherwise (it
    has one of the same class that the claim does not have), else 0."""
    out: list[float] = []
    for item in items:
        if item.term is not None:
            if item.term in unit.term_set:
                out.append(1.0)
                continue
            alike = unit.buckets().get(item.term[:2]) if len(item.term) >= _FUZZY_LEN else None
            if alike:
                # Words this alike share their first letters; the bucket spares most comparisons.
                hit = process.extractOne(item.term, alike, scorer=fuzz.ratio,
                                         score_cutoff=FUZZY_MIN)
                out.append(hit[1] / 100 if hit else 0.0)
            else:
                out.append(0.0)
            continue
        d = item.detail
        pool = theirs.of_kind(d.kind)
        if any(same(d, o) for o in pool):
            out.append(1.0)
        elif any(comparable(d, o) and not any(same(c, o) for c in mine.of_kind(d.kind))
                 for o in pool):
            out.append(NEUTRAL_CREDIT)
        else:
            out.append(0.0)
    return out


@dataclass
class _Cover:
    score: float  # all items, weighted; a detail stated otherwise counts NEUTRAL_CREDIT
    term_score: float  # words only
    matched_terms: int
    evidence: int  # terms and details covered outright


class _Weights:
    """A claim's item weights, kept apart so that scoring is a few sums."""

    def __init__(self, items: list[_Item]):
        self.all = [i.weight for i in items]
        self.total = sum(self.all) or 1.0
        self.is_term = [i.term is not None for i in items]
        self.terms_total = sum(w for w, t in zip(self.all, self.is_term) if t) or 1.0

    def score(self, covered: list[float]) -> float:
        return sum(w * c for w, c in zip(self.all, covered)) / self.total

    def union(self, parts: list[list[float]]) -> list[float]:
        return parts[0] if len(parts) == 1 else [max(values) for values in zip(*parts)]

    def cover(self, parts: list[list[float]]) -> _Cover:
        covered = self.union(parts)
        outright = [c >= OUTRIGHT for c in covered]
        return _Cover(self.score(covered),
                      sum(w * c for w, c, t in zip(self.all, covered, self.is_term) if t)
                      / self.terms_total,
                      sum(1 for o, t in zip(outright, self.is_term) if o and t), sum(outright))
