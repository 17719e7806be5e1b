"""Importing articles: bytes in, Article and its claim units out, deduplicated by SHA-256."""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dateutil.parser import isoparse
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel import Session, col, select

from factcheck.analysis import Analysis, InputError, analyze_bytes
from factcheck.models import Article, ClaimUnit, User
from factcheck.sanitize import clean_text
from factcheck.services import audit
from factcheck.urls import URLError, metadata_url, normalize_url

MAX_BYTES = 20 * 1024 * 1024  # the one size limit for an imported file (article or origin)


def size_label(limit: int) -> str:
    """A byte limit as people read it: '20 MB', '100 KB' (rounded down, so never overstated)."""
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def too_large_message(limit: int = MAX_BYTES) -> str:
    return f"the file is larger than {size_label(limit)}"


REFUSED = "the database refused to store it; nothing of it was kept"


class StorageRefused(InputError):
    """The file was fine to read but the database would not store it (the cause is chained)."""


def column_limit(column: str, model=Article) -> int:
    """The length of one of a table's text columns (the article's 'title', 'outlet', 'author')."""
    return model.__table__.c[column].type.length


def typed_field(value: str | None, *, name: str, column: str) -> str | None:
    """A value typed for an import, trimmed; one longer than its column is refused, never cut."""
    return clean_text(value, name, limit=column_limit(column), error=InputError) or None


def fit_column(value: str | None, *, name: str, column: str, notes: list[str], model=Article,
               owner: str = "article") -> str | None:
    """A value read from the file, cut to its column with a note saying so (the file is kept whole)."""
    limit = column_limit(column, model)
    if value and len(value) > limit:
        notes.append(f"{name} has {len(value):,} characters; the first {limit:,} are kept as the {owner}'s {column}")
        return value[:limit]
    return value or None


