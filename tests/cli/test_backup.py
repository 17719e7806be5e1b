"""Backup and restore round trip on both databases: same counts, audit chain intact."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

import factcheck.models  # noqa: F401 - registers every table on SQLModel.metadata
from factcheck.db import make_engine
from tests.cli.test_cli import run

# Every table the models define, so a new one is in the round trip without anyone listing it.
TABLES = tuple(SQLModel.metadata.sorted_tables)


def _counts(url):
    engine = make_engine(url)
    with Session(engine) as session:
        counts = {t.name: session.execute(select(func.count()).select_from(t)).scalar_one() for t in TABLES}
    engine.dispose()
    return counts


def _work_the_demo_leaves_out(url):
    """Rows for the tables the demo may leave empty (reviewer AI marks, follow-up decisions)."""
    from factcheck.models import AIMark, Article, FollowUp, User
    from factcheck.services import reports

    engine = make_engine(url)
    with Session(engine) as session:
        article = session.exec(select(Article).order_by(Article.id)).scalars().first()
        editor = session.exec(select(User).where(User.role == "editor")).scalars().first()
        if not session.exec(select(func.count()).select_from(AIMark)).scalar_one():
            reports.mark_ai(session, article_id=article.id, reason="Reads like a rewrite", actor=editor)
        if not session.exec(select(func.count()).select_from(FollowUp)).scalar_one():
            reports.decide(session, flag="ai_reviewer", article_id=article.id, claim_id=None, actor=editor,
                           action="resolve", reason="Checked with the outlet")
    engine.dispose()


def test_backup_and_restore_round_trip(database_url, tmp_path):
    env = {"DATABASE_URL": database_url, "FACTCHECK_INSTANCE": str(tmp_path / "instance")}
    assert run(["demo", "--no-serve"], env).returncode == 0
    _work_the_demo_leaves_out(database_url)
    before = _counts(database_url)
    assert {"origin_document", "claim_alignment", "follow_up", "ai_mark", "publication"} <= set(before)
    empty = sorted(name for name, n in before.items() if n == 0)
    assert empty == [], f"the round trip proves nothing for empty tables: {empty}"
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
