"""claim units keep their history: active flag and origin (auto or manual)

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claim_unit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column("origin", sa.String(length=10), nullable=False, server_default="auto"))
        batch_op.create_index("ix_claim_unit_article_active", ["article_id", "active", "start"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claim_unit", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_unit_article_active")
        batch_op.drop_column("origin")
        batch_op.drop_column("active")