def fit_file_name(filename: str, *, notes: list[str], model=Article, owner: str = "article") -> str:
    """The file's name for its column: a longer one keeps its end (the extension says how to read
    the stored bytes again), with a note."""
    name = Path(filename).name
    limit = column_limit("filename", model)
    if len(name) <= limit:
        return name
    suffix = Path(name).suffix[:limit // 2]
    notes.append(f"the file name has {len(name):,} characters; it is kept as the {owner}'s filename "
                 f"shortened to {limit:,}, with its extension")
    return name[:limit - len(suffix)] + suffix


@dataclass
class ImportResult:
    article: Article
    created: bool  # False: the same bytes were imported before
    notes: list[str] = field(default_factory=list)  # metadata found but not kept, and why


def _published(analysis: Analysis) -> date | None:
    if analysis.published_at:
        return analysis.published_at
    found = analysis.metadata.get("published")
    try:
        return isoparse(found).date() if found else None
    except (ValueError, OverflowError):
        return None


def import_bytes(session: Session, *, raw: bytes, filename: str, actor: User | None,
                 published: date | None = None, outlet: str | None = None,
                 url: str | None = None) -> ImportResult:
    """Analyse and store one file; raises InputError with a plain message for bad input."""
    outlet = typed_field(outlet, name="the outlet", column="outlet")
    if len(raw) > MAX_BYTES:
        raise InputError(too_large_message())
    digest = hashlib.sha256(raw).hexdigest()
    existing = session.exec(select(Article).where(Article.sha256 == digest)).first()
    if existing:
        return ImportResult(existing, created=False)
    analysis = analyze_bytes(raw, filename=filename, published=published)
    if not analysis.claims and not analysis.title:
        raise InputError("no article text was found in the file")
    meta = dict(analysis.metadata)
    notes = list(meta.get("notes", []))
    # The stored metadata keeps only a checked URL; a note says what was dropped, and why.
    meta["url"], note = metadata_url(meta.get("url"))
    notes += [note] if note else []
    # The file's own title, outlet and author are as long as its author made them; the columns are not.
    title = fit_column(analysis.title or Path(filename).stem, name="the title", column="title", notes=notes)
    outlet = outlet or fit_column(meta.get("outlet"), name="the outlet in the file", column="outlet", notes=notes)
    author = fit_column(meta.get("author"), name="the author in the file", column="author", notes=notes)
    name = fit_file_name(filename, notes=notes)
    if notes:
        meta["notes"] = notes
    if url:
        try:
            url = normalize_url(url)
        except URLError as exc:
            raise InputError(f"the article URL is not accepted: {exc}") from None
    article = Article(
        sha256=digest, filename=name, raw=raw, text=analysis.text,
        title=title or "", outlet=outlet, author=author,
        url=url or meta["url"],
        published_at=_published(analysis), language=analysis.language,
        blocks=[b.to_dict() for b in analysis.blocks], ai_level=analysis.ai.level,
        ai_signals=[{**s.to_dict(), "scope": s.scope} for s in analysis.ai.signals], meta=meta,
        imported_by_id=actor.id if actor else None)
    try:
        _store(session, article, analysis, actor)
    except IntegrityError as exc:
        # Someone imported the same bytes at the same moment: theirs stands.
        session.rollback()
        existing = session.exec(select(Article).where(Article.sha256 == digest)).first()
        if existing is None:
            raise StorageRefused(REFUSED) from exc
        return ImportResult(existing, created=False)
    except DBAPIError as exc:
        if isinstance(exc, OperationalError) or exc.connection_invalidated:
            raise  # the database is away: callers answer 503 or say so, the input is kept
        # The database refused this file (a constraint, a value it cannot hold): its
        # transaction is rolled back whole, and the caller goes on with the next file.
        session.rollback()
        raise StorageRefused(REFUSED) from exc
    return ImportResult(article, created=True, notes=notes)


def _store(session: Session, article: Article, analysis: Analysis, actor: User | None) -> None:
    """Article, claim units and the audit event, in one transaction."""
    session.add(article)
    session.flush()
    for position, claim in enumerate(analysis.claims):
        claim_dict = claim.to_dict()
        session.add(ClaimUnit(article_id=article.id, start=claim.start, end=claim.end, text=claim.text,
                              position=position, checkworthy=claim.checkworthy,
                              reasons=claim_dict["reasons"],
                              # Kept beside the schema's fields: the date_inconsistent flag reads it.
                              dates=[{**d.to_dict(), "inconsistent": d.inconsistent} for d in claim.dates],
                              attributions=claim_dict["attributions"]))
    audit.record(session, actor=actor, entity="article", entity_id=article.id, action="import",
                 article_id=article.id,
                 after={"sha256": article.sha256, "title": article.title, "filename": article.filename,
                        "claims": len(analysis.claims), "ai_level": article.ai_level})
    session.commit()


def readable(text: str) -> str:
    """Text from the OS (a file name, an argument) with bytes that are not UTF-8 as U+FFFD.

    Python hands such bytes over as lone surrogates, which no database or UTF-8 output takes.
    """
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _unreadable(exc: OSError) -> InputError:
    return InputError(f"cannot be read: {exc.strerror or exc}")


def read_file(path: Path, *, limit: int | None = MAX_BYTES) -> bytes:
    """A regular file's bytes; InputError says why not (missing, a directory, a FIFO or device,
    too large, unreadable). Nothing else is opened, so a FIFO cannot make this wait."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except OSError as exc:
        raise _unreadable(exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory; name the files inside it")
    if not stat.S_ISREG(info.st_mode):
        raise InputError("is not a regular file")
    if limit is not None and info.st_size > limit:
        raise InputError(too_large_message(limit))
    try:
        # O_NONBLOCK: should the path become a FIFO after the check, opening it still returns at once.
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError("is not a regular file")
            raw = handle.read() if limit is None else handle.read(limit + 1)
    except OSError as exc:
        raise _unreadable(exc) from None
    if limit is not None and len(raw) > limit:
        raise InputError(too_large_message(limit))
    return raw


def import_path(session: Session, path: Path, *, actor: User | None, **kwargs) -> ImportResult:
    """Import a file from disk; every problem becomes an InputError naming what went wrong.

    A name that is not UTF-8 is stored with U+FFFD for the bad bytes, and a note says so.
    """
    raw = read_file(path)
    filename = readable(path.name)
    result = import_bytes(session, raw=raw, filename=filename, actor=actor, **kwargs)
    if result.created and filename != path.name:
        result.notes = [*result.notes, f"the file name is not valid UTF-8; it is stored as {filename!r}"]
    return result


def locate(text: str, quote: str) -> tuple[int, int]:
    """Where an exact quote stands in the text; ValueError when it is absent or not unique."""
    start = text.find(quote) if quote else -1
    if start < 0:
        raise ValueError("that text is not in the article")
    if text.find(quote, start + 1) >= 0:
        raise ValueError("that text occurs more than once; quote a longer passage or give offsets")
    return start, start + len(quote)


def claim_units(session: Session, article_id: int) -> list[ClaimUnit]:
    """The article's current claim units in text order (retired ones stay in history)."""
    return list(session.exec(select(ClaimUnit).where(ClaimUnit.article_id == article_id,
                                                     col(ClaimUnit.active).is_(True))
                             .order_by(ClaimUnit.start)).all())
