"""Engine and sessions. The engine is made by create_app or the CLI, never at import."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlmodel import Session, create_engine


class DatabaseURLError(ValueError):
    """A DATABASE_URL that cannot be used, with what to do about it."""


def make_engine(url: str, **kwargs) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseURLError(
            f"DATABASE_URL {url!r} is not a database URL; use e.g. sqlite:///path/factcheck.db "
            "or postgresql+psycopg://user@host:5432/dbname") from None
    backend = parsed.get_backend_name()
    if backend not in {"sqlite", "postgresql"}:
        raise DatabaseURLError(f"DATABASE_URL uses {backend!r}; factcheck supports sqlite and postgresql")
    if backend == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseURLError(
                    f"cannot create the folder {folder} for the SQLite database in DATABASE_URL "
                    f"({exc.strerror or exc}); point DATABASE_URL at a folder you can write, "
                    "e.g. sqlite:////var/lib/factcheck/factcheck.db") from None
        kwargs.setdefault("connect_args", {"timeout": 15})
    else:
        kwargs.setdefault("pool_pre_ping", True)
        kwargs.setdefault("connect_args", {"connect_timeout": 5})
    try:
        engine = create_engine(parsed, **kwargs)
    except (ImportError, ArgumentError):
        # create_engine loads the driver named after the '+'; only the ones we install are certain.
        suggestion = ("postgresql+psycopg://user@host:5432/dbname (or postgresql://...)"
                      if backend == "postgresql" else "sqlite:///path/factcheck.db")
        raise DatabaseURLError(
            f"DATABASE_URL asks for the driver {parsed.drivername!r}, which is not installed or not "
            f"supported; use {suggestion}") from None
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def init_app(app) -> None:
    """Give the app an engine and a per-request session in flask.g."""
    from flask import g

    app.extensions["engine"] = make_engine(app.config["DATABASE_URL"])

    @app.teardown_appcontext
    def close_session(_exc):
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


def get_session() -> Session:
    from flask import current_app, g

    if "db_session" not in g:
        g.db_session = Session(current_app.extensions["engine"], expire_on_commit=False)
    return g.db_session
