"""Tables, one SQLModel family per entity. No Flask here."""
from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from factcheck.timeutil import UTCDateTime, utcnow
from factcheck.urls import MAX_URL


class Role(str, Enum):
    fact_checker = "fact-checker"
    editor = "editor"
    admin = "admin"


# Roles that read the report, decide follow-ups, publish fact-checks and export.
EDITOR_ROLES = (Role.editor.value, Role.admin.value)


class ClaimStatus(str, Enum):
    open = "open"
    in_progress = "in_progress"
    done = "done"
    not_claim = "not_claim"


# The largest value an id, version or offset column holds (INTEGER on PostgreSQL and SQLite).
MAX_INT = 2**31 - 1

RATINGS = ("true", "mostly_true", "mixed", "mostly_false", "false", "misleading",
           "unproven", "not_checkable", "satire")
STANCES = ("supports", "refutes", "context")


def _created() -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    role: str = Field(max_length=20, index=True)
    disabled: bool = Field(default=False)
    created_at: datetime = _created()


class ArticleBase(SQLModel):
    title: str = Field(default="", max_length=500)
    outlet: str | None = Field(default=None, max_length=200, index=True)
    author: str | None = Field(default=None, max_length=300)
    url: str | None = Field(default=None, max_length=MAX_URL)
    published_at: date | None = Field(default=None, index=True)
    language: str = Field(default="en", max_length=16)


class Article(ArticleBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64, unique=True, index=True)
    filename: str = Field(max_length=500)
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    blocks: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    ai_level: str = Field(default="none", max_length=20, index=True)
    ai_signals: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    meta: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    imported_by_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    created_at: datetime = _created()


class ClaimUnit(SQLModel, table=True):
    __tablename__ = "claim_unit"
    __table_args__ = (Index("ix_claim_unit_article_active", "article_id", "active", "start"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    start: int
    end: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    position: int = Field(index=True)
    status: str = Field(default=ClaimStatus.open.value, max_length=20, index=True)
    assignee_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    version: int = Field(default=1)
    # Corrections never delete: a split or merge retires units (active=False) and adds
    # manual ones, so the automatic split can be restored.
    active: bool = Field(default=True)
    origin: str = Field(default="auto", max_length=10)
    checkworthy: float = Field(default=0.0)
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    dates: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    attributions: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = _created()
    updated_at: datetime = _created()


class Source(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim_unit.id", index=True)
    url: str = Field(max_length=MAX_URL)
    title: str = Field(default="", max_length=500)
    publisher: str = Field(default="", max_length=300)
    accessed_on: date
    archive_url: str | None = Field(default=None, max_length=MAX_URL)
    excerpt: str | None = Field(default=None, sa_column=Column(Text))
    stance: str = Field(max_length=20)
    created_by_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    created_at: datetime = _created()
    removed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Verdict(SQLModel, table=True):
    """Append-only: a new verdict supersedes the previous one, never replaces it."""

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim_unit.id", index=True)
    rating: str = Field(max_length=20, index=True)
    rationale: str = Field(default="", sa_column=Column(Text, nullable=False))
    author_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = _created()


class Comment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim_unit.id", index=True)
    author_id: int = Field(foreign_key="user.id", index=True)
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _created()


class AuditEvent(SQLModel, table=True):
    """One row per change. The database refuses UPDATE and DELETE (see the migration)."""

    __tablename__ = "audit_event"
    __table_args__ = (UniqueConstraint("prev_hash", name="uq_audit_event_prev_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    entity: str = Field(max_length=40, index=True)
    entity_id: int | None = Field(default=None, index=True)
    action: str = Field(max_length=40, index=True)
    article_id: int | None = Field(default=None, foreign_key="article.id", index=True)
    before: dict | None = Field(default=None, sa_column=Column(JSON))
    after: dict | None = Field(default=None, sa_column=Column(JSON))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)


class AuditHead(SQLModel, table=True):
    """The newest audit event, moved forward in the same transaction as each append.

    A chain that verifies but stops short of the head had its newest events removed.
    One row (id 1); the database refuses to delete it or move it other than one event forward.
    """

    __tablename__ = "audit_head"
    __table_args__ = (CheckConstraint("id = 1", name="ck_audit_head_one_row"),)

    id: int = Field(default=1, primary_key=True)
    event_count: int = Field(default=0)
    last_event_id: int | None = Field(default=None)
    last_hash: str = Field(max_length=64)


class FollowUp(SQLModel, table=True):
    """An editor's decision on a flag: assigned, resolved with a reason, or snoozed.

    Flags themselves are computed from the data; this table only remembers decisions.
    """

    __tablename__ = "follow_up"
    __table_args__ = (UniqueConstraint("flag", "article_id", "claim_id", name="uq_follow_up_target"),)

    id: int | None = Field(default=None, primary_key=True)
    flag: str = Field(max_length=40, index=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    claim_id: int | None = Field(default=None, foreign_key="claim_unit.id", index=True)
    state: str = Field(default="open", max_length=20, index=True)  # open | resolved | snoozed
    assignee_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    reason: str | None = Field(default=None, sa_column=Column(Text))
    snoozed_until: date | None = None
    decided_by_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    updated_at: datetime = _created()


class AIMark(SQLModel, table=True):
    """A reviewer says an article (or a span of it) is AI-generated, and why."""

    __tablename__ = "ai_mark"

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    start: int | None = None
    end: int | None = None
    reason: str = Field(sa_column=Column(Text, nullable=False))
    author_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = _created()


class Publication(SQLModel, table=True):
    """An editor approved a verdict: the claim gets a public fact-check page."""

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim_unit.id", index=True)
    verdict_id: int = Field(foreign_key="verdict.id", index=True)
    approved_by_id: int = Field(foreign_key="user.id", index=True)
    approved_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=True)


class OriginDocument(SQLModel, table=True):
    """Reporting an article was derived from; stored like an article (raw bytes kept)."""

    __tablename__ = "origin_document"
    __table_args__ = (UniqueConstraint("article_id", "sha256", name="uq_origin_article_sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    sha256: str = Field(max_length=64, index=True)
    filename: str = Field(max_length=500)
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    title: str = Field(default="", max_length=500)
    url: str | None = Field(default=None, max_length=MAX_URL)
    publisher: str | None = Field(default=None, max_length=300)
    published_at: date | None = None
    language: str = Field(default="en", max_length=16)
    added_by_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    created_at: datetime = _created()


class ClaimAlignment(SQLModel, table=True):
    """How one claim unit stands against the article's origin documents (recomputed on change)."""

    __tablename__ = "claim_alignment"

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim_unit.id", index=True, unique=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    status: str = Field(max_length=20, index=True)  # supported | changed | unsupported
    score: float = 0.0
    matches: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    differences: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    decision: str | None = Field(default=None, max_length=20)  # confirmed | rejected
    decided_by_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    updated_at: datetime = _created()
