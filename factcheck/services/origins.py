"""Origin documents and the alignment of an article's claims with them (issue 9).

Adding or removing an origin, or correcting claim units, re-traces the article: alignments are
derived data, kept in claim_alignment so lists and the report read them with one query.
A reviewer's decision (confirm or reject) on a claim survives a re-trace while the status stays.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace

from sqlmodel import Session, col, select

from factcheck.analysis import Analysis, Attribution, Block, Claim, DateMention, InputError, analyze_bytes
from factcheck.models import Article, ClaimAlignment, ClaimUnit, OriginDocument, Source, User
from factcheck.sanitize import clean_text
from factcheck.services import audit, claims
from factcheck.services.articles import MAX_BYTES, claim_units, fit_column, fit_file_name, too_large_message
from factcheck.timeutil import utcnow
from factcheck.urls import URLError, metadata_url, normalize_url


class OriginError(ValueError):
    pass


def _as_claim(unit: ClaimUnit) -> Claim:
    dates = [DateMention(d["start"], d["end"], d["text"], date.fromisoformat(d["from"]),
                         date.fromisoformat(d["to"]), d["precision"], d.get("relative", False)) for d in unit.dates]
    return Claim(id=unit.id, start=unit.start, end=unit.end, text=unit.text, checkworthy=unit.checkworthy,
                 reasons=list(unit.reasons), dates=dates,
                 attributions=[Attribution(a["start"], a["end"], a["text"], a["source"]) for a in unit.attributions])


def _article_view(article: Article, units: list[ClaimUnit]):
    """The stored article, its current (possibly corrected) claim units, shaped like an Analysis."""
    return SimpleNamespace(text=article.text, claims=[_as_claim(u) for u in units],
                           blocks=[Block(b["kind"], b["start"], b["end"], b.get("boilerplate_kind"))
                                   for b in article.blocks],
                           published_at=article.published_at, language=article.language)


def _analysis(origin: OriginDocument) -> Analysis:
    return analyze_bytes(origin.raw, filename=origin.filename, published=origin.published_at)


def origins_of(session: Session, article_id: int) -> list[OriginDocument]:
    return list(session.exec(select(OriginDocument).where(OriginDocument.article_id == article_id)
                             .order_by(col(OriginDocument.id))).all())


def statuses(session: Session, article_id: int) -> dict[int, str]:
    """claim id -> changed | unsupported (not rejected by a reviewer), for highlighting."""
    return dict(session.exec(select(ClaimAlignment.claim_id, ClaimAlignment.status)
                             .where(ClaimAlignment.article_id == article_id, ClaimAlignment.status != "supported",
                                    col(ClaimAlignment.decision).is_distinct_from("rejected"))).all())


def retrace(session: Session, article: Article) -> int:
    """Recompute the article's alignments (flushes; the caller commits). Returns claims traced."""
    from factcheck.provenance import trace

    origins = origins_of(session, article.id)
    existing = {a.claim_id: a for a in session.exec(select(ClaimAlignment)
                                                    .where(ClaimAlignment.article_id == article.id)).all()}
    if not origins:
        for alignment in existing.values():
            session.delete(alignment)
        session.flush()
        return 0
    units = claim_units(session, article.id)
    result = trace(_article_view(article, units), [_analysis(o) for o in origins])
    seen = set()
    for traced in result.claims:
        seen.add(traced.id)
        matches = [{**m.to_dict(), "origin_id": origins[m.origin].id} for m in traced.matches]
        if not matches and traced.nearest is not None:
            matches = [{**traced.nearest.to_dict(), "origin_id": origins[traced.nearest.origin].id, "nearest": True}]
        differences = [{**d.to_dict(), "claim_start": d.claim_start, "claim_end": d.claim_end,
                        "origin_id": origins[d.origin_index].id, "origin_start": d.origin_start,
                        "origin_end": d.origin_end} for d in traced.differences]
        alignment = existing.get(traced.id) or ClaimAlignment(claim_id=traced.id, article_id=article.id, status="")
        if alignment.status != traced.status:
            alignment.decision, alignment.decided_by_id = None, None
        alignment.status, alignment.score = traced.status, round(traced.score, 4)
        alignment.matches, alignment.differences = matches, differences
        alignment.updated_at = utcnow()
        session.add(alignment)
    for claim_id, alignment in existing.items():
        if claim_id not in seen:  # a retired unit (split, merged)
            session.delete(alignment)
    session.flush()
    return len(result.claims)


