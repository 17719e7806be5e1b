"""The claim panel and everything a fact-checker does on a claim.

Each write answers htmx with the panel partial and an HX-Trigger event, and a plain
form post with a 303 to the claim's page, so every form works without JavaScript.
"""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_htmx import make_response
from flask_login import current_user, login_required

from factcheck.db import get_session
from factcheck.models import RATINGS, STANCES
from factcheck.services import articles as article_service
from factcheck.services import claims
from factcheck.services.listing import article_progress
from factcheck.web.render import article_blocks

bp = Blueprint("claims", __name__)


def _htmx() -> bool:
    htmx = current_app.extensions["htmx_ext"]
    return bool(htmx) and not htmx.boosted


def _version() -> int | None:
    return request.form.get("version", type=int)


def _context(claim_id: int, **extra):
    session = get_session()
    try:
        panel = claims.panel(session, claim_id)
    except claims.NotFound:
        abort(404)
    return {"panel": panel, "ratings": RATINGS, "stances": STANCES, "users": claims.active_users(session),
            "today": date.today().isoformat(), "form": {}, "errors": {}, "conflict": None, **extra}


def _page_or_partial(claim_id: int, status: int = 200, trigger=None, **extra):
    context = _context(claim_id, **extra)
    if _htmx():
        body = render_template("claims/_panel.html", **context)
        return make_response(body, status, trigger=trigger) if trigger else (body, status)
    session = get_session()
    panel = context["panel"]
    all_claims = article_service.claim_units(session, panel.article.id)
    return render_template("articles/detail.html", article=panel.article, claims=all_claims,
                           blocks=article_blocks(panel.article.text, panel.article.blocks, all_claims),
                           ratings_by_claim=claims.latest_ratings(session, panel.article.id),
                           progress=article_progress(session, panel.article.id), **context), status


def _after_write(claim_id: int, event: str, **detail):
    if _htmx():
        claim = claims.get_claim(get_session(), claim_id)
        trigger = {event: {"claimId": claim_id, "articleId": claim.article_id, **detail}}
        return _page_or_partial(claim_id, trigger=trigger)
    return redirect(url_for("claims.show", claim_id=claim_id) + "#claim-panel", 303)


def _write(claim_id: int, action, event: str, detail=None):
    """Run one service call; a bad value or a conflict comes back with the typed text intact."""
    try:
        action()
    except claims.NotFound:
        abort(404)
    except claims.ClaimError as exc:
        return _page_or_partial(claim_id, 422, form=request.form, errors={"form": str(exc)})
    except claims.Conflict as exc:
        return _page_or_partial(claim_id, 409, form=request.form, conflict=exc.claim)
    return _after_write(claim_id, event, **(detail or {}))


@bp.get("/claims/<int:claim_id>")
@login_required
def show(claim_id: int):
    return _page_or_partial(claim_id)


@bp.post("/claims/<int:claim_id>/sources")
@login_required
def add_source(claim_id: int):
    form = request.form
    try:
        accessed = date.fromisoformat(form["accessed_on"]) if form.get("accessed_on") else None
    except ValueError:
        return _page_or_partial(claim_id, 422, form=form, errors={"form": "Date accessed must be YYYY-MM-DD."})
    return _write(claim_id, lambda: claims.add_source(
        get_session(), claim_id=claim_id, actor=current_user.user, url=form.get("url", ""),
        title=form.get("title", ""), publisher=form.get("publisher", ""), accessed_on=accessed,
        archive_url=form.get("archive_url"), excerpt=form.get("excerpt"), stance=form.get("stance", ""),
        version=_version()), "sourceAdded")


@bp.post("/claims/<int:claim_id>/sources/<int:source_id>/remove")
@login_required
def remove_source(claim_id: int, source_id: int):
    return _write(claim_id, lambda: claims.remove_source(
        get_session(), claim_id=claim_id, source_id=source_id, actor=current_user.user,
        version=_version()), "sourceRemoved")


@bp.post("/claims/<int:claim_id>/verdicts")
@login_required
def record_verdict(claim_id: int):
    form = request.form
    rating = form.get("rating", "")
    return _write(claim_id, lambda: claims.record_verdict(
        get_session(), claim_id=claim_id, rating=rating, rationale=form.get("rationale", ""),
        author=current_user.user, version=_version()), "verdictRecorded", {"rating": rating})


@bp.post("/claims/<int:claim_id>/assign")
@login_required
def assign(claim_id: int):
    form = request.form
    if form.get("to") == "me":
        assignee = current_user.user.id
    else:
        assignee = form.get("assignee_id", type=int)
    return _write(claim_id, lambda: claims.assign(
        get_session(), claim_id=claim_id, assignee_id=assignee, actor=current_user.user,
        version=_version()), "claimAssigned")


@bp.post("/claims/<int:claim_id>/comments")
@login_required
def add_comment(claim_id: int):
    return _write(claim_id, lambda: claims.add_comment(
        get_session(), claim_id=claim_id, body=request.form.get("body", ""), actor=current_user.user),
        "commentAdded")


@bp.get("/articles/<int:article_id>/progress")
@login_required
def progress(article_id: int):
    return render_template("articles/_progress.html", progress=article_progress(get_session(), article_id),
                           article_id=article_id)
