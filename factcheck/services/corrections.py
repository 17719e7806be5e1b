"""Reviewers correct claim units: split, merge, move a boundary, "not a claim", add, restore.

Nothing is deleted. A split or merge retires the old units (active=False, their
sources and verdicts stay with them in history) and adds manual units; "restore"
brings the automatic split back. Offsets always satisfy text[start:end] == unit.text.
"""
from __future__ import annotations

from sqlmodel import Session, col, select

from factcheck.models import Article, AuditEvent, ClaimStatus, ClaimUnit, Source, User, Verdict
from factcheck.services import audit, origins
from factcheck.services.claims import ClaimError, _bump, get_claim
from factcheck.services.articles import claim_units


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _block_of(article: Article, start: int, end: int) -> dict | None:
    for block in article.blocks:
        if block["start"] <= start and end <= block["end"]:
            return block
    return None


def _check_span(session: Session, article: Article, start: int, end: int, *, ignore: set[int]) -> tuple[int, int]:
    if not 0 <= start < end <= len(article.text):
        raise ClaimError(f"the span must lie inside the text (0-{len(article.text)})")
    start, end = _trim(article.text, start, end)
    if start >= end:
        raise ClaimError("the span holds only white space")
    if article.blocks and _block_of(article, start, end) is None:
        raise ClaimError("a claim unit cannot cross from one paragraph or heading into another")
    for unit in claim_units(session, article.id):
        if unit.id not in ignore and unit.start < end and start < unit.end:
            raise ClaimError(f"the span overlaps claim unit {unit.position + 1} (\u201c{unit.text[:40]}\u2026\u201d)")
    return start, end


def _new_unit(article: Article, start: int, end: int) -> ClaimUnit:
    return ClaimUnit(article_id=article.id, start=start, end=end, text=article.text[start:end],
                     position=0, origin="manual")


def _renumber(session: Session, article_id: int) -> None:
    for position, unit in enumerate(claim_units(session, article_id)):
        if unit.position != position:
            unit.position = position
            session.add(unit)


def _finish(session: Session, article: Article, actor: User, action: str, *, entity_id: int,
            before: dict, after: dict) -> None:
    session.flush()
    _renumber(session, article.id)
    origins.retrace(session, article)
    audit.record(session, actor=actor, entity="claim", entity_id=entity_id, action=action,
                 article_id=article.id, before=before, after=after)
    session.commit()


def _span(unit: ClaimUnit) -> dict:
    return {"id": unit.id, "start": unit.start, "end": unit.end, "text": unit.text}


def split(session: Session, *, claim_id: int, at: int, actor: User, version: int | None = None) -> list[ClaimUnit]:
    """Split a unit at an absolute offset into two."""
    unit = get_claim(session, claim_id)
    article = session.get(Article, unit.article_id)
    if not unit.start < at < unit.end:
        raise ClaimError("choose a split point inside the claim")
    first = _trim(article.text, unit.start, at)
    second = _trim(article.text, at, unit.end)
    if first[0] >= first[1] or second[0] >= second[1]:
        raise ClaimError("both parts of a split need some text")
    _bump(session, unit, version, active=False)
    parts = [_new_unit(article, *first), _new_unit(article, *second)]
    session.add_all(parts)
    session.flush()
    _finish(session, article, actor, "split", entity_id=unit.id, before=_span(unit),
            after={"parts": [_span(p) for p in parts], "version": unit.version})
    return parts


def merge_next(session: Session, *, claim_id: int, actor: User, version: int | None = None) -> ClaimUnit:
    """Merge a unit with the one after it (same paragraph only)."""
    unit = get_claim(session, claim_id)
    article = session.get(Article, unit.article_id)
    following = session.exec(select(ClaimUnit).where(ClaimUnit.article_id == article.id,
                                                     col(ClaimUnit.active).is_(True),
                                                     col(ClaimUnit.start) >= unit.end)
                             .order_by(col(ClaimUnit.start)).limit(1)).first()
    if following is None:
        raise ClaimError("there is no claim unit after this one to merge with")
    if article.blocks and _block_of(article, unit.start, following.end) is None:
        raise ClaimError("the next claim unit is in another paragraph; units cannot cross blocks")
    _bump(session, unit, version, active=False)
    _bump(session, following, None, active=False)
    merged = _new_unit(article, unit.start, following.end)
    session.add(merged)
    session.flush()
    _finish(session, article, actor, "merge", entity_id=merged.id,
            before={"units": [_span(unit), _span(following)]}, after=_span(merged))
    return merged


