"""editor's report: follow-up decisions, reviewer AI marks, published fact-checks

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("flag", sa.String(length=40), nullable=False),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("article.id"), nullable=False),
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("claim_unit.id"), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("assignee_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        # One decision per flag and target; claim_id 0 would be a lie, so article-level rows use NULL
        # and the service looks them up explicitly.
        sa.UniqueConstraint("flag", "article_id", "claim_id", name="uq_follow_up_target"),
    )
    for column in ("flag", "article_id", "claim_id", "state", "assignee_id", "decided_by_id"):
        op.create_index(f"ix_follow_up_{column}", "follow_up", [column])

    op.create_table(
        "ai_mark",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("article.id"), nullable=False),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_ai_mark_article_id", "ai_mark", ["article_id"])
    op.create_index("ix_ai_mark_author_id", "ai_mark", ["author_id"])

    op.create_table(
        "publication",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("claim_unit.id"), nullable=False),
        sa.Column("verdict_id", sa.Integer(), sa.ForeignKey("verdict.id"), nullable=False),
        sa.Column("approved_by_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
    )
    for column in ("claim_id", "verdict_id", "approved_by_id", "approved_at"):
        op.create_index(f"ix_publication_{column}", "publication", [column])


def downgrade() -> None:
    op.drop_table("publication")
    op.drop_table("ai_mark")
    op.drop_table("follow_up")
