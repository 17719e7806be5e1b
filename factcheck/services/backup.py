"""Backups: SQLite's online backup API, or pg_dump/pg_restore for PostgreSQL. No Flask."""
from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import Engine, make_url

from factcheck import migrate


class BackupError(RuntimeError):
    """A backup or restore that could not be done, with what to do about it."""


def write_plan(target: Path) -> tuple[Path, Path | None]:
    """Where to write target: (the file, its .part to write first) or (a device or FIFO, None).

    A symlink is followed, so the link stays and the file it names gets the data. A regular file
    or a new path is written aside and moved in place once complete; a device or FIFO cannot be
    replaced, so it is written straight into. The CLI's --out uses this too. OSError names the path.
    """
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    try:
        regular = stat.S_ISREG(real.stat().st_mode)
    except (FileNotFoundError, NotADirectoryError):
        regular = True  # a new file; its folders may be missing too
    if not regular:
        return real, None
    partial = real.with_name(real.name + ".part")
    if partial.is_dir() and not partial.is_symlink():
        raise IsADirectoryError(errno.EISDIR, "a folder is in the way; move it", str(partial))
    if os.path.lexists(partial):
        partial.unlink()  # left by an interrupted run
    return real, partial


def _sqlite_path(engine: Engine, doing: str = "backed up") -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError(f"an in-memory SQLite database cannot be {doing}")
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


def _dump(engine: Engine, path: Path) -> None:
    """A consistent copy of the database into the new file at path."""
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(_sqlite_path(engine))
        try:
            copy = sqlite3.connect(os.fsencode(path))  # bytes: a name need not be UTF-8
            try:
                source.backup(copy)  # consistent even while the app writes
            finally:
                copy.close()
        except sqlite3.Error as exc:
            raise BackupError(f"cannot write {path}: {exc}") from None
        finally:
            source.close()
        return
    args, env = _pg_args(engine)
    done = subprocess.run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *args],
                          capture_output=True, text=True, env=env)
    if done.returncode:
        raise BackupError(f"pg_dump failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}")


def backup(engine: Engine, target: Path) -> None:
    """Write a consistent copy of the database to target (written aside, then moved in place).

    Missing folders are made. A device or FIFO target gets the copy written straight into it.
    """
    real, partial = write_plan(target)
    if partial is None:
        with tempfile.TemporaryDirectory(prefix="factcheck-backup-") as folder:
            copy = Path(folder) / "backup"
            _dump(engine, copy)
            with copy.open("rb") as data, open(real, "wb") as out:
                shutil.copyfileobj(data, out)
        return
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot create the folder {real.parent} for the backup: {exc.strerror or exc}") from None
    try:
        _dump(engine, partial)
        os.replace(partial, real)
    finally:
        partial.unlink(missing_ok=True)


def _pg_revisions(source: Path) -> list[str]:
    """The alembic revisions stored in a pg_dump archive (empty when it has none)."""
    done = subprocess.run([_tool("pg_restore"), "--data-only", "--table=alembic_version", "--file=-", str(source)],
                          capture_output=True, text=True)
    if done.returncode:
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else str(done.returncode)
        raise BackupError(f"pg_restore failed: {last}")
    lines = done.stdout.splitlines()
    start = next((n for n, line in enumerate(lines) if line.startswith("COPY public.alembic_version ")), None)
    if start is None:
        return []
    revisions = []
    for line in lines[start + 1:]:
        if line == "\\.":
            break
        revisions.append(line.strip())
    return revisions


def _refuse_newer(revisions: list[str], source: Path) -> None:
    revision = migrate.unknown_revision(revisions)
    if revision:
        raise BackupError(str(migrate.NewerSchemaError(revision, what=str(source))) + " to restore it")


def restore(engine: Engine, source: Path) -> None:
    """Replace the database's contents with a backup made by backup().

    A backup a newer factcheck made is refused before anything is replaced.
    """
    target = _sqlite_path(engine, "restored into") if engine.dialect.name == "sqlite" else None
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    engine.dispose()
    if target is not None:
        try:
            # Read-only, through a file: URI; the name is quoted so ? # % in it stay part of the name.
            check = sqlite3.connect(f"file:{quote(os.fsencode(source))}?mode=ro", uri=True)
            try:
                revisions = [row[0] for row in check.execute("SELECT version_num FROM alembic_version")]
            finally:
                check.close()
        except sqlite3.DatabaseError:
            raise BackupError(f"{source} is not a factcheck SQLite backup") from None
        _refuse_newer(revisions, source)
        backup_db = sqlite3.connect(os.fsencode(source))
        try:
            copy = sqlite3.connect(target)
            try:
                backup_db.backup(copy)
            finally:
                copy.close()
        except sqlite3.Error as exc:
            raise BackupError(f"cannot restore into {target}: {exc}") from None
        finally:
            backup_db.close()
        return
    _refuse_newer(_pg_revisions(source), source)
    args, env = _pg_args(engine)
    done = subprocess.run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                           "--exit-on-error", *args, str(source)], capture_output=True, text=True, env=env)
    if done.returncode:
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else str(done.returncode)
        raise BackupError(f"pg_restore failed: {last}")