def move_boundary(session: Session, *, claim_id: int, start: int, end: int, actor: User,
                  version: int | None = None) -> ClaimUnit:
    unit = get_claim(session, claim_id)
    article = session.get(Article, unit.article_id)
    before = _span(unit)
    start, end = _check_span(session, article, start, end, ignore={unit.id})
    _bump(session, unit, version, start=start, end=end, text=article.text[start:end])
    _finish(session, article, actor, "boundary", entity_id=unit.id, before=before,
            after={**_span(unit), "version": unit.version})
    return unit


def set_not_claim(session: Session, *, claim_id: int, actor: User, not_claim: bool = True,
                  version: int | None = None) -> ClaimUnit:
    unit = get_claim(session, claim_id)
    article = session.get(Article, unit.article_id)
    before = {"status": unit.status}
    status = ClaimStatus.not_claim.value if not_claim else _status_from_work(session, unit)
    _bump(session, unit, version, status=status)
    _finish(session, article, actor, "not_claim" if not_claim else "is_claim", entity_id=unit.id,
            before=before, after={"status": status, "version": unit.version})
    return unit


def add_unit(session: Session, *, article_id: int, start: int, end: int, actor: User) -> ClaimUnit:
    article = session.get(Article, article_id)
    if article is None:
        raise ClaimError(f"no article {article_id}")
    start, end = _check_span(session, article, start, end, ignore=set())
    unit = _new_unit(article, start, end)
    session.add(unit)
    session.flush()
    _finish(session, article, actor, "add_unit", entity_id=unit.id, before={}, after=_span(unit))
    return unit


def restore_automatic(session: Session, *, article_id: int, actor: User) -> list[ClaimUnit]:
    """Bring back the automatic split exactly: manual units retire (with their history), moved
    automatic units return to their first span (read from the audit trail) and "not a claim"
    marks on them are lifted."""
    article = session.get(Article, article_id)
    if article is None:
        raise ClaimError(f"no article {article_id}")
    units = session.exec(select(ClaimUnit).where(ClaimUnit.article_id == article_id)).all()
    first_spans = _first_spans(session, article_id)
    retired, moved, reopened = [], [], []
    for unit in units:
        wanted = unit.origin == "auto"
        changed = unit.active != wanted
        if changed and not wanted:
            retired.append(unit.id)
        unit.active = wanted
        span = first_spans.get(unit.id) if wanted else None
        if span is not None and span != (unit.start, unit.end):
            moved.append({"id": unit.id, "from": [unit.start, unit.end], "to": list(span)})
            unit.start, unit.end = span
            unit.text = article.text[unit.start:unit.end]
            changed = True
        if wanted and unit.status == ClaimStatus.not_claim.value:
            reopened.append(unit.id)
            unit.status = _status_from_work(session, unit)
            changed = True
        if changed:
            unit.version += 1
            session.add(unit)
    _finish(session, article, actor, "restore", entity_id=None,
            before={"retired_manual": retired, "moved": moved, "not_claim": reopened},
            after={"units": sum(1 for u in units if u.origin == "auto")})
    return claim_units(session, article_id)


def _first_spans(session: Session, article_id: int) -> dict[int, tuple[int, int]]:
    """unit id -> its span before its first boundary move: the automatic split's span."""
    events = session.exec(select(AuditEvent.entity_id, AuditEvent.before)
                          .where(AuditEvent.article_id == article_id, AuditEvent.entity == "claim",
                                 AuditEvent.action == "boundary")
                          .order_by(col(AuditEvent.id))).all()
    spans: dict[int, tuple[int, int]] = {}
    for unit_id, before in events:
        if unit_id is not None and before and unit_id not in spans:
            spans[unit_id] = (before["start"], before["end"])
    return spans


def _status_from_work(session: Session, unit: ClaimUnit) -> str:
    if session.exec(select(Verdict.id).where(Verdict.claim_id == unit.id).limit(1)).first():
        return ClaimStatus.done.value
    if session.exec(select(Source.id).where(Source.claim_id == unit.id,
                                            col(Source.removed_at).is_(None)).limit(1)).first():
        return ClaimStatus.in_progress.value
    return ClaimStatus.open.value