@dataclass
class AddedOrigin:
    origin: OriginDocument
    notes: list[str]  # metadata found but not kept, and why


def add_origin(session: Session, *, article_id: int, raw: bytes, filename: str, actor: User | None,
               url: str | None = None, publisher: str | None = None, published: date | None = None) -> AddedOrigin:
    """Store an origin document and re-trace the article. A URL given is checked (refused if not
    http(s)); without one, the document's own metadata URL is used if it passes the same check."""
    article = session.get(Article, article_id)
    if article is None:
        raise OriginError(f"no article {article_id}")
    if len(raw) > MAX_BYTES:
        raise InputError(too_large_message())
    digest = hashlib.sha256(raw).hexdigest()
    if session.exec(select(OriginDocument).where(OriginDocument.article_id == article_id,
                                                 OriginDocument.sha256 == digest)).first():
        raise OriginError("that document is already an origin of this article")
    if url:
        try:
            url = normalize_url(url)
        except URLError as exc:
            raise OriginError(str(exc)) from None
    publisher = clean_text(publisher, "The publisher", limit=300, error=OriginError) or None
    analysis = analyze_bytes(raw, filename=filename, published=published)
    notes = []
    if not url:
        url, note = metadata_url(analysis.metadata.get("url"))
        notes += [note] if note else []
    title = fit_column(analysis.title or Path(filename).stem, name="the title", column="title", notes=notes,
                       model=OriginDocument, owner="origin")
    name = fit_file_name(filename, notes=notes, model=OriginDocument, owner="origin")
    publisher = publisher or fit_column(analysis.metadata.get("outlet"), name="the outlet in the file",
                                        column="publisher", notes=notes, model=OriginDocument, owner="origin")
    origin = OriginDocument(article_id=article_id, sha256=digest, filename=name, raw=raw,
                            text=analysis.text, title=title or "",
                            url=url,
                            publisher=publisher,
                            published_at=published or analysis.published_at, language=analysis.language,
                            added_by_id=actor.id if actor else None)
    session.add(origin)
    session.flush()
    traced = retrace(session, article)
    audit.record(session, actor=actor, entity="origin", entity_id=origin.id, action="origin_add",
                 article_id=article_id, after={"sha256": digest, "title": origin.title, "url": origin.url,
                                               "claims_traced": traced, **({"notes": notes} if notes else {})})
    session.commit()
    return AddedOrigin(origin, notes)


def import_origin_path(session: Session, path: Path, *, article_id: int, actor: User | None, **kwargs) -> AddedOrigin:
    if not path.is_file():
        raise InputError("no such file")
    return add_origin(session, article_id=article_id, raw=path.read_bytes(), filename=path.name, actor=actor, **kwargs)


@dataclass
class Side:
    """One origin passage beside the claim, with both sides cut for highlighting."""

    origin: OriginDocument
    passage: list[tuple[str, str | None]]  # (text, difference kind or None)
    claim: list[tuple[str, str | None]]
    score: float
    nearest: bool


def _cut(text: str, start: int, end: int, spans: list[tuple[int, int, str]]) -> list[tuple[str, str | None]]:
    pieces, cursor = [], start
    for s, e, kind in sorted(spans):
        s, e = max(s, cursor), min(e, end)
        if s >= e:
            continue
        if s > cursor:
            pieces.append((text[cursor:s], None))
        pieces.append((text[s:e], kind))
        cursor = e
    if cursor < end:
        pieces.append((text[cursor:end], None))
    return pieces


