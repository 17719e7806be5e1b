"""The claims CSV and the standard formats (ClaimReview, Web Annotation), streamed.

Rows are read in keyset batches (WHERE id > last ORDER BY id LIMIT n), and the claims CSV
computes each batch's flags with the report's rules (reports.claim_facts / claim_flags), so
nothing grows with the number of claims; the CSV reuses the injection-safe writer of
services.exports. Every export writes one audit event before any row
leaves, like the audit export.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from factcheck.models import Article, ClaimUnit, Publication, User, Verdict
from factcheck.services import audit, reports
from factcheck.services.exports import BATCH, Column, csv_stream
from factcheck.services.listing import COUNTED
from factcheck.standards import claim_review, web_annotation
from factcheck.timeutil import utcnow

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
    ("origin_differences", lambda r: "; ".join(r["origin_differences"])),
    ("assignee", lambda r: r["assignee"]),
)


@dataclass
class Export:
    rows: int
    chunks: Iterator[str] = iter(())  # the text; read it while the session is open
    sent: int = 0  # items turned into text so far, for progress reports

    def counted(self, items: Iterator) -> Iterator:
        for item in items:
            self.sent += 1
            yield item


def _claim_batches(session: Session, batch: int) -> Iterator[list]:
    last = 0
    while True:
        rows = session.exec(select(*reports.FLAG_COLUMNS, ClaimUnit.position, ClaimUnit.start, ClaimUnit.end,
                                   Article.title, Article.outlet)
                            .join(Article, col(Article.id) == ClaimUnit.article_id)
                            .where(COUNTED, col(ClaimUnit.id) > last)
                            .order_by(col(ClaimUnit.id)).limit(batch)).all()
        if not rows:
            return
        yield rows
        last = rows[-1].id


def _origin_differences(raised: list[reports.ClaimFlag]) -> list[str]:
    """The origin flags' evidence in words: each difference with both sides, or the nearest passage."""
    cells = []
    for flag in raised:
        if flag.flag == "origin_changed":
            cells += [f"{e['kind']}: claim “{e['claim']}” vs origin “{e['origin']}”" for e in flag.evidence]
        elif flag.flag == "origin_unsupported":
            cells += [f"unsupported: nearest origin passage “{e['text']}” (score {e['score']:.2f})"
                      for e in flag.evidence] or ["unsupported: no origin passage says this"]
    return cells


def _claim_rows(session: Session, batch: int, stale_days: int) -> Iterator[dict]:
    # Flags are computed batch by batch with the report's own rules (reports.claim_flags), so
    # memory stays flat however many claims there are.
    today = utcnow().date()
    users = dict(session.exec(select(User.id, User.username)).all())
    for rows in _claim_batches(session, batch):
        facts = reports.claim_facts(session, [r.id for r in rows])
        for row in rows:
            raised = [f for f in reports.claim_flags(row, facts, today=today, stale_days=stale_days)
                      if reports.decision_state(facts.decisions.get((f.flag, row.article_id, row.id)), today) == "open"]
            rating, author = facts.latest.get(row.id, (None, None))
            yield {"article_id": row.article_id, "article_title": row.title, "outlet": row.outlet, "claim_id": row.id,
                   "position": row.position, "start": row.start, "end": row.end, "text": row.text,
                   "checkworthy": row.checkworthy, "status": row.status, "rating": rating,
                   "verdict_author": users.get(author), "sources": facts.sources.get(row.id, 0),
                   "flags": [f.flag for f in raised], "origin_differences": _origin_differences(raised),
                   "assignee": users.get(row.assignee_id)}


def _record(session: Session, actor: User | None, kind: str, rows: int, via: str) -> None:
    audit.record(session, actor=actor, entity="export", entity_id=None, action="export",
                 after={"export": kind, "rows": rows, "via": via})
    session.commit()


def export_claims(session: Session, *, actor: User | None, via: str, batch: int = BATCH,
                  stale_days: int = reports.STALE_DAYS) -> Export:
    """One CSV row per claim unit; its flags are the report's (give the same stale_days as the report)."""
    rows = session.exec(select(func.count()).select_from(ClaimUnit).where(COUNTED)).one()
    _record(session, actor, "claims", rows, via)
    export = Export(rows)
    export.chunks = csv_stream(export.counted(_claim_rows(session, batch, stale_days)), CLAIM_COLUMNS)
    return export


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
    export = Export(rows)
    export.chunks = _json_array("[", export.counted(items), "]\n")
    return export


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
    export = Export(rows)
    export.chunks = _json_array(head + ', "first": {"type": "AnnotationPage", "items": [', export.counted(items),
                                "]}}\n")
    return export
