"""audit head: the newest audit event, so that removing the newest events is noticed

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

GENESIS = "0" * 64
HEAD_REFUSAL = "audit_head only moves forward, one event at a time"
# The row the head must name after an update: a newer event than before, and the newest one.
# (Not "chained onto the old head": rows added behind the app's back must not stop the app
# from recording; verify reports them.)
NEWEST_EVENT = ("SELECT 1 FROM audit_event WHERE id = NEW.last_event_id AND hash = NEW.last_hash "
                "AND id > COALESCE(OLD.last_event_id, 0) AND id = (SELECT MAX(id) FROM audit_event)")


def upgrade() -> None:
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("last_event_id", sa.Integer(), nullable=True),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_audit_head_one_row"),
    )
    # Anchor the chain as it stands (a database migrated from 0004 may already hold events).
    op.execute(f"""
        INSERT INTO audit_head (id, event_count, last_event_id, last_hash)
        SELECT 1, (SELECT COUNT(*) FROM audit_event),
               (SELECT MAX(id) FROM audit_event),
               COALESCE((SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1), '{GENESIS}')""")
    # Like audit_event's triggers: the app only ever moves the head one event forward, onto the
    # newest event; anything else needs the triggers dropped first.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"""
            CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
            BEGIN SELECT RAISE(ABORT, '{HEAD_REFUSAL}'); END""")
        op.execute(f"""
            CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head
            WHEN NEW.id <> OLD.id OR NEW.event_count <> OLD.event_count + 1
                 OR NOT EXISTS ({NEWEST_EVENT})
            BEGIN SELECT RAISE(ABORT, '{HEAD_REFUSAL}'); END""")
    else:
        op.execute(f"""
            CREATE FUNCTION audit_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'UPDATE' THEN RAISE EXCEPTION '{HEAD_REFUSAL}'; END IF;
                IF NEW.id <> OLD.id OR NEW.event_count <> OLD.event_count + 1
                   OR NOT EXISTS ({NEWEST_EVENT})
                THEN RAISE EXCEPTION '{HEAD_REFUSAL}';
                END IF;
                RETURN NEW;
            END $$""")
        op.execute("""
            CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON audit_head
            FOR EACH ROW EXECUTE FUNCTION audit_head_guard()""")
        op.execute("""
            CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
            FOR EACH STATEMENT EXECUTE FUNCTION audit_head_guard()""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_head_no_delete")
        op.execute("DROP TRIGGER IF EXISTS audit_head_forward_only")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_head_forward_only ON audit_head")
        op.execute("DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_head")
        op.execute("DROP FUNCTION IF EXISTS audit_head_guard()")
    op.drop_table("audit_head")
