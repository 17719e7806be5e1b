"""Account management for admins: list, create, disable/enable, set passwords."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from factcheck.db import get_session
from factcheck.models import Role, User
from factcheck.services import users
from factcheck.web.auth import ADMINS, role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _page(status: int = 200, *, error: str | None = None, form: dict | None = None):
    return render_template("admin/users.html", users=users.list_users(get_session()),
                           roles=[r.value for r in Role], error=error, form=form or {}), status


def _user(user_id: int) -> User:
    user = get_session().get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/users")
@role_required(*ADMINS)
def user_list():
    return _page()


@bp.post("/users")
@role_required(*ADMINS)
def user_create():
    username = request.form.get("username", "").strip()
    role = request.form.get("role", "")
    try:
        user = users.create(get_session(), username=username, role=role,
                            password=request.form.get("password", ""), actor=current_user.user)
    except users.UserError as exc:
        get_session().rollback()
        return _page(400, error=str(exc), form={"username": username, "role": role})
    flash(f"Created {user.role} {user.username}.", "info")
    return redirect(url_for("admin.user_list"), 303)


def _set_disabled(user_id: int, disabled: bool):
    user = _user(user_id)
    try:
        users.set_disabled(get_session(), user=user, disabled=disabled, actor=current_user.user)
    except users.UserError as exc:
        get_session().rollback()
        return _page(400, error=str(exc))
    flash(f"{user.username} is {'disabled; their sessions have ended' if disabled else 'enabled again'}.", "info")
    return redirect(url_for("admin.user_list"), 303)


@bp.post("/users/<int:user_id>/disable")
@role_required(*ADMINS)
def user_disable(user_id: int):
    return _set_disabled(user_id, True)


@bp.post("/users/<int:user_id>/enable")
@role_required(*ADMINS)
def user_enable(user_id: int):
    return _set_disabled(user_id, False)


@bp.post("/users/<int:user_id>/password")
@role_required(*ADMINS)
def user_password(user_id: int):
    user = _user(user_id)
    try:
        users.set_password(get_session(), user=user, password=request.form.get("password", ""),
                           actor=current_user.user)
    except users.UserError as exc:
        get_session().rollback()
        return _page(400, error=f"{user.username}: {exc}")
    flash(f"New password set for {user.username}. Give it to them in person or by phone.", "info")
    return redirect(url_for("admin.user_list"), 303)
