"""Article lists with their progress, in one query whatever the page size."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from factcheck.models import Article, ClaimStatus, ClaimUnit, Verdict

# What progress counts: current units that are claims (not retired, not marked "not a claim").
COUNTED = col(ClaimUnit.active).is_(True) & (col(ClaimUnit.status) != ClaimStatus.not_claim.value)


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


def page_count(total: int, per_page: int) -> int:
    """Pages needed for `total` items (at least one, an empty page saying so)."""
    return max(1, -(-total // per_page))


@dataclass
class ArticlePage:
    rows: list[ArticleRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)


SORTS = {
    "published": lambda: (col(Article.published_at).desc().nulls_last(), col(Article.id).desc()),
    "oldest": lambda: (col(Article.published_at).asc().nulls_last(), col(Article.id)),
    "title": lambda: (func.lower(Article.title), col(Article.id)),
    "progress": lambda: (PROGRESS.asc(), col(Article.id)),
    "imported": lambda: (col(Article.id).desc(),),
}
STATUSES = ("unchecked", "in_progress", "done")
AI_LEVELS = ("disclosed", "metadata", "suspected", "none")

CLAIMS = func.count(func.distinct(ClaimUnit.id))
DONE = func.count(func.distinct(Verdict.claim_id))
PROGRESS = DONE * 1.0 / func.nullif(CLAIMS, 0)


@dataclass
class ArticleFilter:
    """What the article list can be narrowed by; every field optional."""

    query: str = ""
    status: str = ""          # unchecked | in_progress | done
    assignee_id: int | None = None
    outlet: str = ""
    ai_level: str = ""
    flagged: bool = False     # any AI level other than none
    published_from: date | None = None
    published_to: date | None = None
    sort: str = "published"


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_articles(session: Session, *, filters: ArticleFilter | None = None, page: int = 1,
                  per_page: int = 25) -> ArticlePage:
    """One page of articles with their progress: two queries (count and page), whatever the size."""
    f = filters or ArticleFilter()
    where = []
    if f.query:
        where.append(or_(col(Article.title).ilike(_like(f.query), escape="\\"),
                         col(Article.text).ilike(_like(f.query), escape="\\")))
    if f.outlet:
        where.append(col(Article.outlet) == f.outlet)
    if f.ai_level in AI_LEVELS:
        where.append(col(Article.ai_level) == f.ai_level)
    if f.flagged:
        where.append(col(Article.ai_level) != "none")
    if f.published_from:
        where.append(col(Article.published_at) >= f.published_from)
    if f.published_to:
        where.append(col(Article.published_at) <= f.published_to)
    if f.assignee_id is not None:
        assigned = (select(ClaimUnit.article_id)
                    .where(col(ClaimUnit.assignee_id) == f.assignee_id, COUNTED))
        where.append(col(Article.id).in_(assigned))
    having = {"unchecked": DONE == 0, "in_progress": (DONE > 0) & (DONE < CLAIMS),
              "done": (DONE == CLAIMS) & (CLAIMS > 0)}.get(f.status)
    grouped = (select(Article.id, Article.title, Article.outlet, Article.published_at, Article.ai_level,
                      CLAIMS, DONE)
               .outerjoin(ClaimUnit, (col(ClaimUnit.article_id) == Article.id) & COUNTED)
               .outerjoin(Verdict, col(Verdict.claim_id) == ClaimUnit.id)
               .where(*where).group_by(Article.id))
    if having is not None:
        grouped = grouped.having(having)
    total = session.exec(select(func.count()).select_from(grouped.subquery())).one()
    page = max(1, page)
    order = SORTS.get(f.sort, SORTS["published"])()
    rows = session.exec(grouped.order_by(*order).offset((page - 1) * per_page).limit(per_page)).all()
    return ArticlePage(rows=[ArticleRow(*row) for row in rows], total=total, page=page, per_page=per_page)


def outlets(session: Session) -> list[str]:
    return list(session.exec(select(Article.outlet).where(col(Article.outlet).is_not(None))
                             .distinct().order_by(Article.outlet)).all())


@dataclass
class Progress:
    claims: int
    with_verdict: int

    @property
    def percent(self) -> int:
        return round(100 * self.with_verdict / self.claims) if self.claims else 0


def article_progress(session: Session, article_id: int) -> Progress:
    claims = session.exec(select(func.count()).select_from(ClaimUnit)
                          .where(ClaimUnit.article_id == article_id, COUNTED)).one()
    done = session.exec(select(func.count(func.distinct(Verdict.claim_id)))
                        .join(ClaimUnit, col(ClaimUnit.id) == Verdict.claim_id)
                        .where(ClaimUnit.article_id == article_id, COUNTED)).one()
    return Progress(claims, done)
