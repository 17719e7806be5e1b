"""The fact-checker's work on one claim: sources, verdicts, assignment, comments.

Every change bumps the claim's version with a compare-and-set, so a save made over
a newer version is refused as a Conflict instead of silently overwriting it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from factcheck.models import RATINGS, STANCES, Article, ClaimStatus, ClaimUnit, Comment, Source, User, Verdict
from factcheck.sanitize import clean_rich_text, clean_text
from factcheck.services import activity, audit
from factcheck.timeutil import utcnow
from factcheck.urls import URLError, normalize_url

MAX_TEXT = 20_000
DUPLICATE_WINDOW = 30  # seconds


class ClaimError(ValueError):
    """Input that cannot be saved; the message says why."""


class NotFound(LookupError):
    pass


class Conflict(Exception):
    """Someone saved this claim after the version the user was editing."""

    def __init__(self, claim: ClaimUnit):
        super().__init__(f"claim {claim.id} is at version {claim.version}")
        self.claim = claim


@dataclass
class Panel:
    claim: ClaimUnit
    article: Article
    assignee: User | None
    sources: list[Source]
    verdicts: list[tuple[Verdict, User]]  # newest first
    comments: list[tuple[Comment, User]]

    @property
    def verdict(self) -> Verdict | None:
        return self.verdicts[0][0] if self.verdicts else None


def get_claim(session: Session, claim_id: int) -> ClaimUnit:
    claim = session.get(ClaimUnit, claim_id)
    if claim is None:
        raise NotFound(f"no claim {claim_id}")
    return claim


def panel(session: Session, claim_id: int) -> Panel:
    claim = get_claim(session, claim_id)
    article = session.get(Article, claim.article_id)
    assignee = session.get(User, claim.assignee_id) if claim.assignee_id else None
    sources = session.exec(select(Source).where(Source.claim_id == claim_id, col(Source.removed_at).is_(None))
                           .order_by(col(Source.id))).all()
    verdicts = session.exec(select(Verdict, User).join(User, col(User.id) == Verdict.author_id)
                            .where(Verdict.claim_id == claim_id).order_by(col(Verdict.id).desc())).all()
    comments = session.exec(select(Comment, User).join(User, col(User.id) == Comment.author_id)
                            .where(Comment.claim_id == claim_id).order_by(col(Comment.id))).all()
    return Panel(claim, article, assignee, list(sources), list(verdicts), list(comments))


def changes_since(session: Session, claim: ClaimUnit, version: int | None) -> list:
    """What was saved on the claim after `version`, newest first, read from the audit trail:
    the other side of a conflict. (Each versioned write records the version it made.)"""
    if version is None or version >= claim.version:
        return []
    entries = activity.for_claim(session, claim.id, article_id=claim.article_id).entries
    return [e for e in entries if e.version is not None and e.version > version]


def latest_ratings(session: Session, article_id: int) -> dict[int, str]:
    """claim id -> rating of its newest verdict, for one article, in one query."""
    newest = (select(func.max(Verdict.id)).join(ClaimUnit, col(ClaimUnit.id) == Verdict.claim_id)
              .where(ClaimUnit.article_id == article_id).group_by(Verdict.claim_id))
    rows = session.exec(select(Verdict.claim_id, Verdict.rating).where(col(Verdict.id).in_(newest))).all()
    return dict(rows)


def require_current(claim: ClaimUnit) -> None:
    """Work goes to current units: a unit retired by a split or merge keeps its history only."""
    if not claim.active:
        raise ClaimError("this claim unit was replaced by a correction (split or merge); "
                         "open the article and work on the current unit")


def _bump(session: Session, claim: ClaimUnit, version: int | None, **values) -> None:
    """Compare-and-set on the version; raises Conflict when someone saved in between."""
    if version is None or version == claim.version:
        require_current(claim)  # (an older version gets the Conflict, which names the split)
    expected = claim.version if version is None else version
    result = session.execute(update(ClaimUnit).where(col(ClaimUnit.id) == claim.id,
                                                     col(ClaimUnit.version) == expected)
                             .values(version=expected + 1, updated_at=utcnow(), **values))
    if result.rowcount != 1:
        session.rollback()
        session.expire_all()
        raise Conflict(get_claim(session, claim.id))
    session.refresh(claim)


def _text(value: str | None, name: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    return clean_text(value, name, limit=limit, required=required, error=ClaimError)


def add_source(session: Session, *, claim_id: int, actor: User, url: str, title: str = "",
               publisher: str = "", accessed_on: date | None = None, archive_url: str | None = None,
               excerpt: str | None = None, stance: str, version: int | None = None) -> Source:
    claim = get_claim(session, claim_id)
    source = Source(claim_id=claim.id, created_by_id=actor.id,
                    **_source_fields(url=url, title=title, publisher=publisher, accessed_on=accessed_on,
                                     archive_url=archive_url, excerpt=excerpt, stance=stance))
    status = ClaimStatus.in_progress.value if claim.status == ClaimStatus.open.value else claim.status
    _bump(session, claim, version, status=status)
    session.add(source)
    session.flush()
    audit.record(session, actor=actor, entity="source", entity_id=source.id, action="source_add",
                 article_id=claim.article_id,
                 after={"claim_id": claim.id, "url": source.url, "stance": source.stance, "title": source.title,
                        "version": claim.version})
    session.commit()
    return source


def edit_source(session: Session, *, claim_id: int, source_id: int, actor: User, url: str, title: str = "",
                publisher: str = "", accessed_on: date | None = None, archive_url: str | None = None,
                excerpt: str | None = None, stance: str, version: int | None = None) -> Source:
    claim = get_claim(session, claim_id)
    source = session.get(Source, source_id)
    if source is None or source.claim_id != claim.id or source.removed_at is not None:
        raise NotFound(f"no source {source_id} on claim {claim_id}")
    fields = _source_fields(url=url, title=title, publisher=publisher, accessed_on=accessed_on,
                            archive_url=archive_url, excerpt=excerpt, stance=stance)
    before = {k: _plain(getattr(source, k)) for k in fields}
    _bump(session, claim, version)
    for key, value in fields.items():
        setattr(source, key, value)
    session.add(source)
    audit.record(session, actor=actor, entity="source", entity_id=source.id, action="source_edit",
                 article_id=claim.article_id, before={"claim_id": claim.id, **before},
                 after={"claim_id": claim.id, **{k: _plain(v) for k, v in fields.items()}, "version": claim.version})
    session.commit()
    return source


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


def _source_fields(*, url: str, title: str, publisher: str, accessed_on: date | None,
                   archive_url: str | None, excerpt: str | None, stance: str) -> dict:
    """Validated source values: http(s) URLs only, normalized; a stance from the list."""
    if stance not in STANCES:
        raise ClaimError("choose a stance: supports, refutes or context")
    try:
        normalized = normalize_url(url)
        archive = normalize_url(archive_url) if archive_url and archive_url.strip() else None
    except URLError as exc:
        raise ClaimError(str(exc)) from None
    return {"url": normalized, "title": _text(title, "Title", limit=500),
            "publisher": _text(publisher, "Publisher", limit=300), "accessed_on": accessed_on or date.today(),
            "archive_url": archive, "excerpt": _text(excerpt, "Excerpt") or None, "stance": stance}


def remove_source(session: Session, *, claim_id: int, source_id: int, actor: User,
                  version: int | None = None) -> Source:
    claim = get_claim(session, claim_id)
    source = session.get(Source, source_id)
    if source is None or source.claim_id != claim.id or source.removed_at is not None:
        raise NotFound(f"no source {source_id} on claim {claim_id}")
    _bump(session, claim, version)
    source.removed_at = utcnow()
    session.add(source)
    audit.record(session, actor=actor, entity="source", entity_id=source.id, action="source_remove",
                 article_id=claim.article_id, before={"claim_id": claim.id, "url": source.url,
                                                      "stance": source.stance},
                 after={"claim_id": claim.id, "version": claim.version})
    session.commit()
    return source


def record_verdict(session: Session, *, claim_id: int, rating: str, rationale: str, author: User,
                   version: int | None = None) -> Verdict:
    """Append a verdict; the previous one stays in the history."""
    claim = get_claim(session, claim_id)
    if rating not in RATINGS:
        raise ClaimError("choose a rating from the list")
    cleaned = clean_rich_text(_text(rationale, "Rationale"))
    sources = session.exec(select(func.count()).select_from(Source).where(
        Source.claim_id == claim.id, col(Source.removed_at).is_(None))).one()
    _bump(session, claim, version, status=ClaimStatus.done.value)
    verdict = Verdict(claim_id=claim.id, rating=rating, rationale=cleaned, author_id=author.id)
    session.add(verdict)
    session.flush()
    audit.record(session, actor=author, entity="verdict", entity_id=verdict.id, action="verdict",
                 article_id=claim.article_id,
                 after={"claim_id": claim.id, "rating": rating, "sources": sources, "version": claim.version})
    session.commit()
    return verdict


def assign(session: Session, *, claim_id: int, assignee_id: int | None, actor: User,
           version: int | None = None) -> ClaimUnit:
    claim = stage_assignment(session, claim_id=claim_id, assignee_id=assignee_id, actor=actor,
                             version=version)
    session.commit()
    return claim


def stage_assignment(session: Session, *, claim_id: int, assignee_id: int | None, actor: User,
                     version: int | None = None) -> ClaimUnit:
    """assign() without the commit, for a use case that assigns as one step of its own."""
    claim = get_claim(session, claim_id)
    assignee = None
    if assignee_id is not None:
        assignee = session.get(User, assignee_id)
        if assignee is None or assignee.disabled:
            raise ClaimError("that user does not exist or is disabled")
    before = claim.assignee_id
    _bump(session, claim, version, assignee_id=assignee_id)
    audit.record(session, actor=actor, entity="claim", entity_id=claim.id, action="assign",
                 article_id=claim.article_id, before={"assignee_id": before},
                 after={"assignee_id": assignee_id, "assignee": assignee.username if assignee else None,
                        "version": claim.version})
    return claim


def add_comment(session: Session, *, claim_id: int, body: str, actor: User) -> Comment:
    """Comments append to a thread, so they never conflict and need no version."""
    claim = get_claim(session, claim_id)
    require_current(claim)
    body = _text(body, "Comment", required=True)
    # A double-clicked submit (or a retried request) must not post the same comment twice.
    recent = session.exec(select(Comment).where(Comment.claim_id == claim.id, Comment.author_id == actor.id)
                          .order_by(col(Comment.id).desc()).limit(1)).first()
    if recent and recent.body == body and (utcnow() - recent.created_at).total_seconds() < DUPLICATE_WINDOW:
        return recent
    comment = Comment(claim_id=claim.id, author_id=actor.id, body=body)
    session.add(comment)
    session.flush()
    audit.record(session, actor=actor, entity="comment", entity_id=comment.id, action="comment",
                 article_id=claim.article_id, after={"claim_id": claim.id, "body": comment.body})
    session.commit()
    return comment


def active_users(session: Session) -> list[User]:
    return list(session.exec(select(User).where(col(User.disabled).is_(False)).order_by(User.username)).all())
