"""Backups: SQLite's online backup API, or pg_dump/pg_restore for PostgreSQL. No Flask."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import Engine, make_url


class BackupError(RuntimeError):
    """A backup or restore that could not be done, with what to do about it."""


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(database)


def _pg_args(engine: Engine) -> tuple[list[str], dict[str, str]]:
    url = make_url(engine.url.render_as_string(hide_password=False))
    args = ["--host", url.host or "127.0.0.1", "--port", str(url.port or 5432),
            "--username", url.username or "postgres", "--dbname", url.database or ""]
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = url.password
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed; install the PostgreSQL client (Debian: postgresql-client)")
    return found


def backup(engine: Engine, target: Path) -> None:
    """Write a consistent copy of the database to target (written aside, then moved in place)."""
    partial = target.with_name(target.name + ".part")
    try:
        if engine.dialect.name == "sqlite":
            source = sqlite3.connect(_sqlite_path(engine))
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)  # consistent even while the app writes
            finally:
                copy.close()
                source.close()
        else:
            args, env = _pg_args(engine)
            done = subprocess.run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial), *args],
                                  capture_output=True, text=True, env=env)
            if done.returncode:
                raise BackupError(f"pg_dump failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def restore(engine: Engine, source: Path) -> None:
    """Replace the database's contents with a backup made by backup()."""
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    engine.dispose()
    if engine.dialect.name == "sqlite":
        try:
            check = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            check.execute("SELECT count(*) FROM alembic_version").fetchone()
            check.close()
        except sqlite3.DatabaseError:
            raise BackupError(f"{source} is not a factcheck SQLite backup") from None
        backup_db = sqlite3.connect(source)
        target = sqlite3.connect(_sqlite_path(engine))
        try:
            backup_db.backup(target)
        finally:
            target.close()
            backup_db.close()
        return
    args, env = _pg_args(engine)
    done = subprocess.run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                           "--exit-on-error", *args, str(source)], capture_output=True, text=True, env=env)
    if done.returncode:
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else str(done.returncode)
        raise BackupError(f"pg_restore failed: {last}")
