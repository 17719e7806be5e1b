"""Account and export commands, run as an admin runs them: a real process against real databases."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from sqlalchemy import insert
from sqlmodel import Session, select

from factcheck.db import make_engine
from factcheck.models import AuditEvent
from factcheck.services.exports import AUDIT_COLUMNS
from factcheck.timeutil import utcnow
from tests.cli.test_cli import run


@pytest.fixture
def env(database_url, tmp_path):
    return {"DATABASE_URL": database_url, "FACTCHECK_INSTANCE": str(tmp_path / "instance")}


@pytest.fixture
def db(database_url):
    engine = make_engine(database_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


def _create(env, name, role="fact-checker", password="a long passphrase"):
    result = run(["user", "create", name, "--role", role, "--password-stdin"], env, input=password + "\n")
    assert result.returncode == 0, result.stderr


def _events(db, action):
    return db.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def test_user_list_shows_roles_and_status(env):
    _create(env, "maria", "editor")
    _create(env, "joe")
    table = run(["user", "list"], env)
    assert table.returncode == 0, table.stderr
    assert re.search(r"^joe\s+fact-checker\s+active\s+created \d{4}-\d\d-\d\d$", table.stdout, re.M)
    assert re.search(r"^maria\s+editor\s+active", table.stdout, re.M)
    listed = json.loads(run(["user", "list", "--json"], env).stdout)
    assert [(u["username"], u["role"], u["disabled"]) for u in listed] == [
        ("joe", "fact-checker", False), ("maria", "editor", False)]


def test_disable_enable_and_set_password_are_audited_and_the_chain_stays_intact(env, db):
    _create(env, "joe")
    disabled = run(["user", "disable", "joe"], env)
    assert disabled.returncode == 0 and "joe is disabled" in disabled.stdout
    assert '"disabled": true' in run(["user", "list", "--json"], env).stdout
    assert run(["user", "enable", "joe"], env).returncode == 0
    changed = run(["user", "set-password", "joe", "--password-stdin"], env, input="another long passphrase\n")
    assert changed.returncode == 0 and "New password set for joe." in changed.stdout
    assert [e.action for e in db.exec(select(AuditEvent).where(AuditEvent.entity == "user")
                                      .order_by(AuditEvent.id)).all()] == ["create", "disable", "enable", "set_password"]
    assert _events(db, "set_password")[0].after == {"username": "joe"}
    assert run(["audit", "verify"], env).returncode == 0


def test_account_commands_explain_what_went_wrong(env):
    _create(env, "root", "admin")
    missing = run(["user", "disable", "nobody"], env)
    assert missing.returncode == 1 and "no user named 'nobody'" in missing.stderr
    short = run(["user", "set-password", "root", "--password-stdin"], env, input="short\n")
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
    last = run(["user", "disable", "root"], env)
    assert last.returncode == 1 and "last active admin" in last.stderr
    assert "Traceback" not in missing.stderr + short.stderr + last.stderr


def _bulk(db, n):
    db.execute(insert(AuditEvent), [
        {"at": utcnow(), "entity": "claim", "entity_id": i, "action": "edit", "after": {"n": i, "t": "ü"},
         "prev_hash": f"p{i:063d}", "hash": f"h{i:063d}"} for i in range(n)])
    db.commit()


def test_export_audit_writes_the_file_with_progress_on_stderr(env, db, tmp_path):
    _create(env, "maria", "editor")
    _bulk(db, 2500)
    out = tmp_path / "audit.csv"
    result = run(["export", "audit", "--out", str(out)], env)
    assert result.returncode == 0, result.stderr
    progress = re.findall(r"^exported ([\d,]+) of 2,501 events \((\d+)%\)$", result.stderr, re.M)
    assert progress == [("1,000", "39"), ("2,000", "79")]
    assert "Exported 2,501 audit events to" in result.stderr
    assert result.stdout == ""
    raw = out.read_bytes()
    assert raw.count(b"\r\n") == 2502 and "ü".encode() in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert rows[0] == [name for name, _ in AUDIT_COLUMNS]
    assert not (tmp_path / "audit.csv.part").exists()
    (event,) = _events(db, "export")
    assert event.actor_id is None and event.after["via"] == "cli" and event.after["rows"] == 2501


def test_export_audit_to_stdout_with_filters_and_no_progress_for_small_exports(env, db):
    _create(env, "maria", "editor")
    _create(env, "joe")
    result = run(["export", "audit", "--action", "create", "--from", "2000-01-01"], env)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert [r[3] for r in rows[1:]] == ["create", "create"]
    assert result.stderr.strip() == "Exported 2 audit events."
    assert _events(db, "export")[0].after["filters"] == {"action": "create", "date_from": "2000-01-01"}


@pytest.mark.parametrize("args, words", [
    (["--from", "2026-02-01", "--to", "2026-01-01"], "start date is after the end date"),
    (["--user", "nobody"], "no user named 'nobody'"),
    (["--article", "12345"], "no article 12345"),
])
def test_export_audit_refuses_bad_filters_with_a_message(env, db, args, words):
    result = run(["export", "audit", *args], env)
    assert result.returncode == 1 and words in result.stderr
    assert "Traceback" not in result.stderr
    assert _events(db, "export") == []


def test_export_audit_to_a_path_it_cannot_write_fails_before_recording_anything(env, db, tmp_path):
    target = tmp_path / "missing-folder" / "audit.csv"
    result = run(["export", "audit", "--out", str(target)], env)
    assert result.returncode == 1 and f"cannot write {target}" in result.stderr
    assert not target.exists()
    assert _events(db, "export") == []


def test_a_refused_export_leaves_no_partial_file(env, tmp_path):
    target = tmp_path / "audit.csv"
    result = run(["export", "audit", "--user", "nobody", "--out", str(target)], env)
    assert result.returncode == 1
    assert list(tmp_path.glob("audit.csv*")) == []
