"""The audit trail: append-only events chained by SHA-256 (PRODUCT.md 'Audit event')."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text, update
from sqlmodel import Session, col, select

from factcheck.models import AuditEvent, AuditHead, User
from factcheck.timeutil import utcnow

GENESIS = "0" * 64


def canonical(event: AuditEvent) -> str:
    """The event's content as canonical JSON: what the hash covers."""
    return json.dumps({
        "at": event.at.isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "entity": event.entity,
        "entity_id": event.entity_id,
        "action": event.action,
        "article_id": event.article_id,
        "before": event.before,
        "after": event.after,
    }, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def chain_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256((prev_hash + canonical(event)).encode("utf-8")).hexdigest()


def _jsonable(value: dict[str, Any] | None) -> dict[str, Any] | None:
    # Round-trip so what is hashed equals what the JSON column gives back.
    return None if value is None else json.loads(json.dumps(value, default=str))


def record(session: Session, *, actor: User | None, entity: str, entity_id: int | None,
           action: str, before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           article_id: int | None = None) -> AuditEvent:
    """Append one event and move the audit head onto it, in the caller's transaction (flushes, never commits)."""
    if session.get_bind().dialect.name == "postgresql":
        # Serialise appends so two transactions cannot chain onto the same event.
        session.execute(text("SELECT pg_advisory_xact_lock(7411)"))
    last = session.exec(select(AuditEvent.hash).order_by(col(AuditEvent.id).desc()).limit(1)).first()
    prev_hash = last or GENESIS
    event = AuditEvent(at=utcnow(), actor_id=actor.id if actor else None, entity=entity,
                       entity_id=entity_id, action=action, article_id=article_id,
                       before=_jsonable(before), after=_jsonable(after), prev_hash=prev_hash, hash="")
    event.hash = chain_hash(prev_hash, event)
    session.add(event)
    session.flush()
    # A missing head row is left missing: verify reports it rather than the app quietly re-anchoring.
    session.execute(update(AuditHead).where(col(AuditHead.id) == 1).values(
        event_count=AuditHead.event_count + 1, last_event_id=event.id, last_hash=event.hash))
    return event


@dataclass
class Break:
    event_id: int | None
    reason: str


@dataclass
class Verification:
    checked: int                # events verified, oldest first
    broken: Break | None        # the first break, or None when the chain is intact
    head_hash: str              # hash of the newest intact event (GENESIS for an empty trail)
    head_event_id: int | None


def verify(session: Session, *, batch: int = 1000) -> tuple[int, Break | None]:
    """Walk the chain in id order; return (events checked, first break or None)."""
    result = check(session, batch=batch)
    return result.checked, result.broken


def check(session: Session, *, anchor: str | None = None, batch: int = 1000) -> Verification:
    """Walk the chain in id order and compare its end with the audit head.

    anchor: a head hash recorded outside the database earlier; the check fails unless
    that event is still in the chain (so nothing up to it was removed or rewritten).
    """
    prev_hash, checked, last_id = GENESIS, 0, None
    anchor_seen = anchor is None or anchor == GENESIS

    def result(broken: Break | None = None) -> Verification:
        return Verification(checked, broken, prev_hash, last_id)

    def walk() -> tuple[bool, Break | None]:
        """Check the events after last_id; (any found, first break)."""
        nonlocal prev_hash, checked, last_id, anchor_seen
        found = False
        while True:
            rows = session.exec(select(AuditEvent).where(col(AuditEvent.id) > (last_id or 0))
                                .order_by(col(AuditEvent.id)).limit(batch)
                                .execution_options(populate_existing=True)).all()
            if not rows:
                return found, None
            found = True
            for event in rows:
                if event.prev_hash != prev_hash:
                    return found, Break(event.id, "its prev_hash does not match the event before it "
                                                  "(an event was removed or inserted)")
                if chain_hash(prev_hash, event) != event.hash:
                    return found, Break(event.id, "its content does not match its hash (the row was altered)")
                prev_hash, last_id = event.hash, event.id
                anchor_seen = anchor_seen or event.hash == anchor
                checked += 1
            session.expunge_all()

    _found, broken = walk()
    while broken is None:
        # Read the head after the walk: an append commits its event and the head together, so
        # every event the head counts was visible to the walk, or is picked up by walking again.
        head = session.exec(select(AuditHead).where(col(AuditHead.id) == 1)
                            .execution_options(populate_existing=True)).first()
        if head is None:
            return result(Break(None, "the audit head row is missing (removed behind the app's back)"))
        if checked < head.event_count:
            found, broken = walk()
            if not found:
                missing = head.event_count - checked
                ends = f"at event {last_id}" if last_id else "with no events"
                return result(Break(head.last_event_id,
                                    f"the newest {missing} event(s) were removed: the audit head records "
                                    f"{head.event_count} events ending with event {head.last_event_id}, "
                                    f"but the chain ends {ends}"))
            continue
        if checked > head.event_count:
            at_head = _nth(session, head.event_count)
            if (at_head.hash if at_head else GENESIS) != head.last_hash:
                return result(Break(at_head.id if at_head else None, "it is not the newest event the audit "
                                    "head records (events were replaced behind the app's back)"))
            extra = _nth(session, head.event_count + 1)
            return result(Break(extra.id, "it comes after the newest event the audit head records "
                                          "(added behind the app's back)"))
        if prev_hash != head.last_hash:
            return result(Break(last_id, "it is not the newest event the audit head records "
                                         "(events were replaced behind the app's back)"))
        break
    if broken is None and not anchor_seen:
        broken = Break(None, f"the head {anchor} recorded earlier is no longer in the chain "
                             "(events up to it were removed or rewritten)")
    return result(broken)


def _nth(session: Session, position: int) -> AuditEvent | None:
    """The event at this 1-based position in id order."""
    if position < 1:
        return None
    return session.exec(select(AuditEvent).order_by(col(AuditEvent.id)).offset(position - 1).limit(1)).first()
