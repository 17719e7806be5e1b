"""The claim panel and everything a fact-checker does on a claim.

Each write answers htmx with the panel partial and an HX-Trigger event, and a plain
form post with a 303 to the claim's page, so every form works without JavaScript.
"""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_htmx import make_response
from flask_login import current_user, login_required

from factcheck.db import get_session
from factcheck.models import RATINGS, STANCES, Article
from factcheck.services import claims, corrections, origins
from factcheck.services.articles import locate
from factcheck.services.listing import article_progress
from factcheck.web.params import whole_number
from factcheck.web.articles import article_page

bp = Blueprint("claims", __name__)
# Form fields shown as "yours" beside what others saved, when a save meets a newer version.
CONFLICT_FIELDS = (("rating", "Rating"), ("rationale", "Rationale"), ("url", "URL"), ("title", "Title"),
                   ("publisher", "Publisher"), ("accessed_on", "Date accessed"), ("archive_url", "Archived copy"),
                   ("excerpt", "Excerpt"), ("stance", "Stance"), ("assignee_id", "Assign to"),
                   ("to", "Assign to"), ("start", "Start"), ("end", "End"))
# What a refused submission on a retired unit shows back, since its forms are gone.
TYPED_FIELDS = tuple(f for f in CONFLICT_FIELDS if f[0] not in ("to", "assignee_id")) + (
    ("body", "Comment"), ("before", "Split: the second part starts with"))


def _typed_back(form) -> list[tuple[str, str]]:
    return [(label, form[name].replace("_", " ").capitalize() if name == "rating" else form[name])
            for name, label in TYPED_FIELDS if form.get(name)]


def _htmx() -> bool:
    htmx = current_app.extensions["htmx_ext"]
    return bool(htmx) and not htmx.boosted


def _version() -> int | None:
    return _form_number("version", "the version")


def _form_number(name: str, label: str) -> int | None:
    """A number typed or sent in the form; a value that is not one is refused, never ignored."""
    raw = request.form.get(name, "").strip()
    if not raw:
        return None
    try:
        return whole_number(raw)
    except ValueError:
        raise claims.ClaimError(f"{label} must be a number (0-9 only)") from None


def _context(claim_id: int, **extra):
    session = get_session()
    try:
        panel = claims.panel(session, claim_id)
    except claims.NotFound:
        abort(404)
    alignment, sides = origins.side_by_side(session, panel.claim)
    if extra.get("conflict") is not None:
        extra["theirs"] = claims.changes_since(session, panel.claim, _version())
    typed_back = _typed_back(extra.get("form") or {}) if not panel.claim.active else []
    return {"panel": panel, "ratings": RATINGS, "stances": STANCES, "users": claims.active_users(session),
            "alignment": alignment, "sides": sides,
            "conflict_fields": CONFLICT_FIELDS, "typed_back": typed_back, "theirs": [],
            "today": date.today().isoformat(), "form": {}, "errors": {}, "conflict": None, **extra}


def _page_or_partial(claim_id: int, status: int = 200, trigger=None, **extra):
    context = _context(claim_id, **extra)
    if _htmx():
        body = render_template("claims/_panel.html", **context)
        return make_response(body, status, trigger=trigger) if trigger else (body, status)
    return article_page(get_session(), context["panel"].article, **context), status


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
        return _conflict(exc)
    return _after_write(claim_id, event, **(detail or {}))


def _conflict(exc: claims.Conflict):
    """409 with both versions; the article's highlight and progress catch up with theirs."""
    claim = exc.claim
    rating = claims.latest_ratings(get_session(), claim.article_id).get(claim.id)
    trigger = {"claimChanged": {"claimId": claim.id, "articleId": claim.article_id,
                                "status": claim.status, "rating": rating}}
    return _page_or_partial(claim.id, 409, trigger=trigger, form=request.form, conflict=claim)


@bp.get("/claims/<int:claim_id>")
@login_required
def show(claim_id: int):
    return _page_or_partial(claim_id)


def _source_form() -> dict:
    form = request.form
    try:
        accessed = date.fromisoformat(form["accessed_on"]) if form.get("accessed_on") else None
    except ValueError:
        raise claims.ClaimError("Date accessed must be YYYY-MM-DD.") from None
    return {"url": form.get("url", ""), "title": form.get("title", ""), "publisher": form.get("publisher", ""),
            "accessed_on": accessed, "archive_url": form.get("archive_url"), "excerpt": form.get("excerpt"),
            "stance": form.get("stance", ""), "version": _version()}


@bp.post("/claims/<int:claim_id>/sources")
@login_required
def add_source(claim_id: int):
    return _write(claim_id, lambda: claims.add_source(
        get_session(), claim_id=claim_id, actor=current_user.user, **_source_form()), "sourceAdded")


