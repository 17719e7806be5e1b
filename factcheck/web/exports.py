"""Exports for editors and admins: the audit trail as CSV, streamed."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, current_app, render_template, request, stream_with_context
from flask_login import current_user
from sqlmodel import col, select

from factcheck.db import get_session
from factcheck.models import AuditEvent, User
from factcheck.services import exports
from factcheck.timeutil import utcnow
from factcheck.web.auth import EDITORS, role_required
from factcheck.web.params import whole_number

bp = Blueprint("exports", __name__, url_prefix="/exports")


def _date(name: str, label: str) -> date | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise exports.ExportError(f"the {label} date must look like 2026-01-16") from None


def _filters() -> exports.AuditFilters:
    """AuditFilters from the query string; ExportError says which field is wrong."""
    article = request.args.get("article", "").strip()
    try:
        article_id = whole_number(article) if article else None
    except ValueError:
        raise exports.ExportError("the article must be a number (the id in its address)") from None
    return exports.AuditFilters(
        date_from=_date("from", "start"), date_to=_date("to", "end"),
        username=request.args.get("user", "").strip() or None,
        article_id=article_id,
        action=request.args.get("action", "").strip() or None)


def _query_args(filters: exports.AuditFilters) -> dict[str, str]:
    """The filters as this page's query string, for the download link."""
    values = {"from": filters.date_from, "to": filters.date_to, "user": filters.username,
              "article": filters.article_id, "action": filters.action}
    return {key: str(value) for key, value in values.items() if value not in (None, "")}


def _choices() -> dict:
    session = get_session()
    return {"usernames": session.exec(select(User.username).order_by(col(User.username))).all(),
            "actions": session.exec(select(AuditEvent.action).distinct().order_by(col(AuditEvent.action))).all()}


@bp.get("")
@role_required(*EDITORS)
def index():
    """The filter form and, for the filters given, how many events the CSV will hold."""
    htmx = current_app.extensions["htmx_ext"]
    partial = bool(htmx and not htmx.boosted)
    error, count = None, None
    try:
        filters = _filters()
        exports.check_filters(get_session(), filters)
        count = exports.count_audit(get_session(), filters)
    except exports.ExportError as exc:
        error, filters = str(exc), None
    context = {"error": error, "count": count, "args": request.args,
               "query": _query_args(filters) if filters else {}}
    # 422, not 400: htmx swaps 422 in (base.html's responseHandling), so the message shows.
    status = 422 if error else 200
    if partial:
        return render_template("exports/_preview.html", **context), status
    return render_template("exports/index.html", **context, **_choices()), status


@bp.get("/audit.csv")
@role_required(*EDITORS)
def audit_csv():
    session = get_session()
    try:
        export = exports.export_audit(session, filters=_filters(), actor=current_user.user, via="web")
    except exports.ExportError as exc:
        return render_template("errors/400.html", message=f"Cannot export: {exc}."), 400
    filename = f"audit-{utcnow():%Y%m%d-%H%M%S}.csv"

    def stream():
        # Flask tears the request down (closing the request's session) before the body is sent;
        # the rows are then read on a fresh connection of that session, which must be handed
        # back when the last row is sent or the client goes away, not whenever GC gets to it.
        try:
            yield from export.chunks
        finally:
            session.close()

    response = Response(stream_with_context(stream()), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8; header=present"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    # The page's progress bar reads this: rows to expect before the first byte arrives.
    response.headers["X-Export-Rows"] = str(export.rows)
    return response
