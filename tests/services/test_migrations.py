from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel, select

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


def test_follow_up_assignments_made_before_0006_reach_their_claims(engine):
    from alembic import command
    from sqlmodel import Session

    from factcheck.migrate import alembic_config, upgrade
    from factcheck.models import ClaimUnit, FollowUp
    from factcheck.services import articles, users

    with Session(engine) as session:
        checker = users.create(session, username="checker", password="correct horse battery", role="fact-checker")
        editor = users.create(session, username="editor", password="correct horse battery", role="editor")
        raw = b"Port\n\nThe port handled 1.2 million containers. Volumes rose 8%. The mayor said so on Monday.\n"
        article = articles.import_bytes(session, raw=raw, filename="p.txt", actor=None).article
        first, second, third = (u.id for u in articles.claim_units(session, article.id))
        checker_id, editor_id, article_id = checker.id, editor.id, article.id
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
    with Session(engine) as session:
        # As the report used to store them: on the follow-up only.
        session.add(FollowUp(flag="unverified", article_id=article_id, claim_id=first, assignee_id=checker_id))
        session.add(FollowUp(flag="unsourced", article_id=article_id, claim_id=second, assignee_id=checker_id))
        claim = session.get(ClaimUnit, second)
        claim.assignee_id = editor_id  # someone already has this one: it stays theirs
        session.add(claim)
        session.commit()
        versions = {u.id: u.version for u in session.exec(select(ClaimUnit)).all()}
    upgrade(engine)
    with Session(engine) as session:
        after = {u.id: (u.assignee_id, u.version) for u in session.exec(select(ClaimUnit)).all()}
    assert after[first] == (checker_id, versions[first] + 1)
    assert after[second] == (editor_id, versions[second])
    assert after[third] == (None, versions[third])
