"""Streaming CSV exports: generic writer helpers, and the audit trail export.

`csv_stream(rows, columns)` and `safe_cell(value)` know nothing about audit events, so other
exports (claims) reuse them with their own column tuple. Rows are read with keyset pagination
(WHERE id > last ORDER BY id LIMIT n) as plain rows, never ORM objects, so memory stays flat
however many events there are.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import Row, and_, func, select
from sqlmodel import Session

from factcheck.models import Article, AuditEvent, User
from factcheck.services import audit

BATCH = 1000

Column = tuple[str, Callable[[Any], Any]]

# What makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP "CSV injection"),
# with the full-width forms an East Asian input method types.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# Spaces an import may trim ("Trim whitespace" in Google Sheets) before it reads the formula.
TRIMMED = " \n\u3000\u00a0"


def safe_cell(value: Any) -> Any:
    """A value as a spreadsheet will take it as plain text.

    Text that begins like a formula gets a leading single quote, which spreadsheets show as a
    text marker; numbers stay numbers (a number cannot carry a formula); None becomes empty.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_STARTS) or (
            text and text[0] in TRIMMED and text.lstrip(TRIMMED).startswith(FORMULA_STARTS)):
        return "'" + text
    return text


def csv_stream(rows: Iterable[Any], columns: Sequence[Column], *, chunk_rows: int = 200) -> Iterator[str]:
    """RFC 4180 CSV (comma, double quotes, CRLF), one header row, yielded in chunks of text.

    `columns` is a sequence of (header, getter); each getter takes one row. Every cell goes
    through safe_cell, so no column can forget it.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(header) for header, _ in columns])
    pending = 0
    for row in rows:
        writer.writerow([safe_cell(get(row)) for _, get in columns])
        pending += 1
        if pending >= chunk_rows:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate(0)
            pending = 0
    yield buffer.getvalue()


class ExportError(ValueError):
    """Filters that cannot be used, with what to do instead."""


@dataclass(frozen=True)
class AuditFilters:
    """Which events to export. Dates are whole UTC days, both ends included."""

    date_from: date | None = None
    date_to: date | None = None
    username: str | None = None
    article_id: int | None = None
    action: str | None = None

    def __post_init__(self):
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ExportError("the start date is after the end date")

    def to_dict(self) -> dict[str, Any]:
        return {key: value.isoformat() if isinstance(value, date) else value
                for key, value in asdict(self).items() if value not in (None, "")}


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


# The audit CSV, defined once: header and how to get it from a row of _audit_query().
AUDIT_COLUMNS: tuple[Column, ...] = (
    ("event_id", lambda r: r.id),
    ("at_utc", lambda r: r.at.isoformat()),
    ("actor", lambda r: r.actor),
    ("action", lambda r: r.action),
    ("entity", lambda r: r.entity),
    ("entity_id", lambda r: r.entity_id),
    ("article_id", lambda r: r.article_id),
    ("article_title", lambda r: r.article_title),
    ("before", lambda r: _json(r.before)),
    ("after", lambda r: _json(r.after)),
    ("prev_hash", lambda r: r.prev_hash),
    ("hash", lambda r: r.hash),
)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def _conditions(filters: AuditFilters, upto: int) -> list:
    event = AuditEvent.__table__.c
    conditions = [event.id <= upto]
    if filters.date_from:
        conditions.append(event.at >= _day_start(filters.date_from))
    if filters.date_to and filters.date_to < date.max:  # the last day there is: no end
        conditions.append(event.at < _day_start(filters.date_to + timedelta(days=1)))
    if filters.username:
        conditions.append(User.__table__.c.username == filters.username)
    if filters.article_id is not None:
        conditions.append(event.article_id == filters.article_id)
    if filters.action:
        conditions.append(event.action == filters.action)
    return conditions


def _joined():
    event, user, article = AuditEvent.__table__, User.__table__, Article.__table__
    return (event.outerjoin(user, event.c.actor_id == user.c.id)
            .outerjoin(article, event.c.article_id == article.c.id))


def _audit_query(filters: AuditFilters, upto: int):
    # Plain columns, not ORM objects: nothing piles up in the session's identity map, and the
    # article's raw bytes are never read.
    event, user, article = AuditEvent.__table__.c, User.__table__.c, Article.__table__.c
    return (select(event.id, event.at, user.username.label("actor"), event.action, event.entity,
                   event.entity_id, event.article_id, article.title.label("article_title"),
                   event.before, event.after, event.prev_hash, event.hash)
            .select_from(_joined()).where(and_(*_conditions(filters, upto))))


def check_filters(session: Session, filters: AuditFilters) -> None:
    """Raise ExportError naming a user or article that does not exist."""
    if filters.username and session.execute(
            select(User.__table__.c.id).where(User.__table__.c.username == filters.username)).first() is None:
        raise ExportError(f"there is no user named {filters.username!r}")
    if filters.article_id is not None and session.execute(
            select(Article.__table__.c.id).where(Article.__table__.c.id == filters.article_id)).first() is None:
        raise ExportError(f"there is no article {filters.article_id}")


def last_event_id(session: Session) -> int:
    return session.execute(select(func.max(AuditEvent.__table__.c.id))).scalar_one() or 0


def count_audit(session: Session, filters: AuditFilters, *, upto: int | None = None) -> int:
    upto = last_event_id(session) if upto is None else upto
    return session.execute(select(func.count()).select_from(_joined())
                           .where(and_(*_conditions(filters, upto)))).scalar_one()


def audit_rows(session: Session, filters: AuditFilters, *, upto: int,
               batch: int = BATCH) -> Iterator[Row]:
    """Events with id <= upto matching the filters, in id order, `batch` rows per query."""
    query = _audit_query(filters, upto)
    event_id = AuditEvent.__table__.c.id
    last = 0
    while True:
        rows = session.execute(query.where(event_id > last).order_by(event_id).limit(batch)).all()
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1].id


@dataclass
class AuditExport:
    rows: int  # how many events the CSV holds (header not counted)
    event: AuditEvent  # the "export" event this export wrote
    chunks: Iterator[str] = iter(())  # the CSV text; read it while the session is open
    sent: int = 0  # rows turned into CSV so far, for progress reports

    def _counted(self, rows: Iterable[Row]) -> Iterator[Row]:
        for row in rows:
            self.sent += 1
            yield row


def export_audit(session: Session, *, filters: AuditFilters, actor: User | None, via: str,
                 batch: int = BATCH) -> AuditExport:
    """Record the export (committed before any row leaves), then stream the matching events.

    The CSV covers the events that existed when the export began; the export's own event and
    anything written while it streams are left out, so the row count recorded is the row count sent.
    """
    check_filters(session, filters)
    upto = last_event_id(session)
    rows = count_audit(session, filters, upto=upto)
    event = audit.record(session, actor=actor, entity="audit", entity_id=None, action="export",
                         article_id=filters.article_id,
                         after={"format": "csv", "via": via, "rows": rows, "filters": filters.to_dict()})
    session.commit()
    export = AuditExport(rows=rows, event=event)
    export.chunks = csv_stream(export._counted(audit_rows(session, filters, upto=upto, batch=batch)),
                               AUDIT_COLUMNS)
    return export
