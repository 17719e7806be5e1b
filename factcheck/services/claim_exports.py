"""The claims CSV and the standard formats (ClaimReview, Web Annotation), streamed.

Rows are read in keyset batches (WHERE id > last ORDER BY id LIMIT n); the CSV reuses the
injection-safe writer of services.exports. Every export writes one audit event before any row
leaves, like the audit export.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from factcheck.models import Article, ClaimUnit, Publication, Source, User, Verdict
from factcheck.services import audit, reports
from factcheck.services.exports import BATCH, Column, csv_stream
from factcheck.services.listing import COUNTED
from factcheck.standards import claim_review, web_annotation

CLAIM_COLUMNS: tuple[Column, ...] = (
    ("article_id", lambda r: r["article_id"]),
    ("article_title", lambda r: r["article_title"]),
    ("outlet", lambda r: r["outlet"]),
    ("claim_id", lambda r: r["claim_id"]),
    ("position", lambda r: r["position"] + 1),
    ("start", lambda r: r["start"]),
    ("end", lambda r: r["end"]),
    ("text", lambda r: r["text"]),
    ("checkworthy", lambda r: round(r["checkworthy"], 3)),
    ("status", lambda r: r["status"]),
    ("latest_verdict", lambda r: r["rating"]),
    ("verdict_author", lambda r: r["verdict_author"]),
    ("sources", lambda r: r["sources"]),
    ("flags", lambda r: " ".join(r["flags"])),
    ("assignee", lambda r: r["assignee"]),
)


@dataclass
class Export:
    rows: int
    chunks: Iterator[str]


def _claim_batches(session: Session, batch: int) -> Iterator[list]:
    last = 0
    while True:
        rows = session.exec(select(ClaimUnit.id, ClaimUnit.article_id, ClaimUnit.position, ClaimUnit.start,
                                   ClaimUnit.end, ClaimUnit.text, ClaimUnit.checkworthy, ClaimUnit.status,
                                   ClaimUnit.assignee_id, Article.title, Article.outlet)
                            .join(Article, col(Article.id) == ClaimUnit.article_id)
                            .where(COUNTED, col(ClaimUnit.id) > last)
                            .order_by(col(ClaimUnit.id)).limit(batch)).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _claim_rows(session: Session, batch: int, stale_days: int) -> Iterator[dict]:
    flags: dict[int, list[str]] = defaultdict(list)
    for item in reports.build(session, stale_days=stale_days).follow_up:
        if item.claim_id:
            flags[item.claim_id].append(item.flag)
    users = dict(session.exec(select(User.id, User.username)).all())
    for rows in _claim_batches(session, batch):
        ids = [r[0] for r in rows]
        latest = {c: (rating, author) for c, rating, author in session.exec(
            select(Verdict.claim_id, Verdict.rating, Verdict.author_id).where(col(Verdict.id).in_(
                select(func.max(Verdict.id)).where(col(Verdict.claim_id).in_(ids)).group_by(Verdict.claim_id)))).all()}
        counts = dict(session.exec(select(Source.claim_id, func.count(Source.id))
                                   .where(col(Source.claim_id).in_(ids), col(Source.removed_at).is_(None))
                                   .group_by(Source.claim_id)).all())
        for (cid, article_id, position, start, end, text, score, status, assignee_id, title, outlet) in rows:
            rating, author = latest.get(cid, (None, None))
            yield {"article_id": article_id, "article_title": title, "outlet": outlet, "claim_id": cid,
                   "position": position, "start": start, "end": end, "text": text, "checkworthy": score,
                   "status": status, "rating": rating, "verdict_author": users.get(author),
                   "sources": counts.get(cid, 0), "flags": flags.get(cid, []), "assignee": users.get(assignee_id)}


def _record(session: Session, actor: User | None, kind: str, rows: int, via: str) -> None:
    audit.record(session, actor=actor, entity="export", entity_id=None, action="export",
                 after={"export": kind, "rows": rows, "via": via})
    session.commit()


def export_claims(session: Session, *, actor: User | None, via: str, batch: int = BATCH,
                  stale_days: int = reports.STALE_DAYS) -> Export:
    """One CSV row per claim unit; its flags are the report's (give the same stale_days as the report)."""
    rows = session.exec(select(func.count()).select_from(ClaimUnit).where(COUNTED)).one()
    _record(session, actor, "claims", rows, via)
    return Export(rows, csv_stream(_claim_rows(session, batch, stale_days), CLAIM_COLUMNS))


