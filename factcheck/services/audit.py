"""The audit trail: append-only events chained by SHA-256 (PRODUCT.md 'Audit event')."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from factcheck.models import AuditEvent, User
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
    """Append one event in the caller's transaction (flushes, never commits)."""
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
    return event


@dataclass
class Break:
    event_id: int | None
    reason: str


def verify(session: Session, *, batch: int = 1000) -> tuple[int, Break | None]:
    """Walk the chain in id order; return (events checked, first break or None)."""
    prev_hash = GENESIS
    checked = 0
    last_id = 0
    while True:
        rows = session.exec(select(AuditEvent).where(col(AuditEvent.id) > last_id)
                            .order_by(col(AuditEvent.id)).limit(batch)
                            .execution_options(populate_existing=True)).all()
        if not rows:
            return checked, None
        for event in rows:
            if event.prev_hash != prev_hash:
                return checked, Break(event.id, "its prev_hash does not match the event before it "
                                                "(an event was removed or inserted)")
            if chain_hash(prev_hash, event) != event.hash:
                return checked, Break(event.id, "its content does not match its hash (the row was altered)")
            prev_hash = event.hash
            last_id = event.id
            checked += 1
        session.expunge_all()
