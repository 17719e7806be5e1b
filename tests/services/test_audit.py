import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from factcheck.models import AuditEvent, AuditHead
from factcheck.services import audit


def _events(session, n):
    for i in range(n):
        audit.record(session, actor=None, entity="claim", entity_id=i, action="edit",
                     before={"text": f"old {i}"}, after={"text": f"new {i}", "note": "ünïcode"})
    session.commit()
    return session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()


def test_events_form_a_hash_chain_that_verifies(session):
    events = _events(session, 5)
    assert events[0].prev_hash == audit.GENESIS
    for earlier, later in zip(events, events[1:]):
        assert later.prev_hash == earlier.hash
    assert audit.verify(session) == (5, None)


@pytest.mark.parametrize("statement", ["UPDATE audit_event SET action = 'x'", "DELETE FROM audit_event"])
def test_the_database_refuses_update_and_delete(session, statement):
    _events(session, 2)
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(text(statement))
    session.rollback()
    assert audit.verify(session) == (2, None)


def _behind_the_apps_back(session, statement):
    """Alter the table the way an attacker with database access would: triggers off."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DROP TRIGGER audit_event_no_update"))
        session.execute(text("DROP TRIGGER audit_event_no_delete"))
    else:
        session.execute(text("SET session_replication_role = replica"))
    session.execute(text(statement))
    session.commit()


def test_verify_names_the_first_altered_event(session):
    events = _events(session, 4)
    _behind_the_apps_back(session, f"UPDATE audit_event SET after = '{{\"text\": \"forged\"}}' WHERE id = {events[2].id}")
    checked, broken = audit.verify(session)
    assert checked == 2
    assert broken.event_id == events[2].id
    assert "altered" in broken.reason


def test_verify_names_the_event_after_a_removed_one(session):
    events = _events(session, 4)
    _behind_the_apps_back(session, f"DELETE FROM audit_event WHERE id = {events[1].id}")
    checked, broken = audit.verify(session)
    assert checked == 1
    assert broken.event_id == events[2].id
    assert "removed" in broken.reason


def test_the_head_follows_every_append(session):
    events = _events(session, 3)
    head = session.get(AuditHead, 1)
    assert (head.event_count, head.last_event_id, head.last_hash) == (3, events[-1].id, events[-1].hash)
    result = audit.check(session)
    assert result.broken is None and (result.head_hash, result.head_event_id) == (events[-1].hash, events[-1].id)


@pytest.mark.parametrize("count", [1, 2])
def test_verify_notices_the_newest_events_removed(session, count):
    events = _events(session, 4)
    _behind_the_apps_back(session, f"DELETE FROM audit_event WHERE id >= {events[-count].id}")
    checked, broken = audit.verify(session)
    assert checked == 4 - count
    assert broken.event_id == events[-1].id
    assert f"newest {count} event(s) were removed" in broken.reason


def test_verify_notices_every_event_removed(session):
    events = _events(session, 2)
    _behind_the_apps_back(session, "DELETE FROM audit_event")
    checked, broken = audit.verify(session)
    assert checked == 0 and broken.event_id == events[-1].id and "removed" in broken.reason


def test_verify_notices_the_newest_event_replaced_by_a_rechained_one(session):
    events = _events(session, 3)
    _behind_the_apps_back(session, f"DELETE FROM audit_event WHERE id = {events[-1].id}")
    session.expunge_all()
    forged = AuditEvent(at=events[-1].at, entity="claim", entity_id=9, action="edit", after={"text": "forged"},
                        prev_hash=events[-2].hash, hash="")
    forged.hash = audit.chain_hash(forged.prev_hash, forged)
    session.add(forged)  # chained correctly, but the head still names the removed event
    session.commit()
    checked, broken = audit.verify(session)
    assert checked == 3 and broken.event_id == forged.id and "replaced" in broken.reason


def test_verify_notices_events_appended_without_moving_the_head(session):
    _events(session, 2)
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DROP TRIGGER audit_head_forward_only"))
        session.execute(text("UPDATE audit_head SET event_count = 1"))  # as if the last append skipped it
    else:
        _behind_the_apps_back(session, "UPDATE audit_head SET event_count = 1")
    session.commit()
    events = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    session.execute(text(f"UPDATE audit_head SET last_event_id = {events[0].id}, "
                         f"last_hash = '{events[0].hash}'"))
    session.commit()
    checked, broken = audit.verify(session)
    assert checked == 2 and broken.event_id == events[1].id and "added" in broken.reason


@pytest.mark.parametrize("statement", ["DELETE FROM audit_head", "UPDATE audit_head SET event_count = 0",
                                       "UPDATE audit_head SET event_count = event_count + 1"])
def test_the_database_refuses_to_move_the_head_except_onto_a_new_event(session, statement):
    _events(session, 2)
    with pytest.raises(DBAPIError, match="only moves forward"):
        session.execute(text(statement))
    session.rollback()
    assert audit.verify(session) == (2, None)


def test_verify_reports_a_missing_head(session):
    _events(session, 2)
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DROP TRIGGER audit_head_no_delete"))
        session.execute(text("DELETE FROM audit_head"))
        session.commit()
    else:
        _behind_the_apps_back(session, "DELETE FROM audit_head")
    checked, broken = audit.verify(session)
    assert checked == 2 and broken.event_id is None and "head row is missing" in broken.reason


def test_an_external_anchor_must_still_be_in_the_chain(session):
    events = _events(session, 4)
    anchor = events[1].hash
    assert audit.check(session, anchor=anchor).broken is None
    assert audit.check(session, anchor=audit.GENESIS).broken is None
    missing = audit.check(session, anchor="f" * 64).broken
    assert missing.event_id is None and "no longer in the chain" in missing.reason


def test_an_external_anchor_catches_a_chain_rewritten_with_its_head(session):
    """What the head alone cannot catch: a tamperer who recomputes every hash and the head."""
    events = _events(session, 3)
    anchor = events[-1].hash
    _behind_the_apps_back(session, "DELETE FROM audit_event")
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DROP TRIGGER audit_head_forward_only"))
    session.execute(text(f"UPDATE audit_head SET event_count = 0, last_event_id = NULL, last_hash = '{audit.GENESIS}'"))
    session.commit()
    session.expunge_all()
    _events(session, 2)  # a forged history, chained and anchored correctly
    assert audit.verify(session) == (2, None)
    broken = audit.check(session, anchor=anchor).broken
    assert broken is not None and "no longer in the chain" in broken.reason
