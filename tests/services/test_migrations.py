from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import factcheck.models  # noqa: F401
from factcheck.migrate import is_current


def test_migrations_build_exactly_the_models(engine):
    assert is_current(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == []


def test_the_audit_head_migration_anchors_an_existing_chain(engine):
    from alembic import command
    from sqlmodel import Session

    from factcheck.migrate import alembic_config, upgrade
    from factcheck.models import AuditEvent, AuditHead
    from factcheck.services import audit

    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    with Session(engine) as session:
        prev = audit.GENESIS
        for i in range(3):  # events written before the head existed
            event = AuditEvent(entity="claim", entity_id=i, action="edit", after={"n": i}, prev_hash=prev, hash="")
            event.hash = prev = audit.chain_hash(prev, event)
            session.add(event)
            session.commit()
        last_id = event.id
    upgrade(engine)
    with Session(engine) as session:
        head = session.get(AuditHead, 1)
        assert (head.event_count, head.last_event_id, head.last_hash) == (3, last_id, prev)
        audit.record(session, actor=None, entity="claim", entity_id=9, action="edit")
        session.commit()
        assert audit.verify(session) == (4, None)
