"""Article lists with their progress, in one query whatever the page size."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from factcheck.models import Article, ClaimUnit, Verdict


@dataclass
class ArticleRow:
    id: int
    title: str
    outlet: str | None
    published_at: date | None
    ai_level: str
    claims: int
    with_verdict: int

    @property
    def percent(self) -> int:
        return round(100 * self.with_verdict / self.claims) if self.claims else 0


@dataclass
class ArticlePage:
    rows: list[ArticleRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def list_articles(session: Session, *, query: str = "", page: int = 1, per_page: int = 25) -> ArticlePage:
    filters = []
    if query:
        escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        filters.append(or_(col(Article.title).ilike(pattern, escape="\\"),
                           col(Article.text).ilike(pattern, escape="\\")))
    total = session.exec(select(func.count()).select_from(Article).where(*filters)).one()
    page = max(1, page)
    claims = func.count(func.distinct(ClaimUnit.id))
    done = func.count(func.distinct(Verdict.claim_id))
    statement = (
        select(Article.id, Article.title, Article.outlet, Article.published_at, Article.ai_level,
               claims, done)
        .outerjoin(ClaimUnit, col(ClaimUnit.article_id) == Article.id)
        .outerjoin(Verdict, col(Verdict.claim_id) == ClaimUnit.id)
        .where(*filters)
        .group_by(Article.id)
        .order_by(col(Article.published_at).desc().nulls_last(), col(Article.id).desc())
        .offset((page - 1) * per_page).limit(per_page))
    rows = [ArticleRow(*row) for row in session.exec(statement).all()]
    return ArticlePage(rows=rows, total=total, page=page, per_page=per_page)


@dataclass
class Progress:
    claims: int
    with_verdict: int

    @property
    def percent(self) -> int:
        return round(100 * self.with_verdict / self.claims) if self.claims else 0


def article_progress(session: Session, article_id: int) -> Progress:
    claims = session.exec(select(func.count()).select_from(ClaimUnit)
                          .where(ClaimUnit.article_id == article_id)).one()
    done = session.exec(select(func.count(func.distinct(Verdict.claim_id)))
                        .join(ClaimUnit, col(ClaimUnit.id) == Verdict.claim_id)
                        .where(ClaimUnit.article_id == article_id)).one()
    return Progress(claims, done)
