"""Accounts: creation and password checks (scrypt via werkzeug)."""
from __future__ import annotations

import re
import secrets

from sqlmodel import Session, select
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
    if len(password) < MIN_PASSWORD:
        raise UserError(f"passwords need at least {MIN_PASSWORD} characters")
    if session.exec(select(User).where(User.username == username)).first():
        raise UserError(f"user {username!r} already exists")
    user = User(username=username, role=role,
                password_hash=generate_password_hash(password, method="scrypt"))
    session.add(user)
    session.flush()
    audit.record(session, actor=actor, entity="user", entity_id=user.id, action="create",
                 after={"username": username, "role": role})
    session.commit()
    return user


def authenticate(session: Session, *, username: str, password: str) -> User | None:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None or user.disabled or not check_password_hash(user.password_hash, password):
        return None
    return user
