"""The article list and the article page."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import login_required

from factcheck.db import get_session
from factcheck.models import Article
from factcheck.services import articles, claims, listing
from factcheck.web.render import article_blocks

bp = Blueprint("articles", __name__)


def render(page: str, partial: str, **context):
    """The partial for an htmx request, the full page otherwise (STYLE.md habit 6)."""
    htmx = current_app.extensions["htmx_ext"]
    return render_template(partial if htmx and not htmx.boosted else page, **context)


@bp.get("/")
@login_required
def index():
    query = request.args.get("q", "").strip()[:200]
    page = request.args.get("page", 1, type=int) or 1
    result = listing.list_articles(get_session(), query=query, page=page,
                                   per_page=current_app.config["ARTICLES_PER_PAGE"])
    return render("articles/list.html", "articles/_table.html", result=result, query=query)


@bp.get("/articles/<int:article_id>")
@login_required
def detail(article_id: int):
    session = get_session()
    article = session.get(Article, article_id)
    if article is None:
        abort(404)
    claim_units = articles.claim_units(session, article_id)
    return render_template("articles/detail.html", article=article, claims=claim_units,
                           blocks=article_blocks(article.text, article.blocks, claim_units),
                           ratings_by_claim=claims.latest_ratings(session, article_id),
                           progress=listing.article_progress(session, article_id), panel=None)