@bp.post("/claims/<int:claim_id>/sources/<int:source_id>")
@login_required
def edit_source(claim_id: int, source_id: int):
    return _write(claim_id, lambda: claims.edit_source(
        get_session(), claim_id=claim_id, source_id=source_id, actor=current_user.user, **_source_form()),
        "sourceEdited")


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
    me = request.form.get("to") == "me"
    return _write(claim_id, lambda: claims.assign(
        get_session(), claim_id=claim_id, actor=current_user.user, version=_version(),
        assignee_id=current_user.user.id if me else _form_number("assignee_id", "the assignee")),
        "claimAssigned")


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


def _structural(article_id: int, claim_id: int | None, action):
    """Corrections change the text's markup: reload the page (htmx) or redirect (plain form)."""
    try:
        result = action()
    except claims.NotFound:
        abort(404)
    except claims.ClaimError as exc:
        if claim_id is None:
            flash(str(exc), "error")
            return redirect(url_for("articles.detail", article_id=article_id), 303)
        return _page_or_partial(claim_id, 422, form=request.form, errors={"correct": str(exc)})
    except claims.Conflict as exc:
        return _conflict(exc)
    target_id = result.id if hasattr(result, "id") else (result[0].id if result else None)
    target = (url_for("claims.show", claim_id=target_id) if target_id
              else url_for("articles.detail", article_id=article_id))
    if _htmx():
        return "", 200, {"HX-Redirect": target}
    return redirect(target, 303)


def _claim_or_404(session, claim_id: int):
    try:
        return claims.get_claim(session, claim_id)
    except claims.NotFound:
        abort(404)


def _split_point(claim, form) -> int:
    at = form.get("at", "").strip()
    if at.isdigit():
        try:
            return whole_number(at)
        except ValueError:
            raise claims.ClaimError("the split point must be an offset in the article (0-9 only)") from None
    words = form.get("before", "")
    if not words.strip():
        raise claims.ClaimError("type the words the second part starts with")
    index = claim.text.find(words.strip(), 1)
    if index <= 0:
        raise claims.ClaimError(f"\u201c{words.strip()}\u201d is not inside this claim (after its first character)")
    return claim.start + index


@bp.post("/claims/<int:claim_id>/split")
@login_required
def split(claim_id: int):
    session = get_session()
    claim = _claim_or_404(session, claim_id)
    return _structural(claim.article_id, claim_id, lambda: corrections.split(
        session, claim_id=claim_id, at=_split_point(claim, request.form), actor=current_user.user,
        version=_version()))


@bp.post("/claims/<int:claim_id>/merge")
@login_required
def merge(claim_id: int):
    session = get_session()
    claim = _claim_or_404(session, claim_id)
    return _structural(claim.article_id, claim_id, lambda: corrections.merge_next(
        session, claim_id=claim_id, actor=current_user.user, version=_version()))


@bp.post("/claims/<int:claim_id>/boundary")
@login_required
def boundary(claim_id: int):
    session = get_session()
    claim = _claim_or_404(session, claim_id)
    start, end = request.form.get("start", type=whole_number), request.form.get("end", type=whole_number)
    if start is None or end is None:
        return _page_or_partial(claim_id, 422, form=request.form, errors={"correct": "Start and end must be numbers."})
    return _structural(claim.article_id, claim_id, lambda: corrections.move_boundary(
        session, claim_id=claim_id, start=start, end=end, actor=current_user.user, version=_version()))


@bp.post("/claims/<int:claim_id>/not-claim")
@login_required
def not_claim(claim_id: int):
    session = get_session()
    claim = _claim_or_404(session, claim_id)
    return _structural(claim.article_id, claim_id, lambda: corrections.set_not_claim(
        session, claim_id=claim_id, actor=current_user.user, not_claim=request.form.get("value") != "claim",
        version=_version()))


@bp.post("/articles/<int:article_id>/units")
@login_required
def add_unit(article_id: int):
    session = get_session()
    article = session.get(Article, article_id)
    if article is None:
        abort(404)

    def action():
        start, end = request.form.get("start", type=whole_number), request.form.get("end", type=whole_number)
        if start is None or end is None:
            quote = request.form.get("quote", "").strip()
            if not quote:
                raise claims.ClaimError("type the exact text to mark as a claim unit")
            try:
                start, end = locate(article.text, quote)
            except ValueError as exc:
                raise claims.ClaimError(str(exc)) from None
        return corrections.add_unit(session, article_id=article_id, start=start, end=end, actor=current_user.user)

    try:
        unit = action()
    except claims.ClaimError as exc:
        # The article page again with the quote filled in; _structural's redirect would drop it.
        return article_page(session, article, typed={"unit": request.form}, form_errors={"unit": str(exc)}), 422
    target = url_for("claims.show", claim_id=unit.id)
    if _htmx():
        return "", 200, {"HX-Redirect": target}
    return redirect(target, 303)


@bp.post("/articles/<int:article_id>/restore")
@login_required
def restore(article_id: int):
    return _structural(article_id, None, lambda: corrections.restore_automatic(
        get_session(), article_id=article_id, actor=current_user.user))
