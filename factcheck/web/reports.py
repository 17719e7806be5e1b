"""The editor's report, follow-up decisions, reviewer AI marks, publishing and the public fact-check page."""
from __future__ import annotations

import json
from datetime import date
from urllib.parse import parse_qsl, urlencode

from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template, request,
                   stream_with_context, url_for)
from flask_htmx import make_response
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from factcheck import settings
from factcheck.db import get_session
from factcheck.models import EDITOR_ROLES, Article
from factcheck.services import claim_exports, claims, listing, publish, reports
from factcheck.services.articles import locate
from factcheck.standards import claim_review
from factcheck.web.params import choice_arg, published_range, whole_number
from factcheck.web.articles import article_page
from factcheck.web.auth import EDITORS, role_required

bp = Blueprint("reports", __name__)


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _snooze_date(value: str) -> date | None:
    value = value.strip()
    day = _date(value)
    if value and day is None:
        raise reports.ReportError(f"the snooze date must be a real day written YYYY-MM-DD, not “{value[:40]}”")
    return day


def _filters(args, notes: list[str]) -> reports.ReportFilter:
    """The report's filters; a hand-typed value it cannot use is named in `notes`."""
    start, end = published_range(args, notes)
    return reports.ReportFilter(date_from=start, date_to=end,
                                outlet=args.get("outlet", "")[:200], assignee_id=args.get("assignee", type=whole_number),
                                flag=choice_arg(args, "flag", "flag", reports.FLAGS, notes))


# The report's filters as they travel in links and in the queue's forms (the "query" field).
FILTER_ARGS = ("from", "to", "outlet", "assignee", "flag")


def _filter_args(args) -> dict[str, str]:
    return {key: args.get(key) for key in FILTER_ARGS if args.get(key)}


def _query(args, page: int = 1) -> str:
    """The filters (and queue page) of `args` as a query string: what a decision posts back, so
    the queue it re-renders (htmx) or redirects to (plain form) keeps them."""
    return urlencode({**_filter_args(args), **({"page": page} if page > 1 else {})})


def _stale_days() -> int:
    return int(current_app.config.get("STALE_DAYS", reports.STALE_DAYS))


def _context(args, **extra):
    session = get_session()
    notes: list[str] = []
    filters = _filters(args, notes)
    report = reports.build(session, filters=filters, stale_days=_stale_days())
    queue = reports.queue_page(report, page=args.get("page", 1, type=whole_number) or 1,
                               per_page=int(current_app.config.get("REPORT_PER_PAGE", 25)))
    users = claims.active_users(session)
    return {"report": report, "queue": queue, "filters": filters, "flags": reports.FLAGS,
            "outlets": listing.outlets(session), "users": users,
            "editors": [u for u in users if u.role in EDITOR_ROLES],
            "filter_args": _filter_args(args), "query": _query(args, queue.page),
            "flagless_args": {k: v for k, v in _filter_args(args).items() if k != "flag"},
            "today": date.today().isoformat(), "kappa_min": reports.KAPPA_MIN_PAIRS, "notes": notes, **extra}


@bp.get("/report")
@role_required(*EDITORS)
def index():
    htmx = current_app.extensions["htmx_ext"]
    context = _context(request.args)
    if htmx and not htmx.boosted:
        return render_template("reports/_queue.html", **context)
    return render_template("reports/report.html", **context)


@bp.post("/report/follow-up")
@role_required(*EDITORS)
def decide():
    form = request.form
    error = None
    try:
        reports.decide(get_session(), flag=form.get("flag", ""), article_id=form.get("article_id", type=whole_number) or 0,
                       claim_id=form.get("claim_id", type=whole_number), actor=current_user.user,
                       action=form.get("action", ""), assignee_id=form.get("assignee_id", type=whole_number),
                       reason=form.get("reason", ""), snoozed_until=_snooze_date(form.get("snoozed_until", "")))
    except reports.ReportError as exc:
        get_session().rollback()  # the queue shown below must not show a half-made decision
        error = str(exc)
    args = MultiDict(parse_qsl(form.get("query", "")[:2000]))
    back = _query(args, args.get("page", 1, type=whole_number) or 1)
    htmx = current_app.extensions["htmx_ext"]
    if htmx and not htmx.boosted:
        context = _refused(args, form, error) if error else _context(args)
        body = render_template("reports/_queue.html", **context)
        return make_response(body, 422 if error else 200, trigger=None if error else {"followUpDecided": {}})
    if error:
        return render_template("reports/report.html", **_refused(args, form, error)), 422
    return redirect(url_for("reports.index") + (f"?{back}" if back else ""), 303)


