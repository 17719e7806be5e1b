"""Origin documents of an article, and the reviewer's decisions on alignments."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from factcheck.analysis import InputError
from factcheck.db import get_session
from factcheck.models import Article
from factcheck.services import claims, origins
from factcheck.web.articles import article_page
from factcheck.web.params import whole_number

bp = Blueprint("origins", __name__)


@bp.post("/articles/<int:article_id>/origins")
@login_required
def add(article_id: int):
    """Upload or paste an origin document; the article is traced again."""
    session = get_session()
    article = session.get(Article, article_id)
    if article is None:
        abort(404)
    form = request.form
    upload = request.files.get("file")
    if upload and upload.filename:
        raw, filename = upload.read(), upload.filename
    elif form.get("text", "").strip():
        title = form.get("title", "").strip()
        raw, filename = ((f"{title}\n\n" if title else "") + form["text"]).encode("utf-8"), "pasted origin.txt"
    else:
        return _refused(article, "Choose a file or paste the origin's text.")
    try:
        published = date.fromisoformat(form["published"]) if form.get("published") else None
        added = origins.add_origin(session, article_id=article_id, raw=raw, filename=filename,
                                   actor=current_user.user, url=form.get("url", "").strip() or None,
                                   publisher=form.get("publisher", "").strip() or None, published=published)
    except ValueError as exc:  # InputError, OriginError, a bad date
        session.rollback()
        message = str(exc) if isinstance(exc, (InputError, origins.OriginError)) else "the date must be YYYY-MM-DD"
        again = " Choose the file again: a browser cannot keep it." if upload and upload.filename else ""
        return _refused(article, f"Origin not added: {message.rstrip('.')}.{again}")
    flash(f"Added “{added.origin.title}” as an origin; every claim was traced against it.", "info")
    for note in added.notes:
        flash(f"Note: {note}.", "info")
    return redirect(url_for("articles.detail", article_id=article_id) + "#provenance", 303)


def _refused(article: Article, message: str):
    """The article page again, its origin form filled in with what was sent (a redirect would drop it)."""
    return article_page(get_session(), article, typed={"origin": request.form}, form_errors={"origin": message}), 422


@bp.post("/claims/<int:claim_id>/alignment")
@login_required
def decide(claim_id: int):
    try:
        origins.decide(get_session(), claim_id=claim_id, decision=request.form.get("decision", ""),
                       actor=current_user.user)
    except origins.OriginError as exc:
        flash(str(exc), "error")
    return redirect(url_for("claims.show", claim_id=claim_id) + "#origin", 303)


@bp.post("/claims/<int:claim_id>/alignment/source")
@login_required
def attach(claim_id: int):
    try:
        origins.attach_as_source(get_session(), claim_id=claim_id, origin_id=request.form.get("origin_id", type=whole_number) or 0,
                                 actor=current_user.user)
        flash("The origin passage is now a source of this claim.", "info")
    except (origins.OriginError, claims.ClaimError) as exc:
        flash(str(exc), "error")
    except claims.Conflict:
        flash("Someone changed this claim meanwhile; try again.", "error")
    except claims.NotFound:
        abort(404)
    return redirect(url_for("claims.show", claim_id=claim_id) + "#origin", 303)
