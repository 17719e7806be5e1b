"""Publishing a fact-check: an editor approves the current verdict of a claim."""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from factcheck.models import Article, ClaimStatus, ClaimUnit, Publication, Source, User, Verdict
from factcheck.services import audit
from factcheck.services.claims import ClaimError, NotFound, get_claim, require_current


@dataclass
class FactCheck:
    publication: Publication
    claim: ClaimUnit
    article: Article
    verdict: Verdict
    author: User
    approver: User
    sources: list[Source]

    @property
    def context(self) -> tuple[str, str, str]:
        """The claim inside its paragraph: (before, claim, after)."""
        text = self.article.text
        block = next((b for b in self.article.blocks if b["start"] <= self.claim.start and self.claim.end <= b["end"]),
                     {"start": max(0, self.claim.start - 300), "end": min(len(text), self.claim.end + 300)})
        return (text[block["start"]:self.claim.start], text[self.claim.start:self.claim.end],
                text[self.claim.end:block["end"]])


def approve(session: Session, *, claim_id: int, verdict_id: int, editor: User) -> Publication:
    """Publish the claim's current verdict; approving an older verdict is refused."""
    claim = get_claim(session, claim_id)
    require_current(claim)
    if claim.status == ClaimStatus.not_claim.value:
        raise ClaimError("this unit is marked “not a claim”; mark it as a claim before publishing")
    latest = session.exec(select(Verdict).where(Verdict.claim_id == claim.id)
                          .order_by(col(Verdict.id).desc()).limit(1)).first()
    if latest is None:
        raise ClaimError("record a verdict before publishing")
    if latest.id != verdict_id:
        raise ClaimError("a newer verdict was recorded; review it before publishing")
    published = latest_publication(session, claim.id)
    if published is not None and published.verdict_id == latest.id:
        return published  # already public (a double-clicked approve): one page per verdict
    publication = Publication(claim_id=claim.id, verdict_id=latest.id, approved_by_id=editor.id)
    session.add(publication)
    session.flush()
    audit.record(session, actor=editor, entity="publication", entity_id=publication.id, action="publish",
                 article_id=claim.article_id, after={"claim_id": claim.id, "verdict_id": latest.id,
                                                     "rating": latest.rating})
    session.commit()
    return publication


def fact_check(session: Session, publication_id: int) -> FactCheck:
    publication = session.get(Publication, publication_id)
    if publication is None:
        raise NotFound(f"no published fact-check {publication_id}")
    claim = session.get(ClaimUnit, publication.claim_id)
    verdict = session.get(Verdict, publication.verdict_id)
    sources = session.exec(select(Source).where(Source.claim_id == claim.id, col(Source.removed_at).is_(None))
                           .order_by(col(Source.id))).all()
    return FactCheck(publication, claim, session.get(Article, claim.article_id), verdict,
                     session.get(User, verdict.author_id), session.get(User, publication.approved_by_id),
                     list(sources))


def latest_publication(session: Session, claim_id: int) -> Publication | None:
    return session.exec(select(Publication).where(Publication.claim_id == claim_id)
                        .order_by(col(Publication.id).desc()).limit(1)).first()
