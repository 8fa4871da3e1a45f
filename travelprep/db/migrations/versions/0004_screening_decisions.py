"""Research Compliance's decisions on restricted-party screening hits, one per trip, name and entity.

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screening_decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("trip_id", sa.Integer, sa.ForeignKey("trips.id", ondelete="CASCADE"), nullable=False),
        sa.Column("query_key", sa.Text, nullable=False),
        sa.Column("query", sa.String(200), nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("listed_name", sa.String(500), nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("decided_by", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "decision IN ('false_positive', 'cleared', 'escalated')", name="ck_screening_decisions_decision"
        ),
    )
    op.create_index(
        "uq_screening_decisions_trip_query_entity",
        "screening_decisions",
        ["trip_id", "query_key", "entity_id"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_table("screening_decisions")
