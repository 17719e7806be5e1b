"""The web layer: create_app() and one blueprint per feature. Thin: parse, call a service, render."""
from __future__ import annotations

from typing import Any

from flask import Flask, render_template
from flask_htmx import HTMX
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.middleware.proxy_fix import ProxyFix

from factcheck import db, settings
from factcheck.paths import resource_dir
from factcheck.sanitize import render_rich_text
from factcheck.services.articles import MAX_BYTES, size_label
from factcheck.urls import display_domain, http_link
from factcheck.web.params import IdConverter

# A request may carry one file of the full MAX_BYTES plus its multipart framing and the small form
# fields; the allowance is under 1 MB, so the 413 message (rounded down) names the same 20 MB.
FORM_ALLOWANCE = 256 * 1024
MAX_UPLOAD = MAX_BYTES + FORM_ALLOWANCE

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


class Config:
    TESTING = False
    MAX_CONTENT_LENGTH = MAX_UPLOAD
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    ARTICLES_PER_PAGE = 25

    @classmethod
    def from_env(cls) -> dict[str, Any]:
        return {"SECRET_KEY": settings.secret_key(), "DATABASE_URL": settings.database_url(),
                "SESSION_COOKIE_SECURE": settings.https(), "INSTANCE": str(settings.instance_path()),
                "PROXY_HOPS": settings.proxy_hops(), "STALE_DAYS": settings.stale_days()}


def _unauthorized():
    """To the login page; for htmx, a full-page redirect back to where the user was."""
    from flask import flash, redirect, request, url_for
    from urllib.parse import urlsplit

    flash("Please log in to continue. Text you were typing is kept in this browser.", "info")
    if request.headers.get("HX-Request") == "true":
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        target = url_for("auth.login", next=current.path or "/")
        return "", 401, {"HX-Redirect": target}
    return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else request.referrer and urlsplit(request.referrer).path))


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask("factcheck", template_folder=str(resource_dir("templates")),
                static_folder=str(resource_dir("static")))
    app.config.from_object(Config)
    if test_config is None or "DATABASE_URL" not in test_config or "SECRET_KEY" not in test_config:
        app.config.update(Config.from_env())
    if test_config:
        app.config.update(test_config)

    if app.config.get("PROXY_HOPS"):
        # Behind a reverse proxy the client address (login throttling) comes from X-Forwarded-For.
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    db.init_app(app)
    CSRFProtect(app)
    app.extensions["htmx_ext"] = HTMX(app)

    from factcheck.web import articles, auth, claims, health, origins, reports
    from factcheck.web import activity, admin, exports

    app.url_map.converters["int"] = IdConverter
    auth.init_app(app)
    auth.login_manager.unauthorized_handler(_unauthorized)
    app.register_blueprint(auth.bp)
    app.register_blueprint(articles.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(claims.bp)
    app.register_blueprint(activity.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(reports.bp)
    app.register_blueprint(origins.bp)
    app.jinja_env.filters["rich_text"] = render_rich_text
    app.jinja_env.filters["domain"] = display_domain
    app.jinja_env.filters["http_link"] = http_link
    app.jinja_env.globals["upload_limit"] = size_label(MAX_BYTES)

    @app.before_request
    def mark_nul_in_address():
        # No database holds a NUL character (PostgreSQL refuses it): in a search or filter it
        # becomes U+FFFD, shown in the form and matching nothing, as any other odd value would.
        from flask import request
        from werkzeug.datastructures import ImmutableMultiDict

        if "%00" in request.query_string.decode("ascii", "replace"):
            request.args = ImmutableMultiDict(
                (key.replace("\x00", "\ufffd"), value.replace("\x00", "\ufffd"))
                for key, value in request.args.items(multi=True))

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_unavailable(_error):
        # Rendered without context processors: flask-login's would ask the database who is logged in.
        return app.jinja_env.get_template("errors/503.html").render(), 503, {"Retry-After": "30"}

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        from flask import request
        from flask_login import current_user

        if not current_user.is_authenticated and request.endpoint != "auth.login":
            # The session ended (taking its CSRF secret with it): log in again, text kept.
            return _unauthorized()
        # What was typed comes back to copy; the token and any password do not.
        fields = [(name, value) for name, value in request.form.items(multi=True)
                  if name != "csrf_token" and "password" not in name.lower() and value.strip()]
        then = ("Your text is below: copy it, go back, reload the page and submit again." if fields
                else "Go back, reload the page and submit again.")
        return render_template("errors/400.html", fields=fields, message=(
            f"Your form expired or came from another site, so nothing was saved. {then}")), 400

    @app.errorhandler(413)
    def too_large(_error):
        message = (f"The upload is larger than {size_label(app.config['MAX_CONTENT_LENGTH'])}. Send fewer "
                   "files at once, or import large files with the command line.")
        htmx = app.extensions["htmx_ext"]
        if htmx and not htmx.boosted:
            # htmx swaps no error response; app.js shows this fragment's message instead.
            return render_template("errors/_message.html", message=message), 413
        return render_template("errors/400.html", message=message), 413

    @app.errorhandler(404)
    def not_found(_error):
        return render_template("errors/404.html"), 404

    return app
