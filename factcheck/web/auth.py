"""Login, logout and who may see what."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_required, login_user, logout_user

from factcheck.db import get_session
from factcheck.models import EDITOR_ROLES, User
from factcheck.services import users
from factcheck.services.throttle import LoginThrottle

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to continue."


class SessionUser:
    """The flask-login view of a User; a disabled account is no longer logged in."""

    def __init__(self, user: User):
        self.user = user
        self.id = user.id
        self.username = user.username
        self.role = user.role
        self.is_authenticated = True
        self.is_active = not user.disabled
        self.is_anonymous = False

    def get_id(self) -> str:
        return str(self.user.id)


def init_app(app) -> None:
    login_manager.init_app(app)
    # Per process: with several workers each keeps its own counts (see services/throttle.py).
    app.extensions["login_throttle"] = LoginThrottle()
    app.register_error_handler(403, _forbidden)


def _forbidden(_error):
    return render_template("errors/403.html"), 403


# Who may do what: fact-checker < editor < admin. Each view names the roles it admits.
EDITORS = EDITOR_ROLES
ADMINS = ("admin",)


def role_required(*roles: str) -> Callable:
    """Admit logged-in users whose role is one of `roles`: anonymous -> the login page, others -> 403."""
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


@login_manager.user_loader
def load_user(user_id: str):
    try:
        user = get_session().get(User, int(user_id))
    except ValueError:
        return None
    if user is None or user.disabled:
        return None
    return SessionUser(user)


def _safe_next(target: str | None) -> str:
    # Only same-site paths: never let ?next= send someone elsewhere.
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and not urlsplit(target).netloc):
        return target
    return url_for("articles.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        throttle: LoginThrottle = current_app.extensions["login_throttle"]
        refusal = throttle.check(username=username, address=request.remote_addr)
        if refusal is not None:
            # Refused before the password is even checked: no guess gets through, no scrypt spent.
            flash(refusal.message, "error")
            response = current_app.make_response(
                (render_template("auth/login.html", username=username), 429))
            response.headers["Retry-After"] = str(max(1, int(refusal.retry_after + 0.999)))
            return response
        user = users.authenticate(get_session(), username=username,
                                  password=request.form.get("password", ""))
        if user is None:
            throttle.failure(username=username, address=request.remote_addr)
            flash("That username and password do not match an active account.", "error")
            return render_template("auth/login.html", username=username), 401
        throttle.success(username=username)
        login_user(SessionUser(user))
        return redirect(_safe_next(request.args.get("next")), 303)
    if current_user.is_authenticated:
        return redirect(url_for("articles.index"))
    return render_template("auth/login.html", username="")


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"), 303)
