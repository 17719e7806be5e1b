import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from factcheck.models import AuditEvent
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
