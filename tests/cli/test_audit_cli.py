"""`factcheck audit verify` as an admin runs it, after tampering behind the app's back, on both databases."""
from __future__ import annotations

import re

import pytest
from sqlmodel import Session

from factcheck.db import make_engine
from tests.cli.test_cli import run
from tests.services.test_audit import _behind_the_apps_back, _events


@pytest.fixture
def trail(database_url, tmp_path):
    """Five audit events; yields (env for the CLI, the events, a session to tamper with)."""
    engine = make_engine(database_url)
    with Session(engine, expire_on_commit=False) as session:
        events = _events(session, 5)
        yield {"DATABASE_URL": database_url, "FACTCHECK_INSTANCE": str(tmp_path / "instance")}, events, session
    engine.dispose()


def _broken_at(result) -> int:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    found = re.search(r"audit chain broken at event (\d+)", result.stderr)
    assert found, result.stderr
    return int(found.group(1))


def test_verify_prints_the_head_and_accepts_it_later(trail):
    env, events, session = trail
    result = run(["audit", "verify"], env)
    assert result.returncode == 0, result.stderr
    assert "intact: 5 events" in result.stdout
    assert f"Head: {events[-1].hash} (event {events[-1].id})" in result.stdout
    _events(session, 1)
    later = run(["audit", "verify", "--head", events[-1].hash], env)
    assert later.returncode == 0, later.stderr
    assert "intact: 6 events" in later.stdout and "recorded head is still in the chain" in later.stdout


def test_verify_names_an_altered_event(trail):
    env, events, session = trail
    _behind_the_apps_back(session, f"UPDATE audit_event SET action = 'forged' WHERE id = {events[2].id}")
    result = run(["audit", "verify"], env)
    assert _broken_at(result) == events[2].id
    assert "altered" in result.stderr and "2 events before it are intact" in result.stderr


def test_verify_names_the_event_after_a_removed_middle_one(trail):
    env, events, session = trail
    _behind_the_apps_back(session, f"DELETE FROM audit_event WHERE id = {events[2].id}")
    result = run(["audit", "verify"], env)
    assert _broken_at(result) == events[3].id
    assert "removed" in result.stderr


def test_verify_notices_the_newest_events_removed(trail):
    env, events, session = trail
    head = events[-1].hash
    _behind_the_apps_back(session, f"DELETE FROM audit_event WHERE id >= {events[3].id}")
    result = run(["audit", "verify"], env)
    assert _broken_at(result) == events[-1].id
    assert "newest 2 event(s) were removed" in result.stderr and f"ends at event {events[2].id}" in result.stderr
    anchored = run(["audit", "verify", "--head", head], env)
    assert anchored.returncode == 1 and "Traceback" not in anchored.stderr


def test_an_anchor_not_in_the_chain_fails(trail):
    env, _events_, _session = trail
    result = run(["audit", "verify", "--head", "ab" * 32], env)
    assert result.returncode == 1
    assert "no longer in the chain" in result.stderr and "Traceback" not in result.stderr


def test_a_malformed_anchor_is_refused(trail):
    env, _events_, _session = trail
    result = run(["audit", "verify", "--head", "not-a-hash"], env)
    assert result.returncode == 2 and "64-character hash" in result.stderr