def side_by_side(session: Session, claim: ClaimUnit) -> tuple[ClaimAlignment | None, list[Side]]:
    alignment = session.exec(select(ClaimAlignment).where(ClaimAlignment.claim_id == claim.id)).first()
    if alignment is None:
        return None, []
    origins = {o.id: o for o in origins_of(session, claim.article_id)}
    article_text = session.exec(select(Article.text).where(Article.id == claim.article_id)).one()
    sides = []
    for match in alignment.matches:
        origin = origins.get(match["origin_id"])
        if origin is None:
            continue
        theirs = [(d["origin_start"], d["origin_end"], d["kind"]) for d in alignment.differences
                  if d["origin_id"] == origin.id]
        mine = [(d["claim_start"], d["claim_end"], d["kind"]) for d in alignment.differences
                if d["origin_id"] == origin.id]
        sides.append(Side(origin, _cut(origin.text, match["start"], match["end"], theirs),
                          _cut(article_text, claim.start, claim.end, mine), match["score"],
                          bool(match.get("nearest"))))
    return alignment, sides


def decide(session: Session, *, claim_id: int, decision: str, actor: User) -> ClaimAlignment:
    if decision not in {"confirmed", "rejected"}:
        raise OriginError("confirm or reject the alignment")
    alignment = session.exec(select(ClaimAlignment).where(ClaimAlignment.claim_id == claim_id)).first()
    if alignment is None:
        raise OriginError("this claim has no alignment; add an origin document first")
    alignment.decision, alignment.decided_by_id = decision, actor.id
    session.add(alignment)
    audit.record(session, actor=actor, entity="claim", entity_id=claim_id, action=f"alignment_{decision}",
                 article_id=alignment.article_id, after={"claim_id": claim_id, "status": alignment.status})
    session.commit()
    return alignment


def attach_as_source(session: Session, *, claim_id: int, origin_id: int, actor: User) -> Source:
    """The matching origin passage becomes a source in one step: supports, or refutes if changed."""
    alignment = session.exec(select(ClaimAlignment).where(ClaimAlignment.claim_id == claim_id)).first()
    origin = session.get(OriginDocument, origin_id)
    if alignment is None or origin is None:
        raise OriginError("no aligned origin passage to attach")
    match = next((m for m in alignment.matches if m["origin_id"] == origin_id), None)
    if match is None:
        raise OriginError("that origin has no passage matching this claim")
    if not origin.url:
        raise OriginError("this origin document has no URL; add the source by hand with its address")
    stance = "refutes" if alignment.status == "changed" else "supports" if alignment.status == "supported" else "context"
    # Once per claim and passage: a double-clicked (or repeated) attach stores one source. Two
    # requests at the same moment both pass this check, but then only one wins the claim's
    # version compare-and-set; the other finds the winner's source below.
    try:
        url = normalize_url(origin.url)
    except URLError as exc:  # stored before origin URLs were checked
        raise OriginError(f"this origin document's URL is not accepted ({exc}); add the source by hand") from None
    _refuse_if_attached(session, claim_id=claim_id, url=url, excerpt=match["text"])
    try:
        return claims.add_source(session, claim_id=claim_id, actor=actor, url=url, title=origin.title,
                                 publisher=origin.publisher or "", excerpt=match["text"], stance=stance)
    except claims.Conflict:
        _refuse_if_attached(session, claim_id=claim_id, url=url, excerpt=match["text"])
        raise


def _refuse_if_attached(session: Session, *, claim_id: int, url: str, excerpt: str) -> None:
    attached = session.exec(select(Source.id).where(Source.claim_id == claim_id, col(Source.removed_at).is_(None),
                                                    Source.url == url, Source.excerpt == excerpt.strip())).first()
    if attached is not None:
        raise OriginError("this origin passage is already a source of this claim")
