"""Backup and restore round trip on both databases: same counts, audit chain intact."""
from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from factcheck.db import make_engine
from tests.cli.test_cli import run

TABLES = ("article", "claim_unit", "verdict", "source", "comment", "audit_event", "publication", "\"user\"")


def _counts(url):
    engine = make_engine(url)
    with Session(engine) as session:
        counts = {t: session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}
    engine.dispose()
    return counts


def test_backup_and_restore_round_trip(database_url, tmp_path):
    env = {"DATABASE_URL": database_url, "FACTCHECK_INSTANCE": str(tmp_path / "instance")}
    assert run(["demo", "--no-serve"], env).returncode == 0
    before = _counts(database_url)
    assert before["verdict"] >= 2 and before["audit_event"] > 10
    target = tmp_path / "backup.dump"
    result = run(["backup", str(target)], env)
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 0

    # Work after the backup: it must be gone after the restore.
    assert run(["user", "create", "later", "--role", "editor", "--password-stdin"], env,
               input="a long passphrase\n").returncode == 0
    assert _counts(database_url) != before
    result = run(["restore", str(target), "--yes"], env)
    assert result.returncode == 0, result.stderr
    assert _counts(database_url) == before
    verify = run(["audit", "verify"], env)
    assert verify.returncode == 0 and f"{before['audit_event']} events" in verify.stdout


def test_restore_refuses_a_file_that_is_not_a_backup(database_url, tmp_path):
    env = {"DATABASE_URL": database_url, "FACTCHECK_INSTANCE": str(tmp_path / "instance")}
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a backup")
    result = run(["restore", str(bogus), "--yes"], env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and ("not a factcheck" in result.stderr or "pg_restore failed" in result.stderr)
    missing = run(["restore", str(tmp_path / "missing.db"), "--yes"], env)
    assert missing.returncode == 1 and "no such backup file" in missing.stderr