def _published(session: Session, batch: int) -> Iterator[tuple]:
    """The latest publication of each claim, with what the standard formats need."""
    newest = select(func.max(Publication.id)).group_by(Publication.claim_id)
    last = 0
    while True:
        rows = session.exec(select(Publication, ClaimUnit, Verdict, Article, User.username)
                            .join(ClaimUnit, col(ClaimUnit.id) == Publication.claim_id)
                            .join(Verdict, col(Verdict.id) == Publication.verdict_id)
                            .join(Article, col(Article.id) == ClaimUnit.article_id)
                            .join(User, col(User.id) == Verdict.author_id)
                            .where(col(Publication.id).in_(newest), col(Publication.id) > last)
                            .order_by(col(Publication.id)).limit(batch)).all()
        if not rows:
            return
        yield from rows
        last = rows[-1][0].id
        session.expunge_all()


def _json_array(head: str, items: Iterator[dict], tail: str) -> Iterator[str]:
    yield head
    for n, item in enumerate(items):
        yield ("," if n else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n" + tail


def export_claimreview(session: Session, *, actor: User | None, via: str, base_url: str, publisher: str,
                       batch: int = BATCH) -> Export:
    """schema.org ClaimReview JSON-LD, one per published fact-check, as a JSON array."""
    rows = session.exec(select(func.count(func.distinct(Publication.claim_id)))).one()
    _record(session, actor, "claimreview", rows, via)
    items = (claim_review(url=f"{base_url}/fact-checks/{pub.id}", claim_text=claim.text, rating=verdict.rating,
                          published=pub.approved_at, publisher=publisher, publisher_url=base_url,
                          article_url=article.url, article_title=article.title, article_outlet=article.outlet,
                          article_published=article.published_at, reviewer=author)
             for pub, claim, verdict, article, author in _published(session, batch))
    return Export(rows, _json_array("[", items, "]\n"))


def _latest_verdicts(session: Session, batch: int) -> Iterator[tuple]:
    newest = select(func.max(Verdict.id)).group_by(Verdict.claim_id)
    last = 0
    while True:
        rows = session.exec(select(Verdict, ClaimUnit, User.username, Article.id, Article.url)
                            .join(ClaimUnit, col(ClaimUnit.id) == Verdict.claim_id)
                            .join(Article, col(Article.id) == ClaimUnit.article_id)
                            .join(User, col(User.id) == Verdict.author_id)
                            .where(col(Verdict.id).in_(newest), col(ClaimUnit.active).is_(True),
                                   col(Verdict.id) > last)
                            .order_by(col(Verdict.id)).limit(batch)).all()
        if not rows:
            return
        yield from rows
        last = rows[-1][0].id
        session.expunge_all()


def export_annotations(session: Session, *, actor: User | None, via: str, base_url: str,
                       batch: int = BATCH) -> Export:
    """W3C Web Annotations, one per claim with a verdict, as an AnnotationCollection."""
    rows = session.exec(select(func.count(func.distinct(Verdict.claim_id)))
                        .join(ClaimUnit, col(ClaimUnit.id) == Verdict.claim_id)
                        .where(col(ClaimUnit.active).is_(True))).one()
    _record(session, actor, "annotations", rows, via)
    texts: dict[int, str] = {}

    def text_of(article_id: int) -> str:
        # One article's text at a time is enough: verdict order clusters by article rarely, so keep a few.
        if article_id not in texts:
            if len(texts) > 32:
                texts.clear()
            texts[article_id] = session.exec(select(Article.text).where(Article.id == article_id)).one()
        return texts[article_id]

    items = (web_annotation(id=f"{base_url}/annotations/claim-{claim.id}", text=text_of(article_id),
                            start=claim.start, end=claim.end, rating=verdict.rating, rationale=verdict.rationale,
                            created=verdict.created_at, creator=author,
                            source=url or f"{base_url}/articles/{article_id}")
             for verdict, claim, author, article_id, url in _latest_verdicts(session, batch))
    head = json.dumps({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
                       "label": "factcheck verdicts", "total": rows}, ensure_ascii=False)[:-1]
    return Export(rows, _json_array(head + ', "first": {"type": "AnnotationPage", "items": [', items, "]}}\n"))
