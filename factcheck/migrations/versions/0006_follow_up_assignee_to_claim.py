"""follow-up assignments reach the claim: copy a claim item's assignee onto the claim

Until now, assigning a claim's follow-up from the report stored the assignee on the follow-up
only, where the fact-checker (who cannot open the report) never saw it. Assigning now assigns
the claim itself; this carries the older assignments over, for claims nobody else has, newest
decision first. (A schema step, not a user's change: it writes no audit event.)

Revision ID: 0006
Revises: 0005
"""
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        UPDATE claim_unit SET
            assignee_id = (SELECT f.assignee_id FROM follow_up f
                           WHERE f.claim_id = claim_unit.id AND f.assignee_id IS NOT NULL
                           ORDER BY f.updated_at DESC, f.id DESC LIMIT 1),
            version = version + 1
        WHERE assignee_id IS NULL
          AND EXISTS (SELECT 1 FROM follow_up f WHERE f.claim_id = claim_unit.id AND f.assignee_id IS NOT NULL)""")


def downgrade() -> None:
    pass  # the copied assignments stay: they are what the editors asked for
