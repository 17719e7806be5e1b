"""Accounts: create, list, disable/enable, set passwords, check passwords (scrypt via werkzeug).

Every change writes one AuditEvent in the same transaction as the change itself.
"""
from __future__ import annotations

import os
import re
import secrets

from sqlmodel import Session, col, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from factcheck.models import Role, User
from factcheck.services import audit

USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,80}$")
MIN_PASSWORD = 10


class UserError(ValueError):
    pass


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def create(session: Session, *, username: str, password: str, role: str,
           actor: User | None = None) -> User:
    if not USERNAME.match(username):
        raise UserError("usernames are 2-80 letters, digits, '.', '_' or '-'")
    if role not in {r.value for r in Role}:
        raise UserError(f"unknown role {role!r}; use fact-checker, editor or admin")
    _check_password(password)
    if session.exec(select(User).where(User.username == username)).first():
        raise UserError(f"user {username!r} already exists")
    user = User(username=username, role=role, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    audit.record(session, actor=actor, entity="user", entity_id=user.id, action="create",
                 after={"username": username, "role": role})
    session.commit()
    return user


def authenticate(session: Session, *, username: str, password: str) -> User | None:
    if not USERNAME.match(username):  # no such account can exist (and NUL never reaches SQL)
        return None
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None or user.disabled or not check_password_hash(user.password_hash, password):
        return None
    return user


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"passwords need at least {MIN_PASSWORD} characters")


_SCRYPT = re.compile(r"scrypt(?::(\d+):(\d+):(\d+))?")


def hash_password(password: str) -> str:
    """werkzeug's scrypt (N=32768, r=8, p=1). FACTCHECK_PASSWORD_HASH may name other scrypt
    parameters, e.g. "scrypt:1024:8:1" for a test suite (as Django suites use a fast hasher);
    nothing but scrypt, and nothing below N=1024, is accepted. Checking reads the parameters
    from the stored hash, so hashes made with any setting keep working."""
    method = os.environ.get("FACTCHECK_PASSWORD_HASH", "scrypt")
    found = _SCRYPT.fullmatch(method)
    if found is None or (found.group(1) and int(found.group(1)) < 1024):
        raise UserError(f"FACTCHECK_PASSWORD_HASH={method!r} is not accepted; unset it, or give "
                        "scrypt:N:r:p with N at least 1024")
    return generate_password_hash(password, method=method)


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(col(User.username))).all())


def get_by_username(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise UserError(f"no user named {username!r}; `factcheck user list` shows them")
    return user


def _active_admins(session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)
                        .where(User.role == "admin", col(User.disabled).is_(False))).one()


def set_disabled(session: Session, *, user: User, disabled: bool, actor: User | None = None) -> User:
    """Disable (their sessions end at their next request) or re-enable an account."""
    if user.disabled == disabled:
        return user
    if disabled:
        if actor is not None and actor.id == user.id:
            raise UserError("you cannot disable your own account; ask another admin")
        if user.role == "admin" and _active_admins(session) <= 1:
            raise UserError(f"{user.username} is the last active admin; create another admin first")
    user.disabled = disabled
    session.add(user)
    session.flush()
    audit.record(session, actor=actor, entity="user", entity_id=user.id,
                 action="disable" if disabled else "enable",
                 before={"username": user.username, "disabled": not disabled},
                 after={"username": user.username, "disabled": disabled})
    session.commit()
    return user


def set_password(session: Session, *, user: User, password: str, actor: User | None = None) -> User:
    """Give an account a new password. The audit event names the account, never the password or hash."""
    _check_password(password)
    user.password_hash = hash_password(password)
    session.add(user)
    session.flush()
    audit.record(session, actor=actor, entity="user", entity_id=user.id, action="set_password",
                 after={"username": user.username})
    session.commit()
    return user