def _refused(args, form, error: str) -> dict:
    """The queue with the refused decision's typed values back in its item's form. If that item is
    not on this page (any more), the template shows the typed reason beside the error instead."""
    context = _context(args, error=error)
    key = (form.get("flag", ""), form.get("article_id", type=whole_number), form.get("claim_id", type=whole_number))
    shown = any((item.flag, item.article_id, item.claim_id) == key for item in context["queue"].items)
    return {**context, "kept": {"key": key, "action": form.get("action", ""), "form": form, "shown": shown}}


@bp.post("/articles/<int:article_id>/ai-mark")
@login_required
def mark_ai(article_id: int):
    form = request.form
    session = get_session()
    article = session.get(Article, article_id)
    if article is None:
        abort(404)
    start, end = form.get("start", type=whole_number), form.get("end", type=whole_number)
    quote = form.get("quote", "").strip()
    try:
        if quote and start is None:
            try:
                start, end = locate(article.text, quote)
            except ValueError as exc:
                raise reports.ReportError(str(exc)) from None
        reports.mark_ai(session, article_id=article_id, reason=form.get("reason", ""), actor=current_user.user,
                        start=start, end=end)
    except reports.ReportError as exc:
        # The article page again with the reason and quote filled in; a redirect would drop them.
        return article_page(session, article, typed={"ai_mark": form}, form_errors={"ai_mark": str(exc)}), 422
    flash("Marked as AI-generated; it is in the editors' follow-up queue.", "info")
    return redirect(url_for("articles.detail", article_id=article_id), 303)


@bp.post("/claims/<int:claim_id>/publish")
@role_required(*EDITORS)
def publish_claim(claim_id: int):
    session = get_session()
    try:
        publication = publish.approve(session, claim_id=claim_id, verdict_id=request.form.get("verdict_id", type=whole_number) or 0,
                                      editor=current_user.user)
    except claims.NotFound:
        abort(404)
    except claims.ClaimError as exc:
        flash(str(exc), "error")
        return redirect(url_for("claims.show", claim_id=claim_id), 303)
    flash("Published. The fact-check has a public page now.", "info")
    return redirect(url_for("reports.public", publication_id=publication.id), 303)


def claim_review_for(check: publish.FactCheck, page_url: str) -> dict:
    return claim_review(url=page_url, claim_text=check.claim.text, rating=check.verdict.rating,
                        published=check.publication.approved_at, publisher=settings.publisher(),
                        publisher_url=request.host_url.rstrip("/"), article_url=check.article.url,
                        article_title=check.article.title, article_outlet=check.article.outlet,
                        article_published=check.article.published_at, reviewer=check.author.username)


@bp.get("/fact-checks/<int:publication_id>")
def public(publication_id: int):
    """The public fact-check page: no login, ClaimReview JSON-LD embedded."""
    try:
        check = publish.fact_check(get_session(), publication_id)
    except claims.NotFound:
        abort(404)
    url = url_for("reports.public", publication_id=publication_id, _external=True)
    data = json.dumps(claim_review_for(check, url), ensure_ascii=False)
    # JSON-LD is data, not script: escape "<" so no text can close the element.
    json_ld = Markup(data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    return render_template("public/fact_check.html", check=check, json_ld=json_ld)


def _download(export, filename: str, mimetype: str) -> Response:
    session = get_session()

    def stream():
        # The request's session is torn down before the body is sent; the rows are read on a
        # fresh connection, handed back when the last chunk is sent or the client goes away.
        try:
            yield from export.chunks
        finally:
            session.close()

    response = Response(stream_with_context(stream()), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Export-Rows"] = str(export.rows)
    return response


@bp.get("/exports/claims.csv")
@role_required(*EDITORS)
def claims_csv():
    export = claim_exports.export_claims(get_session(), actor=current_user.user, via="web", stale_days=_stale_days())
    return _download(export, f"factcheck-claims-{date.today().isoformat()}.csv", "text/csv; charset=utf-8")


@bp.get("/exports/claimreview.json")
@role_required(*EDITORS)
def claimreview_json():
    export = claim_exports.export_claimreview(get_session(), actor=current_user.user, via="web",
                                              base_url=request.host_url.rstrip("/"), publisher=settings.publisher())
    return _download(export, "factcheck-claimreview.json", "application/ld+json")


@bp.get("/exports/annotations.jsonld")
@role_required(*EDITORS)
def annotations_jsonld():
    export = claim_exports.export_annotations(get_session(), actor=current_user.user, via="web",
                                              base_url=request.host_url.rstrip("/"))
    return _download(export, "factcheck-annotations.jsonld", "application/ld+json")
