"""The article list, the article page and importing from the browser."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user, login_required

from factcheck.analysis import InputError
from factcheck.db import get_session
from factcheck.models import Article
from factcheck.services import articles, claims, listing, origins, reports
from factcheck.web.params import choice_arg, published_range, whole_number
from factcheck.web.render import article_blocks

bp = Blueprint("articles", __name__)


def render(page: str, partial: str, **context):
    """The partial for an htmx request, the full page otherwise (STYLE.md habit 6)."""
    htmx = current_app.extensions["htmx_ext"]
    return render_template(partial if htmx and not htmx.boosted else page, **context)


def _filters(notes: list[str]) -> listing.ArticleFilter:
    """The list's filters; a hand-typed value the list cannot use is named in `notes`."""
    args = request.args
    start, end = published_range(args, notes)
    return listing.ArticleFilter(
        query=args.get("q", "").strip()[:200], status=choice_arg(args, "status", "status", listing.STATUSES, notes),
        assignee_id=args.get("assignee", type=whole_number), outlet=args.get("outlet", "")[:200],
        ai_level=choice_arg(args, "ai", "AI level", listing.AI_LEVELS, notes), flagged=args.get("flagged") == "1",
        published_from=start, published_to=end,
        sort=choice_arg(args, "sort", "sort order", listing.SORTS, notes, default="published"))


@bp.get("/")
@login_required
def index():
    session = get_session()
    notes: list[str] = []
    filters = _filters(notes)
    page = request.args.get("page", 1, type=whole_number) or 1
    result = listing.list_articles(session, filters=filters, page=page,
                                   per_page=current_app.config["ARTICLES_PER_PAGE"])
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render("articles/list.html", "articles/_table.html", result=result, filters=filters, args=args, notes=notes,
                  outlets=listing.outlets(session), users=claims.active_users(session),
                  statuses=listing.STATUSES, ai_levels=listing.AI_LEVELS, sorts=listing.SORTS)


def article_page(session, article: Article, **context) -> str:
    """The article page: the text with its claim units, AI evidence and progress (and a panel, if given)."""
    claim_units = articles.claim_units(session, article.id)
    signals = article.ai_signals + reports.reviewer_signals(session, article.id)
    context.setdefault("panel", None)
    return render_template("articles/detail.html", article=article, claims=claim_units, signals=signals,
                           origins=origins.origins_of(session, article.id),
                           alignment_by_claim=origins.statuses(session, article.id),
                           blocks=article_blocks(article.text, article.blocks, claim_units, signals),
                           ratings_by_claim=claims.latest_ratings(session, article.id),
                           progress=listing.article_progress(session, article.id), **context)


@bp.get("/articles/<int:article_id>")
@login_required
def detail(article_id: int):
    session = get_session()
    article = session.get(Article, article_id)
    if article is None:
        abort(404)
    return article_page(session, article)


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_articles():
    """Upload several files or paste a text; each file gets its own result."""
    if request.method == "GET":
        return render_template("articles/import.html", results=None, form={})
    session = get_session()
    results = []
    published = None
    if request.form.get("published"):
        try:
            published = date.fromisoformat(request.form["published"])
        except ValueError:
            results.append({"name": "Published date", "status": "error", "message": "use YYYY-MM-DD"})
    # Typed fields longer than their column are refused, never cut: the form keeps what was typed.
    outlet = None
    try:
        outlet = articles.typed_field(request.form.get("outlet"), name="the outlet", column="outlet")
    except InputError as exc:
        results.append({"name": "Outlet", "status": "error", "message": str(exc)})
    items = [(f.filename or "upload", f.read()) for f in request.files.getlist("files") if f and f.filename]
    pasted = request.form.get("text", "")
    if pasted.strip():
        title = request.form.get("title", "").strip()
        try:
            articles.typed_field(title, name="the title", column="title")
        except InputError as exc:
            results.append({"name": "Title", "status": "error", "message": str(exc)})
        body = f"{title}\n\n{pasted}" if title else pasted
        items.append(("pasted text.txt", body.encode("utf-8")))
    elif request.form.get("title", "").strip():
        # The title belongs to pasted text; with files alone it would be dropped without a word.
        results.append({"name": "Title", "status": "error",
                        "message": "a title goes with pasted text: paste the article's text below it, "
                                   "or clear the title (files bring their own)"})
    if not items and not results:
        results.append({"name": "Nothing", "status": "error",
                        "message": "choose one or more files, or paste a text"})
    for name, raw in items if not results else []:
        try:
            outcome = articles.import_bytes(session, raw=raw, filename=name, actor=current_user.user,
                                            published=published, outlet=outlet)
        except InputError as exc:
            session.rollback()
            if isinstance(exc, articles.StorageRefused):
                current_app.logger.warning("import of %r refused by the database: %s", name, exc.__cause__)
            results.append({"name": name, "status": "error", "message": str(exc)})
            continue
        results.append({"name": name, "status": "imported" if outcome.created else "duplicate",
                        "article": outcome.article, "notes": outcome.notes})
    status = 200 if all(r["status"] != "error" for r in results) else 422
    return render("articles/import.html", "articles/_import_results.html", results=results,
                  form=request.form), status
